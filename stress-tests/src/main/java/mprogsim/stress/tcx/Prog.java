package mprogsim.stress.tcx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import mprogsim.stress.rcu.Rcu;

/**
 * A BPF program as readers see it: an object whose memory lives until it is freed. Running it checks its own
 * lifecycle and records misuse (a run after free, or after release under the configured release check) instead of
 * ignoring it. The reference count itself is control-plane state, kept by {@link ConcurrentTcx}.
 */
public final class Prog {
    public static final int LIVE = 0;
    public static final int RELEASED = 1;
    public static final int FREED = 2;

    private static final VarHandle LIFE;

    static {
        try {
            LIFE = MethodHandles.lookup().findVarHandle(Prog.class, "life", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final int id;
    private final boolean strictReleaseCheck;
    @SuppressWarnings("FieldMayBeFinal")
    private volatile int life = LIVE;
    /** The RCU counter value when the last reference went ({@link Rcu#advance()}); set before life leaves LIVE. */
    private long releasedAt;
    private final AtomicInteger runsAfterFree = new AtomicInteger();
    private final AtomicInteger runsAfterRelease = new AtomicInteger();

    Prog(int id, boolean strictReleaseCheck) {
        this.id = id;
        this.strictReleaseCheck = strictReleaseCheck;
    }

    /**
     * Runs the program for a reader inside its read-side section; the pass records what ran. Public so that
     * benchmarks can run the very same programs from other data structures.
     */
    public void run(Rcu.Reader reader, PassRecord pass) {
        int l = (int) LIFE.getAcquire(this);
        if (l != LIVE) {
            checkMisuse(l, reader, pass);
        }
        pass.ran(id);
    }

    private void checkMisuse(int l, Rcu.Reader reader, PassRecord pass) {
        if (l == FREED) {
            runsAfterFree.incrementAndGet();
            pass.misuse(PassRecord.USE_AFTER_FREE, id);
        } else if (strictReleaseCheck || reader.entrySnapshot() >= releasedAt) {
            // Under the rcu rule only a reader that entered after the release may not reach the prog.
            runsAfterRelease.incrementAndGet();
            pass.misuse(PassRecord.USE_AFTER_RELEASE, id);
        }
    }

    void markReleased(long at) {
        releasedAt = at;
        LIFE.setRelease(this, RELEASED);
    }

    void markFreed() {
        LIFE.setRelease(this, FREED);
    }

    public int life() {
        return (int) LIFE.getAcquire(this);
    }

    public int runsAfterFree() {
        return runsAfterFree.get();
    }

    public int runsAfterRelease() {
        return runsAfterRelease.get();
    }

    @Override
    public String toString() {
        return "p" + id;
    }
}
