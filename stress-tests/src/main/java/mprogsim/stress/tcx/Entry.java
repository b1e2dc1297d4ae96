package mprogsim.stress.tcx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bpf_mprog_entry's fp_items as readers see them: an array of program pointers ending in NULL. The accesses
 * follow the kernel: memcpy and memmove into the peer are plain stores, bpf_mprog_replace's WRITE_ONCE is an opaque
 * store, and the reader's READ_ONCE is an opaque load.
 */
final class Entry {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Prog[].class);

    final Bundle bundle;
    final Prog[] fp;

    Entry(Bundle bundle, int slots) {
        this.bundle = bundle;
        this.fp = new Prog[slots];
    }

    void storePlain(int slot, Prog p) {
        SLOT.set(fp, slot, p);
    }

    void writeOnce(int slot, Prog p) {
        SLOT.setOpaque(fp, slot, p);
    }

    static Prog readOnce(Prog[] fp, int slot) {
        return (Prog) SLOT.getOpaque(fp, slot);
    }
}
