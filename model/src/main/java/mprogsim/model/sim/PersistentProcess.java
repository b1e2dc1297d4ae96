package mprogsim.model.sim;

import java.util.Arrays;
import mprogsim.model.tcx.TcxState;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.StatefulProgram;

/**
 * Finds a process whose next step alone is a persistent set ({@link StatefulProgram#persistentProcesses}), from what
 * the kernel's locking guarantees.
 *
 * <p>While a process P stands still, the others can only do so much. If P holds the RTNL, no other writer can take
 * it: each other writer is finished, waits for the lock, or runs steps outside the lock, which touch only reference
 * counts, fds, links, releases and their call_rcu ({@link Loc#lockFreeWriterKind}); a release happens only to a prog
 * whose count those writers can drop to zero ({@link Writers#lockFreeDrops}). Nobody then stores a hook
 * pointer, a slot, a count or a version, so a reader can only reach the entry it holds and the entries published
 * now, and the progs in their slots ({@link Readers#laterStepsConflict}); a callback can only run the grace period
 * and the free of an object queued now or by such a release ({@link RcuCallbacks#laterStepsConflict}). A reader R
 * that every writer waits for is in the same position as a lock holder: a writer whose grace period waits for R, a
 * writer waiting for the lock such a writer holds, and writers outside the lock while it does, stand still or stay
 * outside the lock. If P's next step conflicts with none of those steps, it is a persistent set on its own.
 *
 * <p>A reader in the middle of walking an entry is the third case ({@link #writersQuietDuringWalk}): it
 * is inside its critical section, so while it stands still every writer runs at most until its next grace period.
 *
 * <p>Not used (never names one) in the weak memory mode, with litmus threads, without the writer lock or when readers
 * take it: their steps reach state this reasoning does not cover.
 */
final class PersistentProcess {
    private final TcxSimulation sim;
    private final Writers writers;
    private final Readers readers;
    private final RcuCallbacks callbacks;
    private final Lock lock;
    private final Rcu rcu;
    private final int[] writerProcesses;
    private final int[] readerProcesses;
    private final boolean usable;
    /** Readers in the middle of a walk may be persistent only with no protocol variant (see find). */
    private final boolean midWalk;
    private final long[] accesses;
    private final long[] scratch;
    private final TcxState memory;
    /** Per prog, how many references the writers outside the lock may drop (see {@link Writers#lockFreeDrops}). */
    private final int[] drops;
    /** Whether the writers outside the lock may release some prog, or some prog given by {@link #drops}. */
    private boolean mayReleaseAny;
    private boolean mayReleaseUnknown;
    /** Set by the checks of the other writers: some may still run steps outside the lock. */
    private boolean lockFreeWriters;

    PersistentProcess(TcxSimulation sim, Writers writers, Readers readers, RcuCallbacks callbacks, Lock lock, Rcu rcu,
                      int[] writerProcesses, int[] readerProcesses, boolean weakOrLitmus, TcxState memory,
                      boolean variants) {
        this.sim = sim;
        this.writers = writers;
        this.readers = readers;
        this.callbacks = callbacks;
        this.lock = lock;
        this.rcu = rcu;
        this.writerProcesses = writerProcesses;
        this.readerProcesses = readerProcesses;
        this.usable = !weakOrLitmus && !writers.noLock && !readers.takesLock() && !readers.weak();
        this.accesses = new long[Math.max(1, sim.maxFootprint())];
        this.memory = memory;
        this.drops = new int[memory.progRefcnt.length];
        this.midWalk = !variants;
        this.scratch = new long[Math.max(1, sim.maxFootprint())];
    }

    /**
     * Persistent processes of the current state, as a mask: the first writer that is one, else every reader that is
     * one (the explorer picks among symmetric readers canonically). At most one writer can be one (it holds the
     * lock, or every other writer has finished), so with writer symmetry the writer named is the same one up to
     * the permutation in every state of one canonical form.
     */
    long find() {
        if (!usable) {
            return 0;
        }
        for (int p : writerProcesses) {
            if (sim.status(p) == Program.ENABLED && otherWritersHeldBy(p) && quietFor(p, -1)) {
                return 1L << p;
            }
        }
        long found = 0;
        for (int r = 0; r < readerProcesses.length; r++) {
            int p = readerProcesses[r];
            if (sim.status(p) == Program.ENABLED && (writersWaitFor(r) && quietFor(p, r)
                    || midWalk && (readers.walkingEntry(r) != TcxState.NULL_ENTRY || readers.loadsEntryNext(r))
                    && writersQuietDuringWalk(p, r) && quietFor(p, r))) {
                found |= 1L << p;
            }
        }
        return found;
    }

    /**
     * A reader in the middle of walking an entry (its next step reads a slot or runs a prog): it is inside its
     * critical section, so every grace period that starts while it stands still waits for it forever. Each writer
     * then runs at most until its next grace period starts: the rest of its plan is known and checked action by
     * action against the reader's step, and a later op is one whose plan writes only the inactive entry before its
     * grace period ({@link Writers#quietUntilGracePeriod}).
     *
     * <p>If the reader's entry is the published one, it stays published until someone's grace period, so later ops
     * never write it. If it is no longer published, it is the inactive entry the next op would fill; then the lock
     * must be held past a grace period that waits for the reader ({@link Writers#holdsLockPastGracePeriod}): the
     * holder gets no further than that grace period, and the other writers get no further than the lock, so no
     * later op of anyone gets to write an entry. (In the protocol, the writer that unpublished the reader's entry is
     * that holder: it keeps the lock until its grace period after the publish ends, and the reader was inside
     * before it started.)
     *
     * <p>A prog the reader runs is not released meanwhile if its count exceeds all the references the writers may
     * drop. This holds only for the protocol itself: a variant that drops or moves a grace period breaks exactly
     * this, so with any variant on it is not used.
     */
    private boolean writersQuietDuringWalk(int p, int r) {
        boolean published = readers.walksPublishedEntry(r);
        int holder = lock.holder();
        if (!published && (holder < 0 || !writers.holdsLockPastGracePeriod(holder, r))) {
            return false;
        }
        startLockFree();
        // Every writer may move here, not only those outside the lock: their drops are counted alike.
        lockFreeWriters = true;
        int len = sim.footprint(p, accesses, 0);
        for (int q : writerProcesses) {
            if (writers.next[q] == WriterStep.GP_END && rcu.waitsOn(q, r)) {
                continue;
            }
            if (!writers.quietUntilGracePeriod(q, accesses, len, drops, scratch, published || q != holder)) {
                return false;
            }
        }
        finishLockFree();
        return true;
    }

    /**
     * Whether no writer but p can take the lock or change what it protects while p stands still: each is finished,
     * or p holds the lock (then the others wait for it or stay outside it).
     */
    private boolean otherWritersHeldBy(int p) {
        boolean holds = lock.holder() == p;
        startLockFree();
        for (int q : writerProcesses) {
            WriterStep st = writers.next[q];
            if (q == p || st == WriterStep.DONE) {
                continue;
            }
            if (!holds) {
                return false;
            }
            if (st != WriterStep.LOCK) {
                addLockFree(q);
            }
        }
        finishLockFree();
        return true;
    }

    /**
     * Whether no writer can take the lock or change what it protects while reader r stands still: each is finished
     * or in a grace period that waits for r, or the lock's holder is in such a grace period and the writer waits for
     * the lock or stays outside it.
     */
    private boolean writersWaitFor(int r) {
        int holder = lock.holder();
        boolean holderWaits = holder >= 0 && writers.next[holder] == WriterStep.GP_END && rcu.waitsOn(holder, r);
        startLockFree();
        for (int q : writerProcesses) {
            WriterStep st = writers.next[q];
            if (st == WriterStep.DONE || st == WriterStep.GP_END && rcu.waitsOn(q, r)) {
                continue;
            }
            if (!holderWaits || q == holder) {
                return false;
            }
            if (st != WriterStep.LOCK) {
                addLockFree(q);
            }
        }
        finishLockFree();
        return true;
    }

    private void startLockFree() {
        if (lockFreeWriters) {
            Arrays.fill(drops, 0);
        }
        lockFreeWriters = false;
        mayReleaseUnknown = false;
        mayReleaseAny = false;
    }

    private void addLockFree(int q) {
        lockFreeWriters = true;
        if (!mayReleaseUnknown && !writers.lockFreeDrops(q, drops)) {
            mayReleaseUnknown = true;
        }
    }

    private void finishLockFree() {
        if (!lockFreeWriters) {
            return;
        }
        mayReleaseAny = mayReleaseUnknown;
        for (int x = 1; x < drops.length && !mayReleaseAny; x++) {
            mayReleaseAny = mayRelease(x);
        }
    }

    /** Whether the writers outside the lock may drop the last reference of prog x. */
    private boolean mayRelease(int x) {
        int count = memory.progRefcnt[x];
        return mayReleaseUnknown || count > 0 && count <= drops[x];
    }

    /** Whether access a conflicts with a step the writers outside the lock may take. */
    private boolean conflictsWithLockFreeWriters(long a) {
        int kind = Loc.kindOf(a);
        switch (kind) {
            case Loc.LOCK:
                return false;
            case Loc.PROG_MEM:
                int x = Footprint.index(a);
                return x == Footprint.ALL || x >= drops.length ? mayReleaseAny : mayRelease(x);
            case Loc.RCU_CS:
                return Footprint.writes(a) && mayReleaseAny;
            case Loc.RCU_QUEUE:
                return mayReleaseAny;
            default:
                return Loc.lockFreeWriterKind(kind);
        }
    }

    /**
     * Whether p's next step conflicts with no step that the readers (but {@code frozenReader}), the callbacks and
     * the writers outside the lock can take meanwhile.
     */
    private boolean quietFor(int p, int frozenReader) {
        int len = sim.footprint(p, accesses, 0);
        int callbackCount = callbacks.count();
        for (int i = 0; i < len; i++) {
            long a = accesses[i];
            if (lockFreeWriters && conflictsWithLockFreeWriters(a)) {
                return false;
            }
            for (int r = 0; r < readerProcesses.length; r++) {
                if (r != frozenReader && readers.laterStepsConflict(r, a)) {
                    return false;
                }
            }
            for (int c = 0; c < callbackCount; c++) {
                if (callbacks.laterStepsConflict(c, a, frozenReader, mayReleaseAny)) {
                    return false;
                }
            }
        }
        return true;
    }
}
