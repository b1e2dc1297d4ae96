package mprogsim.model.tcx;

/**
 * What an operation resolved before taking the lock (the syscall layer's fd lookups, each holding a reference)
 * and what it must drop on the way out.
 */
public final class OpContext {
    /** attach/detach/link_create: the prog looked up from its fd; link_update: the new prog. */
    public int prog;
    /** link_update and link_detach: the link looked up from its fd. */
    public int link;
    /** link_update: the old prog (BPF_F_REPLACE). */
    public int oldProg;
    /** How many prelock lookups are done. */
    public int lookupsDone;

    public void clear() {
        prog = 0;
        link = 0;
        oldProg = 0;
        lookupsDone = 0;
    }
}
