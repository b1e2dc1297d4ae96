package mprogsim.scheduler;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Optimal dynamic partial-order reduction (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014 / JACM 2017): sleep sets
 * plus wakeup trees, so that each Mazurkiewicz trace of the program (under the dependency its footprints define) is
 * explored once. Stateless: every execution replays its prefix from the initial state.
 *
 * <p>Races are found from each location's access history: a step races with the last conflicting accesses of other
 * processes that are not already ordered before it through anything else. Reversing a race (e, e') means exploring
 * {@code pre(e) . notdep(e) . e'}. The theory assumes that a process's next step is never disabled; blocking steps
 * break that, and are handled in two ways (see docs/exploration.md for why):
 * <ul>
 *   <li><b>Waits</b> ({@link Footprint#WAIT}) are explored the way GenMC explores assume statements: a waiting step
 *   never blocks the exploration. When it is taken while the program says it is blocked, it is a <em>failed
 *   wait</em>: a read of what it waits on, after which the process stops for the rest of the execution (the program
 *   is not stepped). The program explored this way has no blocking waits, so the theory applies to it as is. One of
 *   its executions is an execution of the real program exactly when no failed wait is followed by a write to what
 *   it waits on (otherwise the process would have moved on); the others read too early, are redundant, and are
 *   counted in {@link ExplorationResult#blockedExecutions} and reported to the listener as not maximal. Violations
 *   raised along any execution are real: a process stopped at a failed wait is one that was not scheduled yet.</li>
 *   <li><b>Lock acquires</b> ({@link Footprint#ACQUIRE}) block for real. An acquire never races with the release
 *   before it; it races with the previous holder's acquire, its whole critical section going with it, and putting
 *   it before that acquire is always feasible (the lock was free there). A process blocked on a lock never takes
 *   the step it is blocked on, so for every node where it is blocked its pending acquire is raced against the
 *   acquire holding the lock (without this, a deadlock can hide the schedules that avoid it). An extra step that
 *   takes a lock may disable the first event of a race for good, so it does not count as covering the race's
 *   reversal (in the sleep-set check and in wakeup-tree insertion). Lock blocking can leave an execution with every
 *   enabled process asleep: such executions are counted in {@link ExplorationResult#sleepBlocked}.</li>
 * </ul>
 * A step may wait or acquire, not both (the two are handled differently); such a step is reported as an error.
 */
public final class DporExplorer implements Explorer {
    private static final int[] NO_PREFIX = new int[0];
    /** Shared by every depth until a sleeper is added there (addSleeper and inheritSleep copy before writing). */
    private static final long[] NO_SLEEPERS = new long[0];
    /** Moves between two looks at the clock, the cancellation flag and the progress listener. */
    private static final int STEPS_BETWEEN_CHECKS = 4096;
    private static final int HAS_WAIT = 1;
    private static final int HAS_ACQUIRE = 2;

    private ProgressListener progress = ProgressListener.NONE;
    private long progressInterval = ProgressListener.INTERVAL_NANOS;

    private int n;
    private Program program;
    private int maxFp;
    /** Races whose earlier event lies below this depth belong to whoever explores the prefix (see exploreFrom). */
    private int floor;

    // The current execution: events 0..len-1. Slot len is scratch for a blocked process's pending step.
    private int len;
    private int[] evProc = new int[256];
    private int[] evFpOff = new int[256];
    private int[] evFpLen = new int[256];
    private boolean[] evFailed = new boolean[256];   // a failed wait: recorded, but the program was not stepped
    // Per event: some failed wait up to it is followed, up to it, by a step that conflicts with it (see waitedTooEarly).
    private boolean[] tooEarlyBy = new boolean[256];
    private long[] evFp = new long[4096];
    private int evFpUsed;
    private int[] clock = new int[256 * 8];     // clock[i * n + q]: 1 + index of q's last event hb-before-or-at i
    private int[] procLast;                     // index of each process's last event, -1 none
    private long dead;                          // processes stopped at a failed wait
    private long done;                          // processes the program reported DONE

    // Each process's pending step: its footprint and whether it waits or acquires. Valid unless DONE.
    private long[] pendFp = new long[0];
    private int[] pendLen = new int[0];
    private int[] pendKind = new int[0];

    // Per depth: sleep set, its members' footprints (as [process, length, accesses...]), the wakeup tree root.
    private long[] sleep = new long[256];
    // Per depth: the sleepers that came with the prefix's sleep set (see coveredBySleeper).
    private long[] inherited = new long[256];
    private long[][] sleepFp = emptySleepers(256);
    private int[] sleepFpUsed = new int[256];
    private int[] wutRoot = new int[256];
    // Per depth, for the size estimate: children finished, their executions, executions when the current began.
    private long[] doneChildren = new long[256];
    private long[] doneExecutions = new long[256];
    private long[] childStart = new long[256];
    // Per depth: the processes blocked on a lock at that node.
    private long[] lockBlockedAt = new long[256];

    private final LocationTable locations = new LocationTable();
    private final WakeupTree tree = new WakeupTree();

    // Races found in the new part of the current execution: (earlier, later) event indices.
    private int[] raceA = new int[64];
    private int[] raceB = new int[64];
    private int races;

    private int[] deps = new int[64];
    private int depCount;
    private int[] candidates = new int[64];
    private int[] candidateRelease = new int[64];   // for a lock race: the release the new acquire follows
    private int candidateCount;
    private int[] vBuf = new int[256];
    private int[] vWork = new int[256];
    private int[] reported = new int[256];          // the current execution's schedule, failed waits left out

    /** Steps whose footprint differed from the one a wakeup tree recorded for them (a model bug if nonzero). */
    public long footprintMismatches;
    /** Wakeup-tree steps found not enabled where the footprints promised they would be (a model bug if nonzero). */
    public long infeasible;

    @Override
    public String name() {
        return "dpor";
    }

    /** Reports progress about once a second; returns this. */
    public DporExplorer progress(ProgressListener listener) {
        return progress(listener, ProgressListener.INTERVAL_NANOS);
    }

    /** Reports progress about every {@code intervalNanos}; returns this. */
    public DporExplorer progress(ProgressListener listener, long intervalNanos) {
        this.progress = listener == null ? ProgressListener.NONE : listener;
        this.progressInterval = intervalNanos;
        return this;
    }

    @Override
    public ExplorationResult explore(Program program, Budget budget, ExecutionListener listener) {
        return exploreFrom(program, NO_PREFIX, 0, 0L, budget, listener, null);
    }

    /**
     * Explores the executions that extend {@code prefix[0..prefixLength)}, with the processes of {@code sleepMask}
     * asleep after it (bit q: process q). The prefix is read as the explorer reads its own executions: a process
     * named while blocked on a wait takes a failed wait. Races whose earlier event lies in the prefix are not
     * reversed: the caller explores the prefix's alternatives itself (see {@link ParallelDporExplorer}).
     *
     * @param cancelled checked between executions; when it says true the exploration stops with stop reason
     *                  "cancelled". May be null.
     */
    ExplorationResult exploreFrom(Program program, int[] prefix, int prefixLength, long sleepMask, Budget budget,
                                  ExecutionListener listener, BooleanSupplier cancelled) {
        this.program = program;
        this.n = program.processes();
        if (n > 64) {
            throw new IllegalArgumentException("exhaustive exploration supports at most 64 processes, this program has "
                    + n);
        }
        ExplorationResult r = new ExplorationResult();
        r.strategy = name();
        long start = System.nanoTime();
        long deadline = budget.deadlineNanos(start);
        long nextProgress = start + progressInterval;
        maxFp = Math.max(1, program.maxFootprint());
        procLast = new int[n];
        pendFp = new long[n * maxFp];
        pendLen = new int[n];
        pendKind = new int[n];
        tree.reset();
        footprintMismatches = 0;
        infeasible = 0;

        program.reset();
        resetExecution();
        refreshAllPending();
        floor = 0;
        for (int i = 0; i < prefixLength; i++) {
            int p = prefix[i];
            ensureDepth(i + 1);
            int st = p < 0 || p >= n ? -1 : statusOf(p);
            if (st != Program.ENABLED && st != Program.BLOCKED || st == Program.BLOCKED && pendKind[p] != HAS_WAIT) {
                throw new IllegalArgumentException("prefix step " + i + " names process " + p
                        + ", which cannot move there");
            }
            take(p, st == Program.BLOCKED, false);
            if (st == Program.ENABLED) {
                r.steps++;
            }
        }
        floor = prefixLength;
        long prefixViolations = prefixLength == 0 ? 0 : program.violations();
        if (prefixViolations != 0 && budget.stopOnViolation()) {
            // A prefix that ends at a violation is a whole execution (the split stopped there).
            int length = reportSchedule();
            r.executions = 1;
            listener.executionEnded(program, reported, length, prefixViolations, false);
            r.noteViolation(prefixViolations, reported, length, 0, System.nanoTime() - start);
            r.stopReason = "violation";
            r.elapsedNanos = System.nanoTime() - start;
            this.program = null;
            return r;
        }
        ensureDepth(floor + 1);
        wutRoot[floor] = tree.newRoot();
        sleep[floor] = 0;
        sleepFpUsed[floor] = 0;
        for (int q = 0; q < n; q++) {
            if ((sleepMask & (1L << q)) != 0 && (done & (1L << q)) == 0 && (dead & (1L << q)) == 0) {
                addSleeper(floor, q, pendFp, q * maxFp, pendLen[q]);
            }
        }
        inherited[floor] = sleep[floor];
        startNode(floor, 0);
        int divergence = floor;
        int depth = floor;
        int untilCheck = STEPS_BETWEEN_CHECKS;
        explore:
        while (true) {
            // Forward: extend the execution from `depth` until nothing can move.
            long violations = 0;
            boolean cut = false;
            while (true) {
                if (--untilCheck == 0) {
                    // Inside the execution too: one execution can be millions of steps long.
                    untilCheck = STEPS_BETWEEN_CHECKS;
                    long now = System.nanoTime();
                    String stop = now > deadline ? "time limit"
                            : cancelled != null && cancelled.getAsBoolean() ? "cancelled" : null;
                    if (stop != null) {
                        r.stopReason = stop;
                        break explore;
                    }
                    if (now >= nextProgress) {
                        // No size estimate here: it walks the whole path, as long as the execution may be.
                        nextProgress = now + progressInterval;
                        progress.progress(new Progress(name(), r.executions, r.steps, now - start, Double.NaN, 0,
                                0));
                    }
                }
                ensureDepth(depth + 1);
                // Who can move: the enabled, and the blocked waiters (they take a failed wait). Lock-blocked cannot.
                long enabled = 0;
                long failing = 0;
                long lockBlocked = 0;
                for (int q = 0; q < n; q++) {
                    long bit = 1L << q;
                    if (((done | dead) & bit) != 0) {
                        continue;
                    }
                    int st = statusOf(q);
                    if (st == Program.ENABLED) {
                        enabled |= bit;
                    } else if (st == Program.BLOCKED) {
                        if (pendKind[q] == HAS_WAIT) {
                            failing |= bit;
                        } else {
                            lockBlocked |= bit;
                        }
                    }
                }
                lockBlockedAt[depth] = lockBlocked;
                long movable = enabled | failing;
                int root = wutRoot[depth];
                int child = tree.firstChild[root];
                int p;
                if (child != WakeupTree.NIL) {
                    p = tree.proc[child];
                    if ((movable & (1L << p)) == 0) {
                        infeasible++;
                        tree.removeFirstChild(root);
                        continue;
                    }
                    if (!sameFootprint(child, p)) {
                        footprintMismatches++;
                    }
                } else {
                    long awake = movable & ~sleep[depth];
                    if (awake == 0) {
                        if (movable != 0) {
                            cut = true;
                            r.sleepBlocked++;
                        }
                        break;
                    }
                    p = freeChoice(awake, enabled);
                    child = tree.newNode(p, pendFp, p * maxFp, pendLen[p]);
                    tree.appendChild(root, child);
                }
                inheritSleep(depth, p);
                boolean fails = (enabled & (1L << p)) == 0;
                take(p, fails, depth >= divergence);
                wutRoot[depth + 1] = child;
                depth++;
                startNode(depth, r.executions);
                if (!fails) {
                    r.steps++;
                    violations = program.violations();
                    if (violations != 0 && budget.stopOnViolation()) {
                        cut = true;
                        break;
                    }
                }
            }
            // The program's bits cover the replayed prefix too, which may hold the violation.
            violations = program.violations();
            boolean real = !cut && !waitedTooEarly();
            if (!cut && !real) {
                r.blockedExecutions++;
            }
            if (real) {
                violations |= program.finish();
            }
            r.executions++;
            int reportedLength = reportSchedule();
            listener.executionEnded(program, reported, reportedLength, violations, real);
            if (violations != 0) {
                r.noteViolation(violations, reported, reportedLength, r.executions - 1, System.nanoTime() - start);
                if (budget.stopOnViolation()) {
                    r.stopReason = "violation";
                    break;
                }
            }
            processRaces();
            processLockBlockedRaces();

            // Backtrack: the deepest node whose wakeup tree still has something to explore.
            int d = depth - 1;
            while (d >= floor) {
                int root = wutRoot[d];
                if (tree.firstChild[root] != wutRoot[d + 1]) {
                    throw new IllegalStateException("wakeup tree out of step at depth " + d);
                }
                addSleeper(d, evProc[d], evFp, evFpOff[d], evFpLen[d]);
                tree.removeFirstChild(root);
                doneChildren[d]++;
                doneExecutions[d] += r.executions - childStart[d];
                childStart[d] = r.executions;
                if (tree.firstChild[root] != WakeupTree.NIL) {
                    break;
                }
                d--;
            }
            if (d < floor) {
                r.complete = true;
                break;
            }
            if (r.executions >= budget.maxExecutions()) {
                r.stopReason = "execution limit";
                break;
            }
            if ((r.executions & 15) == 0) {
                long now = System.nanoTime();
                if (now > deadline) {
                    r.stopReason = "time limit";
                    break;
                }
                if (cancelled != null && cancelled.getAsBoolean()) {
                    r.stopReason = "cancelled";
                    break;
                }
                if (now >= nextProgress) {
                    nextProgress = now + progressInterval;
                    progress.progress(new Progress(name(), r.executions, r.steps, now - start,
                            estimateTotal(depth), 0, 0));
                }
            }
            // Replay the prefix up to d and rebuild the access history for it.
            r.steps += replayTo(d);
            depth = d;
            divergence = d;
            if ((r.executions & 1023) == 0) {
                tree.compactIfNeeded(wutRoot[floor]);
            }
        }
        r.footprintMismatches = footprintMismatches;
        r.infeasibleSteps = infeasible;
        r.elapsedNanos = System.nanoTime() - start;
        this.program = null;
        return r;
    }

    // ---- the program and the current execution ---------------------------------------------------------------

    /** The program's status of q, remembering DONE (a process never comes back from it). */
    private int statusOf(int q) {
        int st = program.status(q);
        if (st == Program.DONE) {
            done |= 1L << q;
        }
        return st;
    }

    private void refreshPending(int q) {
        if (program.status(q) == Program.DONE) {
            done |= 1L << q;
            pendLen[q] = 0;
            pendKind[q] = 0;
            return;
        }
        int off = q * maxFp;
        int fl = program.footprint(q, pendFp, off);
        int kind = 0;
        for (int i = 0; i < fl; i++) {
            int mode = Footprint.mode(pendFp[off + i]);
            kind |= mode == Footprint.WAIT ? HAS_WAIT : mode == Footprint.ACQUIRE ? HAS_ACQUIRE : 0;
        }
        if (kind == (HAS_WAIT | HAS_ACQUIRE)) {
            throw new IllegalStateException("the next step of " + program.processName(q) + " ("
                    + program.describeNextStep(q) + ") both waits and acquires a lock: make them two steps");
        }
        pendLen[q] = fl;
        pendKind[q] = kind;
    }

    private void refreshAllPending() {
        for (int q = 0; q < n; q++) {
            if ((dead & (1L << q)) == 0) {
                refreshPending(q);
            }
        }
    }

    /** Appends p's pending step to the execution: a real step, or a failed wait (the program is not stepped). */
    private void take(int p, boolean fails, boolean detectRaces) {
        evFailed[len] = fails;
        record(p, pendFp, p * maxFp, pendLen[p], detectRaces);
        if (fails) {
            dead |= 1L << p;
        } else {
            program.step(p);
            refreshPending(p);
        }
    }

    /**
     * The process to run where no wakeup tree says: any awake one is sound, and the number of executions does not
     * depend on it (each trace of the explored program is explored once). Real steps come before failed waits, so
     * that the first execution of a subtree runs the program as far as it goes.
     */
    private int freeChoice(long awake, long enabled) {
        long real = awake & enabled;
        return Long.numberOfTrailingZeros(real != 0 ? real : awake);
    }

    /**
     * Whether some failed wait is followed by a step that conflicts with it (a write to what it waited on): then it
     * read too early. Kept per event as the execution grows (a conflicting later step has the failed wait among its
     * dependencies), so that it costs nothing per execution.
     */
    private boolean waitedTooEarly() {
        return dead != 0 && len > 0 && tooEarlyBy[len - 1];
    }

    /** The schedule of the program's own steps (failed waits left out) into {@code reported}; returns its length. */
    private int reportSchedule() {
        if (reported.length < len) {
            reported = new int[evProc.length];
        }
        int k = 0;
        for (int i = 0; i < len; i++) {
            if (!evFailed[i]) {
                reported[k++] = evProc[i];
            }
        }
        return k;
    }

    private void startNode(int d, long executions) {
        doneChildren[d] = 0;
        doneExecutions[d] = 0;
        childStart[d] = executions;
    }

    /**
     * The tree size by the shape explored so far: each node's pending children are taken to be as big as its
     * finished ones on average (or as the current one, when none finished). Wakeup trees grow as races are found,
     * so this undercounts early on.
     */
    private double estimateTotal(int depth) {
        double est = 1;
        for (int d = depth - 1; d >= floor; d--) {
            int pending = -1;   // the first child is the current one
            for (int c = tree.firstChild[wutRoot[d]]; c != WakeupTree.NIL; c = tree.nextSibling[c]) {
                pending++;
            }
            double average = doneChildren[d] > 0 ? (double) doneExecutions[d] / doneChildren[d] : est;
            est = doneExecutions[d] + est + Math.max(0, pending) * average;
        }
        return est;
    }

    private boolean sameFootprint(int node, int p) {
        int fl = pendLen[p];
        if (tree.fpLen[node] != fl) {
            return false;
        }
        int off = tree.fpOff[node];
        int po = p * maxFp;
        for (int i = 0; i < fl; i++) {
            if (tree.fp[off + i] != pendFp[po + i]) {
                return false;
            }
        }
        return true;
    }

    /** The sleep set after p's step at depth d: the sleepers at d whose next step commutes with it. */
    private void inheritSleep(int d, int p) {
        long next = 0;
        int nextUsed = 0;
        long[] sf = sleepFp[d];
        int used = sleepFpUsed[d];
        long[] nf = sleepFp[d + 1];
        int po = p * maxFp;
        int pl = pendLen[p];
        for (int k = 0; k < used; ) {
            int q = (int) sf[k];
            int ql = (int) sf[k + 1];
            if (q != p && !Footprint.conflict(sf, k + 2, ql, pendFp, po, pl)) {
                next |= 1L << q;
                if (nextUsed + 2 + ql > nf.length) {
                    nf = sleepFp[d + 1] = Arrays.copyOf(nf, Math.max(nf.length * 2, nextUsed + 2 + ql));
                }
                System.arraycopy(sf, k, nf, nextUsed, 2 + ql);
                nextUsed += 2 + ql;
            }
            k += 2 + ql;
        }
        sleep[d + 1] = next;
        sleepFpUsed[d + 1] = nextUsed;
        inherited[d + 1] = inherited[d] & next;
    }

    private void addSleeper(int d, int p, long[] src, int off, int fl) {
        sleep[d] |= 1L << p;
        long[] sf = sleepFp[d];
        int used = sleepFpUsed[d];
        if (used + 2 + fl > sf.length) {
            sf = sleepFp[d] = Arrays.copyOf(sf, Math.max(sf.length * 2, used + 2 + fl));
        }
        sf[used] = p;
        sf[used + 1] = fl;
        System.arraycopy(src, off, sf, used + 2, fl);
        sleepFpUsed[d] = used + 2 + fl;
    }

    private void ensureDepth(int d) {
        if (d + 1 >= sleep.length) {
            int c = Math.max(sleep.length * 2, d + 2);
            sleep = Arrays.copyOf(sleep, c);
            inherited = Arrays.copyOf(inherited, c);
            int had = sleepFp.length;
            sleepFp = Arrays.copyOf(sleepFp, c);
            // Filled here, once per growth, so that no step pays for the depth it is at.
            Arrays.fill(sleepFp, had, c, NO_SLEEPERS);
            sleepFpUsed = Arrays.copyOf(sleepFpUsed, c);
            wutRoot = Arrays.copyOf(wutRoot, c);
            lockBlockedAt = Arrays.copyOf(lockBlockedAt, c);
            doneChildren = Arrays.copyOf(doneChildren, c);
            doneExecutions = Arrays.copyOf(doneExecutions, c);
            childStart = Arrays.copyOf(childStart, c);
            evProc = Arrays.copyOf(evProc, c);
            evFpOff = Arrays.copyOf(evFpOff, c);
            evFpLen = Arrays.copyOf(evFpLen, c);
            evFailed = Arrays.copyOf(evFailed, c);
            tooEarlyBy = Arrays.copyOf(tooEarlyBy, c);
        }
        // One row more than the depth: the scratch slot for a blocked process's pending step.
        if ((d + 2) * n > clock.length) {
            clock = Arrays.copyOf(clock, Math.max(clock.length * 2, (d + 2) * n));
        }
    }

    private static long[][] emptySleepers(int depths) {
        long[][] a = new long[depths][];
        Arrays.fill(a, NO_SLEEPERS);
        return a;
    }

    private void resetExecution() {
        len = 0;
        evFpUsed = 0;
        races = 0;
        dead = 0;
        done = 0;
        Arrays.fill(procLast, -1);
        locations.clear();
    }

    /** Replays the first d events (their clocks are still valid) and rebuilds the access history; returns steps. */
    private int replayTo(int d) {
        program.reset();
        resetExecution();
        int steps = 0;
        for (int i = 0; i < d; i++) {
            int p = evProc[i];
            if (evFailed[i]) {
                dead |= 1L << p;
            } else {
                program.step(p);
                steps++;
            }
            len = i + 1;
            procLast[p] = i;
            updateLocations(i);
        }
        evFpUsed = d == 0 ? 0 : evFpOff[d - 1] + evFpLen[d - 1];
        refreshAllPending();
        return steps;
    }

    // ---- happens-before and races ----------------------------------------------------------------------------

    /** Appends event (p, fp) to the execution: its clock, its races (when new), and the access history. */
    private void record(int p, long[] fp, int off, int fl, boolean detectRaces) {
        int e = len;
        storeEvent(e, p, fp, off, fl);
        evFpUsed += fl;
        gatherDependencies(e, p, false);
        boolean early = e > 0 && tooEarlyBy[e - 1];
        for (int i = 0; i < depCount && !early; i++) {
            early = evFailed[deps[i]];
        }
        tooEarlyBy[e] = early;
        int prev = procLast[p];
        computeClock(e, p, prev);
        if (detectRaces) {
            for (int i = 0; i < candidateCount; i++) {
                int c = candidates[i];
                if (c >= floor && isDirect(i, prev)) {
                    addRace(c, e);
                }
            }
        }
        len = e + 1;
        procLast[p] = e;
        updateLocations(e);
    }

    private void storeEvent(int e, int p, long[] fp, int off, int fl) {
        if (evFpUsed + fl > evFp.length) {
            evFp = Arrays.copyOf(evFp, Math.max(evFp.length * 2, evFpUsed + fl));
        }
        System.arraycopy(fp, off, evFp, evFpUsed, fl);
        evProc[e] = p;
        evFpOff[e] = evFpUsed;
        evFpLen[e] = fl;
    }

    /**
     * Fills {@code deps} with the latest earlier accesses event e conflicts with, and {@code candidates} with those
     * that may race with it. For a pending step (blocked on a lock) only the acquire holding the lock is a candidate.
     */
    private void gatherDependencies(int e, int p, boolean pending) {
        depCount = 0;
        candidateCount = 0;
        int off = evFpOff[e];
        int fl = evFpLen[e];
        for (int k = 0; k < fl; k++) {
            long a = evFp[off + k];
            int mode = Footprint.mode(a);
            long loc = Footprint.location(a);
            if (Footprint.index(a) == Footprint.ALL) {
                for (int s = locations.regionFirst(loc >>> 16); s >= 0; s = locations.regionNext[s]) {
                    collect(s, p, mode, pending);
                }
            } else {
                int s = locations.get(loc);
                if (s >= 0) {
                    collect(s, p, mode, pending);
                }
                int sAll = locations.get((loc & ~0xffffL) | Footprint.ALL);
                if (sAll >= 0) {
                    collect(sAll, p, mode, pending);
                }
            }
        }
    }

    private void collect(int s, int p, int mode, boolean pending) {
        int lw = locations.lastWrite[s];
        boolean writes = mode == Footprint.WRITE || mode == Footprint.ACQUIRE;
        if (lw >= 0) {
            addDep(lw);
            if (!pending && evProc[lw] != p && (mode == Footprint.READ || mode == Footprint.WAIT
                    || (mode == Footprint.WRITE && locations.readHead[s] < 0))) {
                // A write races with the reads since the last write, when there are any, not with the write.
                // An acquire never races with the release before it (the lock was held until then).
                addCandidate(lw, -1);
            }
        }
        if (writes) {
            for (int c = locations.readHead[s]; c >= 0; c = locations.readNext[c]) {
                int rd = locations.readEvent[c];
                addDep(rd);
                if (!pending && evProc[rd] != p) {
                    addCandidate(rd, -1);
                }
            }
        }
        if (mode == Footprint.ACQUIRE) {
            int la = locations.lastAcquire[s];
            if (la >= 0 && evProc[la] != p) {
                addCandidate(la, lw);
            }
        }
    }

    private void addDep(int ev) {
        if (depCount == deps.length) {
            deps = Arrays.copyOf(deps, depCount * 2);
        }
        deps[depCount++] = ev;
    }

    private void addCandidate(int ev, int release) {
        for (int i = 0; i < candidateCount; i++) {
            if (candidates[i] == ev) {
                candidateRelease[i] = Math.max(candidateRelease[i], release);
                return;
            }
        }
        if (candidateCount == candidates.length) {
            candidates = Arrays.copyOf(candidates, candidateCount * 2);
            candidateRelease = Arrays.copyOf(candidateRelease, candidateCount * 2);
        }
        candidates[candidateCount] = ev;
        candidateRelease[candidateCount] = release;
        candidateCount++;
    }

    /** Clock of event e: program order plus every dependency. */
    private void computeClock(int e, int p, int prev) {
        int base = e * n;
        if (prev >= 0) {
            System.arraycopy(clock, prev * n, clock, base, n);
        } else {
            Arrays.fill(clock, base, base + n, 0);
        }
        for (int i = 0; i < depCount; i++) {
            int dbase = deps[i] * n;
            for (int q = 0; q < n; q++) {
                if (clock[dbase + q] > clock[base + q]) {
                    clock[base + q] = clock[dbase + q];
                }
            }
        }
        clock[base + p] = e + 1;
    }

    /**
     * Whether candidate {@code candidates[ci]} is ordered before the new event only by their own conflict: not
     * before the process's previous event nor before any other dependency. For a lock race the candidate is the
     * previous acquire, and its critical section (everything up to the release that the new acquire follows) goes
     * with it when the acquire is moved before it, so those dependencies do not count.
     */
    private boolean isDirect(int ci, int prev) {
        int c = candidates[ci];
        int release = candidateRelease[ci];
        int q = evProc[c];
        if (prev >= 0 && clock[prev * n + q] >= c + 1) {
            return false;
        }
        for (int j = 0; j < depCount; j++) {
            int d = deps[j];
            if (d == c || clock[d * n + q] < c + 1) {
                continue;
            }
            if (release >= 0 && (d == release || happensBefore(d, release))) {
                continue;
            }
            return false;
        }
        return true;
    }

    private void addRace(int a, int b) {
        if (races == raceA.length) {
            raceA = Arrays.copyOf(raceA, races * 2);
            raceB = Arrays.copyOf(raceB, races * 2);
        }
        raceA[races] = a;
        raceB[races] = b;
        races++;
    }

    private void updateLocations(int e) {
        int off = evFpOff[e];
        int fl = evFpLen[e];
        for (int k = 0; k < fl; k++) {
            long a = evFp[off + k];
            int mode = Footprint.mode(a);
            int s = locations.getOrCreate(Footprint.location(a));
            if (mode == Footprint.WRITE || mode == Footprint.ACQUIRE) {
                locations.lastWrite[s] = e;
                locations.readHead[s] = -1;
                if (mode == Footprint.ACQUIRE) {
                    locations.lastAcquire[s] = e;
                }
            } else {
                locations.addRead(s, e, evProc[e]);
            }
        }
    }

    private boolean happensBefore(int a, int b) {
        return clock[b * n + evProc[a]] >= a + 1;
    }

    private boolean dependent(int a, int b) {
        return evProc[a] == evProc[b]
                || Footprint.conflict(evFp, evFpOff[a], evFpLen[a], evFp, evFpOff[b], evFpLen[b]);
    }

    // ---- race reversal --------------------------------------------------------------------------------------

    private void processRaces() {
        for (int i = 0; i < races; i++) {
            reverse(raceA[i], raceB[i]);
        }
        races = 0;
    }

    /**
     * For every node where a process is blocked on a lock, races its pending acquire against the acquire holding
     * the lock, when that acquire is not already ordered before the process. A pending step is the same from the
     * process's previous event up to its next one, so each such interval is walked once.
     */
    private void processLockBlockedRaces() {
        for (int q = 0; q < n; q++) {
            long bit = 1L << q;
            int prev = -1;
            int from = 0;
            while (true) {
                int next = from;
                boolean blockedSomewhere = false;
                while (next < len && evProc[next] != q) {
                    blockedSomewhere |= (lockBlockedAt[next] & bit) != 0;
                    next++;
                }
                boolean ends = next == len;
                blockedSomewhere |= (lockBlockedAt[next] & bit) != 0;
                if (blockedSomewhere) {
                    if (ends) {
                        // The step never taken goes in the scratch slot after the execution.
                        storeEvent(len, q, pendFp, q * maxFp, pendLen[q]);
                    }
                    raceBlockedAcquire(q, next, prev, from);
                }
                if (ends) {
                    break;
                }
                prev = next;
                from = next + 1;
            }
        }
    }

    /**
     * The races of process q's pending acquire (in slot s, pending from node {@code from} up to node s) at the nodes
     * where q is blocked: each time with the latest acquire of that lock by another process before the node (the
     * holder), followed along the interval rather than searched for at every node.
     */
    private void raceBlockedAcquire(int q, int s, int prev, int from) {
        long bit = 1L << q;
        int so = evFpOff[s];
        for (int i = 0; i < evFpLen[s]; i++) {
            long lock = evFp[so + i];
            if (Footprint.mode(lock) != Footprint.ACQUIRE) {
                continue;
            }
            int holder = -1;
            for (int f = from - 1; f >= 0; f--) {
                if (acquires(f, lock)) {
                    holder = f;
                    break;
                }
            }
            int handled = -1;
            for (int t = from; t <= s; t++) {
                if (t > from && acquires(t - 1, lock)) {
                    holder = t - 1;
                }
                if ((lockBlockedAt[t] & bit) == 0 || holder < floor || holder == handled || evProc[holder] == q) {
                    continue;
                }
                handled = holder;
                if (!(prev >= 0 && happensBefore(holder, prev))) {
                    reverse(holder, s);
                }
            }
        }
    }

    private boolean acquires(int f, long lockAccess) {
        int fo = evFpOff[f];
        for (int j = 0; j < evFpLen[f]; j++) {
            long y = evFp[fo + j];
            if (Footprint.mode(y) == Footprint.ACQUIRE && Footprint.overlaps(lockAccess, y)) {
                return true;
            }
        }
        return false;
    }

    /** Race (e, e2): explore e2 before e, after the events that do not depend on e. */
    private void reverse(int e, int e2) {
        int vl = 0;
        for (int f = e + 1; f < len; f++) {
            if (f != e2 && !happensBefore(e, f)) {
                if (vl + 1 >= vBuf.length) {
                    vBuf = Arrays.copyOf(vBuf, vBuf.length * 2);
                }
                vBuf[vl++] = f;
            }
        }
        vBuf[vl++] = e2;
        if (coveredBySleeper(e, vl)) {
            return;
        }
        insert(wutRoot[e], vl, e);
    }

    /**
     * Already covered by a process asleep at e that could start the sequence (see {@link #covers})? A process that
     * came asleep with the prefix (explored by whoever explores the prefix's alternatives) covers the sequence only
     * when it is part of it: then every trace that extends the sequence starts with it, and its own branch has them.
     * When it is an extra event, optimal DPOR's argument that the sleeper's branch takes over relies on the races
     * found under that branch being reversed in the nodes above it, which are the prefix's nodes, whose races this
     * exploration leaves alone; so such a sleeper does not cover the sequence.
     */
    private boolean coveredBySleeper(int e, int vl) {
        long asleep = sleep[e];
        if (asleep == 0) {
            return false;
        }
        long[] sf = sleepFp[e];
        int used = sleepFpUsed[e];
        for (int k = 0; k < used; ) {
            int q = (int) sf[k];
            int ql = (int) sf[k + 1];
            long bit = 1L << q;
            if ((asleep & bit) != 0 && covers(q, sf, k + 2, ql, vBuf, vl, e, (inherited[e] & bit) == 0)) {
                return true;
            }
            k += 2 + ql;
        }
        return false;
    }

    /**
     * Whether starting with process q's step (footprint fp[off..off+fl)) covers the reversal v of a race whose first
     * event is e. q must be a weak initial of v: its first event in v depends on nothing before it in v (starting
     * with it just reorders v), or, if {@code extra} allows, it is not in v and commutes with all of v. In that
     * second case q's step is an extra event; without blocking it could not matter, but an acquire may disable e for
     * good (the lock taken and kept), and a branch in which e can never run does not explore "e2 before e". So an
     * extra step that acquires a lock e acquires does not cover v.
     */
    private boolean covers(int q, long[] fp, int off, int fl, int[] v, int vl, int e, boolean extra) {
        for (int j = 0; j < vl; j++) {
            if (evProc[v[j]] == q) {
                for (int i = 0; i < j; i++) {
                    if (dependent(v[i], v[j])) {
                        return false;
                    }
                }
                return true;
            }
        }
        if (!extra) {
            return false;
        }
        for (int j = 0; j < vl; j++) {
            int ev = v[j];
            if (Footprint.conflict(fp, off, fl, evFp, evFpOff[ev], evFpLen[ev])) {
                return false;
            }
        }
        return !mayDisable(fp, off, fl, e);
    }

    /** Whether a step with footprint fp[off..off+fl) acquires or writes a lock event e acquires. */
    private boolean mayDisable(long[] fp, int off, int fl, int e) {
        int eo = evFpOff[e];
        for (int j = 0; j < evFpLen[e]; j++) {
            long x = evFp[eo + j];
            if (Footprint.mode(x) != Footprint.ACQUIRE) {
                continue;
            }
            for (int i = 0; i < fl; i++) {
                long y = fp[off + i];
                if (Footprint.writes(y) && Footprint.overlaps(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Inserts v (the reversal of a race whose first event is e) into the wakeup tree under root: follows the
     * children that cover what is left of v (see {@link #covers}), removing their event from it; a leaf reached
     * that way already covers v; otherwise the rest of v becomes a new branch. The root's first child is the step
     * being explored, which never covers v (v's last event conflicts with it), so the walk never enters the current
     * execution's path.
     */
    private void insert(int root, int vl, int e) {
        if (vWork.length < vl) {
            vWork = new int[vBuf.length];
        }
        System.arraycopy(vBuf, 0, vWork, 0, vl);
        int node = root;
        while (true) {
            boolean descended = false;
            for (int c = tree.firstChild[node]; c != WakeupTree.NIL; c = tree.nextSibling[c]) {
                int q = tree.proc[c];
                if (covers(q, tree.fp, tree.fpOff[c], tree.fpLen[c], vWork, vl, e, true)) {
                    if (tree.isLeaf(c)) {
                        return;
                    }
                    for (int j = 0; j < vl; j++) {
                        if (evProc[vWork[j]] == q) {
                            System.arraycopy(vWork, j + 1, vWork, j, vl - j - 1);
                            vl--;
                            break;
                        }
                    }
                    node = c;
                    descended = true;
                    break;
                }
            }
            if (!descended) {
                int parent = node;
                for (int j = 0; j < vl; j++) {
                    int ev = vWork[j];
                    int child = tree.newNode(evProc[ev], evFp, evFpOff[ev], evFpLen[ev]);
                    tree.appendChild(parent, child);
                    parent = child;
                }
                return;
            }
        }
    }
}
