package mprogsim.stress.tcx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The reader-visible memory of one bpf_mprog_bundle: its two entries (a and b) and the shared count. One object is
 * one allocation: when the control plane reuses a bundle slot, a fresh object stands for the new allocation, and a
 * reader still holding the old one finds it freed.
 */
final class Bundle {
    static final int LIVE = 0;
    static final int FREED = 2;

    private static final VarHandle COUNT;
    private static final VarHandle LIFE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(Bundle.class, "count", int.class);
            LIFE = l.findVarHandle(Bundle.class, "life", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Entry a;
    final Entry b;
    @SuppressWarnings("unused")
    private int count;
    @SuppressWarnings("FieldMayBeFinal")
    private volatile int life = LIVE;

    Bundle(int slots) {
        a = new Entry(this, slots);
        b = new Entry(this, slots);
    }

    Entry entry(int which) {
        return which == 0 ? a : b;
    }

    /** bundle->count is a plain int in the kernel; readers that use it read it once, like READ_ONCE. */
    void storeCount(int value) {
        COUNT.setOpaque(this, value);
    }

    int loadCount() {
        return (int) COUNT.getOpaque(this);
    }

    void markFreed() {
        LIFE.setRelease(this, FREED);
    }

    boolean freed() {
        return (int) LIFE.getAcquire(this) == FREED;
    }
}
