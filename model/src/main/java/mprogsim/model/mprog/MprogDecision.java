package mprogsim.model.mprog;

/**
 * What bpf_mprog_attach or bpf_mprog_detach decided, before any memory is written: the return value and, on
 * success, which edit to make where. One instance is reused per caller; nothing here allocates.
 */
public final class MprogDecision {
    public static final int NONE = 0;
    /** bpf_mprog_replace: WRITE_ONCE of one slot of the active entry. */
    public static final int REPLACE = 1;
    /** bpf_mprog_insert: copy into the peer, grow, write the new slot, count++. */
    public static final int INSERT = 2;
    /** bpf_mprog_delete: copy into the peer, shrink, count--, mark the prog for release. */
    public static final int DELETE = 3;

    public int ret;
    public int kind;
    /** The slot written (REPLACE), the slot of the new element in the peer (INSERT), or the slot removed (DELETE). */
    public int slot;
    /** bundle->count when the decision was taken. */
    public int total;
    /** The tuple written (REPLACE, INSERT) or removed (DELETE). */
    public int prog;
    public int link;
    /** REPLACE: the prog that was in the slot. */
    public int oldProg;
    /**
     * A detach without the empty-entry check (before kernel commit d210f9735e13) fetched slot -1 of an empty entry:
     * an out-of-bounds read. The decision then fails as the NULL it found there makes it fail.
     */
    public boolean readSlotBeforeFirst;

    public void reset() {
        readSlotBeforeFirst = false;
        ret = 0;
        kind = NONE;
        slot = -1;
        total = 0;
        prog = 0;
        link = 0;
        oldProg = 0;
    }

    void fail(int errno) {
        reset();
        ret = errno;
    }

    @Override
    public String toString() {
        String k = switch (kind) {
            case REPLACE -> "replace";
            case INSERT -> "insert";
            case DELETE -> "delete";
            default -> "none";
        };
        return k + "(ret=" + Errno.format(ret) + ", slot=" + slot + ", total=" + total + ", prog=" + prog + ", link="
                + link + ", old=" + oldProg + ")";
    }
}
