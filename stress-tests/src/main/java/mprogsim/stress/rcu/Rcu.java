package mprogsim.stress.rcu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A userspace RCU in the style of liburcu's memory-barrier flavour (urcu-mb): registered readers, each with its own
 * reader record, and a global grace-period counter.
 *
 * <p>A reader entering its outermost read-side section copies the counter into its record and issues a full fence
 * (so the copy is visible before any load inside the section); leaving, it clears the record with a release store.
 * {@link #synchronize()} advances the counter with one atomic add (a full fence after the updater's stores) and then
 * waits for every record that holds a value below the new counter. The counter is 64 bits and never wraps, so where
 * liburcu flips a phase bit twice (its per-thread word also carries the nesting count), one comparison suffices: a
 * reader that copied the counter after the advance holds a value at or above it and is never waited for, which keeps
 * a grace period from being stretched by readers that arrive after it started.
 *
 * <p>Why this design: the QSBR flavour has free read-side sections but needs every reader thread to announce
 * quiescent states, which JCStress actors, Lincheck threads and JMH workers do not do; the signal flavour and the
 * membarrier flavour need a way to force a barrier on other threads that Java does not offer. The price of urcu-mb is
 * one full fence per outermost enter.
 *
 * <p>call_rcu: callbacks are queued with the counter value read when they were queued and run by whichever
 * {@link #synchronize()} (or {@link #barrier()}) first completes a grace period that started after that read. There
 * is no reclaimer thread, so tests stay deterministic under Lincheck and nothing runs behind a test's back.
 */
public final class Rcu {
    private static final VarHandle COUNTER;
    private static final VarHandle RECORD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNTER = l.findVarHandle(GracePeriodCounter.class, "value", long.class);
            RECORD = l.findVarHandle(ReaderRecord.class, "snapshot", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Deliberate breakage of the RCU itself, for showing that the grace-period suites catch it (docs/stress.md):
     * {@code skip_wait} makes synchronize return without waiting, {@code no_reader_fence} drops the full fence
     * of the read-side enter. Read once into static finals, so the JIT folds the checks away when unset.
     */
    public static final String MUTANT_PROPERTY = "mprogsim.stress.rcu_mutant";
    private static final boolean SKIP_WAIT = "skip_wait".equals(System.getProperty(MUTANT_PROPERTY));
    private static final boolean NO_READER_FENCE = "no_reader_fence".equals(System.getProperty(MUTANT_PROPERTY));

    /** Spins before a waiting updater starts yielding its core to the reader it waits for. */
    private static final int SPINS_BEFORE_YIELD = 64;

    private final GracePeriodCounter counter = new GracePeriodCounter();
    private final Object registryLock = new Object();
    private volatile Reader[] readers = new Reader[0];

    private final Object callbackLock = new Object();
    private final List<Callback> callbacks = new ArrayList<>();

    private long gracePeriods;

    /** rcu_register_thread: a record for one reader; whoever holds it may enter and leave read-side sections. */
    public Reader registerReader() {
        Reader r = new Reader(counter);
        synchronized (registryLock) {
            Reader[] old = readers;
            Reader[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = r;
            readers = next;
        }
        return r;
    }

    /** rcu_unregister_thread: the record must be outside any read-side section. */
    public void unregisterReader(Reader r) {
        if (r.depth != 0) {
            throw new IllegalStateException("unregistering a reader inside a read-side section");
        }
        synchronized (registryLock) {
            Reader[] old = readers;
            int at = -1;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == r) {
                    at = i;
                }
            }
            if (at < 0) {
                return;
            }
            Reader[] next = new Reader[old.length - 1];
            System.arraycopy(old, 0, next, 0, at);
            System.arraycopy(old, at + 1, next, at, old.length - at - 1);
            readers = next;
        }
    }

    /**
     * synchronize_rcu: returns once every reader that was inside a read-side section when the call started has left
     * it, then runs the callbacks that this grace period makes safe.
     */
    public void synchronize() {
        long target = waitForPreexistingReaders();
        runCallbacksQueuedBefore(target);
    }

    private long waitForPreexistingReaders() {
        long target = (long) COUNTER.getAndAdd(counter, 1L) + 1;
        // Read after the add: a reader registered later reads the counter after the add too, and needs no wait.
        Reader[] rs = SKIP_WAIT ? new Reader[0] : readers;
        for (Reader r : rs) {
            int spins = 0;
            while (true) {
                long snap = (long) RECORD.getAcquire(r);
                if (snap == 0 || snap >= target) {
                    break;
                }
                if (++spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
        synchronized (callbackLock) {
            gracePeriods++;
        }
        return target;
    }

    /** call_rcu: {@code callback} runs after a grace period that starts after this call. */
    public void callRcu(Runnable callback) {
        long ticket = (long) COUNTER.getVolatile(counter);
        synchronized (callbackLock) {
            callbacks.add(new Callback(ticket, callback));
        }
    }

    /** rcu_barrier: waits for a grace period and runs every callback queued before this call. */
    public void barrier() {
        synchronize();
    }

    /**
     * Advances the counter without waiting and returns the new value. Readers that enter from now on hold a value at
     * or above it; those holding less entered before this call. Lets the caller date an event against reader entries.
     */
    public long advance() {
        return (long) COUNTER.getAndAdd(counter, 1L) + 1;
    }

    public int pendingCallbacks() {
        synchronized (callbackLock) {
            return callbacks.size();
        }
    }

    public long completedGracePeriods() {
        synchronized (callbackLock) {
            return gracePeriods;
        }
    }

    private void runCallbacksQueuedBefore(long target) {
        List<Runnable> ready = null;
        synchronized (callbackLock) {
            int kept = 0;
            for (int i = 0; i < callbacks.size(); i++) {
                Callback c = callbacks.get(i);
                if (c.ticket < target) {
                    if (ready == null) {
                        ready = new ArrayList<>();
                    }
                    ready.add(c.action);
                } else {
                    callbacks.set(kept++, c);
                }
            }
            callbacks.subList(kept, callbacks.size()).clear();
        }
        if (ready != null) {
            for (Runnable r : ready) {
                r.run();
            }
        }
    }

    private record Callback(long ticket, Runnable action) {
    }

    // The counter is read by every entering reader and written by updaters: keep it off other hot lines.
    @SuppressWarnings("unused")
    static class CounterPadBefore {
        long p01, p02, p03, p04, p05, p06, p07;
    }

    static class CounterValue extends CounterPadBefore {
        volatile long value = 1;
    }

    @SuppressWarnings("unused")
    static final class GracePeriodCounter extends CounterValue {
        long q01, q02, q03, q04, q05, q06, q07;
    }

    @SuppressWarnings("unused")
    static class RecordPadBefore {
        long p01, p02, p03, p04, p05, p06, p07;
    }

    static class ReaderRecord extends RecordPadBefore {
        /** 0 outside a read-side section; inside, the grace-period counter as it was at the outermost enter. */
        volatile long snapshot;
        /** Nesting depth; only the record's holder touches it. */
        int depth;
    }

    @SuppressWarnings("unused")
    static class ReaderRecordPadded extends ReaderRecord {
        long q01, q02, q03, q04, q05, q06, q07;
    }

    /** One reader's record. Not thread-safe: one thread at a time enters and leaves with it. */
    public static final class Reader extends ReaderRecordPadded {
        private final GracePeriodCounter counter;

        Reader(GracePeriodCounter counter) {
            this.counter = counter;
        }

        /** rcu_read_lock. */
        public void enter() {
            if (depth++ == 0) {
                RECORD.setOpaque(this, (long) COUNTER.getVolatile(counter));
                // The record must be visible before this section's first load (smp_mb in urcu-mb's read lock).
                if (!NO_READER_FENCE) {
                    VarHandle.fullFence();
                }
            }
        }

        /** rcu_read_unlock. */
        public void exit() {
            if (--depth == 0) {
                RECORD.setRelease(this, 0L);
            }
        }

        public boolean inside() {
            return depth > 0;
        }

        /** Inside a section: the counter value at the outermost enter (compare with {@link Rcu#advance()}). */
        public long entrySnapshot() {
            return (long) RECORD.getOpaque(this);
        }
    }
}
