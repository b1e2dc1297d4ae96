package mprogsim.scheduler.stateful;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.ParallelExplorer;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.Progress;
import mprogsim.scheduler.ProgressListener;
import mprogsim.scheduler.RunOptions;
import mprogsim.scheduler.StatefulProgram;

/**
 * Exhaustive stateful search of a {@link StatefulProgram}: every state it reaches is visited once (up to symmetry),
 * its violation bits are checked, and the final checks ({@link Program#finish()}) run on every state where no
 * process can move. States are stored in a visited set of 64-bit fingerprints (or of whole canonical states in
 * exact mode) shared by all worker threads. See docs/exploration.md, "Stateful search".
 *
 * <ul>
 *   <li><b>Depth-first</b> (the default): each worker runs a DFS over saved states on an explicit stack, with sleep
 *   sets stored with the visited states as Godefroid treats them (a revisit explores only what was asleep at the
 *   first visit and is awake now, and the stored sleep set becomes the intersection, atomically; shared by all
 *   workers) and persistent sets: a new state whose program names persistent processes ({@link
 *   StatefulProgram#persistentProcesses}) is expanded with one of them alone (the first in canonical order), unless
 *   that step raises a violation, which sends the search back to expand the state fully. Persistent sets prune
 *   states, not only transitions: every final state and every violation is still reached, not every state; with
 *   them sleep sets prune states too, and which ones depends on the order in which states are reached, so with
 *   several workers the states stored depend on timing (the final states and violations do not). Workers share
 *   work on demand: a busy worker hands the untried part of its lowest stack frame, with its sleep and done sets,
 *   to an idle one.</li>
 *   <li><b>Breadth-first</b>: level by level, each level's successors computed in parallel, then merged in a fixed
 *   order, so that every state is reached by its shortest schedule, ties broken by schedule order (lowest process
 *   first). It is also how a depth-first run chooses its counterexample: once the DFS has found a violation at
 *   depth d, a breadth-first search to depth d reports the shortest violating schedule, the first in schedule order.
 *   So the verdict, the invariants found and the counterexample printed do not depend on the number of threads
 *   (the counts of stored and matched states and of transitions of a depth-first run may).</li>
 * </ul>
 *
 * Semantics shared with {@code DfsExplorer}: an execution that raises a violation stops there when the budget says
 * so (the state is not expanded), else the search goes on from it; {@link Program#finish()} runs on states where no
 * process is enabled and reports deadlocks and the final checks. {@link ExplorationResult#executions} counts those
 * final states. The listener is told about each final state once (maximal) and, when stopping at violations, about
 * the violating state (not maximal).
 */
public final class StatefulExplorer implements ParallelExplorer {
    public enum Order { DFS, BFS }

    /**
     * How to search.
     *
     * @param threads         worker threads (1 or more)
     * @param symmetry        store states with interchangeable processes in canonical order
     * @param exact           store whole canonical states instead of 64-bit fingerprints
     * @param order           depth-first (sleep sets, least memory) or breadth-first (shortest schedules)
     * @param sleepSets       depth-first: sleep sets on (they never lose a state, only skip transitions)
     * @param maxStates       stop once more than this many states are stored (a budget, like the time limit)
     * @param shardIndex      this shard, from 0
     * @param shardCount      shards of the run: the top of the tree is split, each shard has its own visited set
     * @param progress        told about progress every {@code progressIntervalNanos}
     * @param fingerprintBits bits of the stored fingerprints: 64; fewer only to show in tests that collisions lose
     *                        states
     * @param shortest        depth-first: once a violation is found, search breadth-first for the shortest
     *                        counterexample (the same for any number of threads); off: report the shortest the
     *                        depth-first search happened to find (saves the second search and its memory, but with
     *                        several threads the schedule printed may differ from run to run)
     * @param persistentSets  depth-first: where the program names a persistent process, expand a new state with
     *                        that process's step alone (prunes states, not only transitions; see the class comment)
     */
    public record Options(int threads, boolean symmetry, boolean exact, Order order, boolean sleepSets, long maxStates,
                          int shardIndex, int shardCount, StatefulProgressListener progress,
                          long progressIntervalNanos, int fingerprintBits, boolean shortest,
                          boolean persistentSets) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
                throw new IllegalArgumentException("shard " + shardIndex + "/" + shardCount + " does not exist");
            }
            if (fingerprintBits < 8 || fingerprintBits > 64) {
                throw new IllegalArgumentException("fingerprints have 8 to 64 bits, not " + fingerprintBits);
            }
            if (maxStates < 1) {
                throw new IllegalArgumentException("maxStates must be positive");
            }
            if (progress == null) {
                progress = StatefulProgressListener.NONE;
            }
            if (order == null) {
                order = Order.DFS;
            }
        }

        public static Options defaults() {
            return new Options(1, true, false, Order.DFS, true, Long.MAX_VALUE, 0, 1, StatefulProgressListener.NONE,
                    ProgressListener.INTERVAL_NANOS, 64, true, true);
        }

        public Options withThreads(int t) {
            return new Options(t, symmetry, exact, order, sleepSets, maxStates, shardIndex, shardCount, progress,
                    progressIntervalNanos, fingerprintBits, shortest, persistentSets);
        }

        public Options withSymmetry(boolean on) {
            return new Options(threads, on, exact, order, sleepSets, maxStates, shardIndex, shardCount, progress,
                    progressIntervalNanos, fingerprintBits, shortest, persistentSets);
        }

        public Options withExact(boolean on) {
            return new Options(threads, symmetry, on, order, sleepSets, maxStates, shardIndex, shardCount, progress,
                    progressIntervalNanos, fingerprintBits, shortest, persistentSets);
        }

        public Options withOrder(Order o) {
            return new Options(threads, symmetry, exact, o, sleepSets, maxStates, shardIndex, shardCount, progress,
                    progressIntervalNanos, fingerprintBits, shortest, persistentSets);
        }

        public Options withSleepSets(boolean on) {
            return new Options(threads, symmetry, exact, order, on, maxStates, shardIndex, shardCount, progress,
                    progressIntervalNanos, fingerprintBits, shortest, persistentSets);
        }

        public Options withMaxStates(long max) {
            return new Options(threads, symmetry, exact, order, sleepSets, max, shardIndex, shardCount, progress,
                    progressIntervalNanos, fingerprintBits, shortest, persistentSets);
        }

        public Options withShard(int index, int count) {
            return new Options(threads, symmetry, exact, order, sleepSets, maxStates, index, count, progress,
                    progressIntervalNanos, fingerprintBits, shortest, persistentSets);
        }

        public Options withProgress(StatefulProgressListener listener, long intervalNanos) {
            return new Options(threads, symmetry, exact, order, sleepSets, maxStates, shardIndex, shardCount,
                    listener, intervalNanos, fingerprintBits, shortest, persistentSets);
        }

        /** Fingerprints of fewer than 64 bits are for tests that show what a collision does. */
        public Options withFingerprintBits(int bits) {
            return new Options(threads, symmetry, exact, order, sleepSets, maxStates, shardIndex, shardCount,
                    progress, progressIntervalNanos, bits, shortest, persistentSets);
        }

        public Options withShortestCounterexample(boolean on) {
            return new Options(threads, symmetry, exact, order, sleepSets, maxStates, shardIndex, shardCount,
                    progress, progressIntervalNanos, fingerprintBits, on, persistentSets);
        }

        /**
         * Depth-first: expand a state whose program names a persistent process ({@link
         * StatefulProgram#persistentProcess}) with that process's step alone. Off: every enabled process.
         */
        public Options withPersistentSets(boolean on) {
            return new Options(threads, symmetry, exact, order, sleepSets, maxStates, shardIndex, shardCount,
                    progress, progressIntervalNanos, fingerprintBits, shortest, on);
        }

        /** The settings that must agree between the shards of one run. */
        String plan() {
            return "stateful order=" + order.name().toLowerCase() + " symmetry=" + symmetry + " exact=" + exact
                    + " sleep=" + sleepSets + " persistent=" + persistentSets + " bits=" + fingerprintBits
                    + " shards=" + shardCount;
        }
    }

    /** Breadth-first values in the visited set: the level above these bits, the key (parent rank, process) below. */
    static final int KEY_BITS = 48;
    static final long KEY_MASK = (1L << KEY_BITS) - 1;

    /** Split the top of the tree for shards until a level has this many states per shard. */
    private static final int SPLIT_ROOTS_PER_SHARD = 8;
    private static final int SPLIT_MAX_DEPTH = 64;

    private final Options options;

    public StatefulExplorer() {
        this(Options.defaults());
    }

    public StatefulExplorer(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "stateful";
    }

    /** One thread (a single program instance cannot be shared), the options' shard and progress. */
    @Override
    public ExplorationResult explore(Program program, Budget budget, ExecutionListener listener) {
        return run(new StatefulProgram[] {stateful(program)}, budget, options.withThreads(1), listener,
                ProgressListener.NONE);
    }

    /** Threads, shard and progress from {@code run} (a {@link ProgressListener} there gets the common snapshot). */
    @Override
    public ExplorationResult explore(Supplier<? extends Program> programs, Budget budget, RunOptions run,
                                     ExecutionListener listener) {
        int threads = run.threads();
        StatefulProgram[] progs = new StatefulProgram[threads];
        for (int i = 0; i < threads; i++) {
            progs[i] = stateful(programs.get());
            for (int j = 0; j < i; j++) {
                if (progs[j] == progs[i]) {
                    throw new IllegalArgumentException("a parallel run needs one new program instance per thread");
                }
            }
        }
        Options o = options.withThreads(threads);
        if (run.shardCount() > 1 || options.shardCount() == 1) {
            o = o.withShard(run.shardIndex(), run.shardCount());
        }
        if (run.progress() != ProgressListener.NONE && options.progress() == StatefulProgressListener.NONE) {
            // A listener that also takes stateful progress (the CLI's) is shown states stored and the depth.
            o = o.withProgress(run.progress() instanceof StatefulProgressListener sl ? sl
                    : StatefulProgressListener.NONE, run.progressIntervalNanos());
        }
        return run(progs, budget, o, listener, run.progress());
    }

    private static StatefulProgram stateful(Program p) {
        if (p instanceof StatefulProgram sp) {
            return sp;
        }
        throw new IllegalArgumentException("the stateful search needs a program that can save its state ("
                + p.getClass().getSimpleName() + " does not implement StatefulProgram): use dpor");
    }

    private ExplorationResult run(StatefulProgram[] progs, Budget budget, Options o, ExecutionListener listener,
                                  ProgressListener common) {
        int n = progs[0].processes();
        if (n > 64) {
            throw new IllegalArgumentException("the stateful search supports at most 64 processes, this program has "
                    + n);
        }
        Search s = new Search(progs, budget, o, listener, common);
        ExplorationResult unit = s.run();
        unit.unitIndex = o.shardIndex();
        unit.firstExecution = -1;
        ExplorationResult r = new ExplorationResult();
        copyCounts(unit, r);
        r.strategy = name();
        r.plan = o.plan();
        r.unitsTotal = o.shardCount();
        r.shardIndex = o.shardIndex();
        r.shardCount = o.shardCount();
        r.stopOnViolation = budget.stopOnViolation();
        r.units = new ArrayList<>(List.of(unit));
        return r;
    }

    private static void copyCounts(ExplorationResult from, ExplorationResult to) {
        to.executions = from.executions;
        to.steps = from.steps;
        to.complete = from.complete;
        to.stopReason = from.stopReason;
        to.violation = from.violation;
        to.violatingSchedule = from.violatingSchedule;
        to.violationExecution = from.violationExecution;
        to.violationNanos = from.violationNanos;
        to.violationsSeen = from.violationsSeen;
        to.violatingExecutions = from.violatingExecutions;
        to.elapsedNanos = from.elapsedNanos;
        to.statesStored = from.statesStored;
        to.statesMatched = from.statesMatched;
        to.transitions = from.transitions;
        to.memoryBytes = from.memoryBytes;
        to.fingerprintBits = from.fingerprintBits;
        to.collisionProbability = from.collisionProbability;
        to.statesAboveSplit = from.statesAboveSplit;
    }

    // ---- one run ------------------------------------------------------------------------------------------------

    /** A state to start from: its saved form and the schedule that reaches it from the initial state. */
    private record Root(int[] state, int[] prefix) {
    }

    /** What a breadth-first search found. */
    private static final class BfsOutcome {
        boolean complete;
        String stopReason;
        long violation;
        int[] schedule;
        long violationsSeen;
        long violatingStates;
        long executions;
        long stored;
        long matched;
        long transitions;
        long bytes;
        int fingerprintBits;
        double collision;
        /** The deepest level stored, and that level's states (for splitting the top of the tree). */
        List<Root> lastLevel;
    }

    private static final class Search {
        final StatefulProgram[] progs;
        final Budget budget;
        final Options o;
        final ExecutionListener listener;
        final ProgressListener common;
        final int n;
        final int stateInts;
        final int maxFp;
        final long start = System.nanoTime();
        final long deadline;
        final boolean stopAtViolation;
        /**
         * Sleep sets in the depth-first search, shared by the workers through the visited set: a state's stored
         * sleep set is read and intersected in one atomic visit, and a worker that lowered it explores what its
         * visit removed. Sound for any number of workers and any timing on an acyclic state graph: the argument
         * (docs/exploration.md, "Sleep sets shared between workers") is an induction on a state's height that reads
         * only the final stored sleep sets, so it never needs one worker's subtree to be finished before another's
         * begins.
         */
        final boolean sleepSets;
        /** Depth-first: expand new states with the program's persistent process alone where it names one. */
        final boolean persistentSets;
        /** A state budget was given: the depth-first search checks it at every new state. */
        final boolean stateLimited;
        /** The second, breadth-first search for the shortest counterexample: its final states are not counted. */
        volatile boolean shortestSearch;
        /** The final states counted against the budget's execution limit (shared by the workers). */
        final AtomicLong finals = new AtomicLong();

        volatile boolean stop;
        volatile String stopReason;
        final AtomicLong nextProgress;
        String phase = "dfs";

        // Depth-first: the shared visited set, the work pool, and what was found.
        VisitedSet visited;
        final Object poolLock = new Object();
        final ArrayDeque<Task> pool = new ArrayDeque<>();
        int waiting;
        boolean finished;
        volatile int hungry;
        Worker[] workers;
        long foundBits;
        long foundStates;
        int[] foundSchedule;
        long foundNanos;

        Search(StatefulProgram[] progs, Budget budget, Options o, ExecutionListener listener,
               ProgressListener common) {
            this.progs = progs;
            this.budget = budget;
            this.o = o;
            this.listener = listener;
            this.common = common;
            this.n = progs[0].processes();
            this.stateInts = Math.max(1, progs[0].maxStateInts());
            this.maxFp = Math.max(1, progs[0].maxFootprint());
            this.deadline = budget.deadlineNanos(start);
            this.stopAtViolation = budget.stopOnViolation();
            this.sleepSets = o.sleepSets();
            this.persistentSets = o.persistentSets();
            this.stateLimited = o.maxStates() != Long.MAX_VALUE;
            this.nextProgress = new AtomicLong(start + o.progressIntervalNanos());
        }

        void halt(String reason) {
            synchronized (poolLock) {
                if (stopReason == null) {
                    stopReason = reason;
                }
                stop = true;
                poolLock.notifyAll();
            }
        }

        ExplorationResult run() {
            ExplorationResult r = new ExplorationResult();
            StatefulProgram first = progs[0];
            first.reset();
            int[] initial = new int[stateInts];
            first.saveState(initial, 0);
            List<Root> roots = List.of(new Root(initial, new int[0]));
            if (o.shardCount() > 1) {
                phase = "split";
                // Only shard 0 tells the listener about the top of the tree: it is counted there.
                BfsOutcome top = bfs(roots, SPLIT_MAX_DEPTH, SPLIT_ROOTS_PER_SHARD * o.shardCount(),
                        stopAtViolation, o.shardIndex() == 0 ? listener : ExecutionListener.NONE);
                r.statesAboveSplit = top.stored;
                if (o.shardIndex() == 0) {
                    // The top of the tree is shard 0's: its final states and violations are counted there only.
                    r.executions += top.executions;
                    r.violationsSeen |= top.violationsSeen;
                    r.violatingExecutions += top.violatingStates;
                    if (top.violation != 0) {
                        r.violation = top.violation;
                        r.violatingSchedule = top.schedule;
                        r.violationExecution = 0;
                        r.violationNanos = System.nanoTime() - start;
                    }
                }
                r.steps += top.transitions;
                r.transitions += top.transitions;
                r.statesMatched += top.matched;
                if (top.violation != 0 && stopAtViolation || top.lastLevel == null || stop) {
                    // Stopped above the split (a violation, a budget), or the whole tree fit above it.
                    finishResult(r, top.complete && !stop, stop ? stopReason : top.stopReason, top.bytes,
                            top.fingerprintBits, top.collision, o.shardIndex() == 0 ? top.stored : 0);
                    if (o.shardIndex() != 0 && top.violation != 0 && stopAtViolation) {
                        r.complete = true;
                        r.stopReason = null;
                    }
                    return r;
                }
                List<Root> mine = new ArrayList<>();
                for (int i = o.shardIndex(); i < top.lastLevel.size(); i += o.shardCount()) {
                    mine.add(top.lastLevel.get(i));
                }
                roots = mine;
            }
            if (o.order() == Order.BFS) {
                phase = "bfs";
                BfsOutcome b = bfs(roots, Integer.MAX_VALUE, 0, stopAtViolation, listener);
                r.executions += b.executions;
                r.steps += b.transitions;
                r.transitions += b.transitions;
                r.statesMatched += b.matched;
                r.violationsSeen |= b.violationsSeen;
                r.violatingExecutions += b.violatingStates;
                if (b.violation != 0 && r.violation == 0) {
                    r.violation = b.violation;
                    r.violatingSchedule = b.schedule;
                    r.violationExecution = 0;
                    r.violationNanos = System.nanoTime() - start;
                }
                finishResult(r, b.complete, b.stopReason, b.bytes, b.fingerprintBits, b.collision,
                        aboveSplitCounted(r) + b.stored);
                return r;
            }
            dfs(roots, r);
            return r;
        }

        /** The top of the tree is counted in shard 0 only, so that the shards' counts add up. */
        private long aboveSplitCounted(ExplorationResult r) {
            return o.shardIndex() == 0 ? r.statesAboveSplit : 0;
        }

        private void finishResult(ExplorationResult r, boolean complete, String reason, long bytes, int bits,
                                  double collision, long stored) {
            r.statesStored = stored;
            r.memoryBytes = Math.max(r.memoryBytes, bytes);
            r.fingerprintBits = bits;
            r.collisionProbability = Math.max(r.collisionProbability, collision);
            if (r.violation != 0 && stopAtViolation) {
                r.complete = false;
                r.stopReason = "violation";
            } else {
                r.complete = complete;
                r.stopReason = complete ? null : reason;
            }
            r.elapsedNanos = System.nanoTime() - start;
        }

        // ---- depth-first ------------------------------------------------------------------------------------

        private void dfs(List<Root> roots, ExplorationResult r) {
            phase = "dfs";
            visited = new VisitedSet(o.fingerprintBits(), o.exact(), 1024, o.threads() > 1);
            workers = new Worker[o.threads()];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new Worker(this, progs[w]);
            }
            Worker w0 = workers[0];
            for (Root root : roots) {
                Task t = w0.rootTask(root);
                if (t != null) {
                    pool.add(t);
                }
            }
            if (workers.length == 1) {
                w0.work();
            } else {
                runOnThreads("stateful-worker-", workers.length, i -> workers[i].work());
            }
            long transitions = 0;
            long matched = 0;
            long executions = 0;
            long stackBytes = 0;
            for (Worker w : workers) {
                transitions += w.transitions;
                matched += w.matched;
                executions += w.terminals;
                stackBytes += w.bytes();
            }
            long stored = visited.size();
            r.executions += executions;
            r.steps += transitions;
            r.transitions += transitions;
            r.statesMatched += matched;
            r.violationsSeen |= foundBits;
            r.violatingExecutions += foundStates;
            long bytes = visited.bytes() + stackBytes;
            int bits = visited.fingerprintBits();
            double collision = visited.collisionProbability(stored, matched);
            boolean complete = !stop;
            String reason = stopReason;
            if (foundBits != 0 && r.violation == 0 && !o.shortest()) {
                r.violation = foundBits;
                r.violatingSchedule = foundSchedule;
                r.violationExecution = 0;
                r.violationNanos = foundNanos;
            } else if (foundBits != 0 && r.violation == 0) {
                // The counterexample: the shortest violating schedule, the first in schedule order, whoever found
                // which violation first.
                phase = "bfs";
                String dfsStop = stopReason;
                stop = false;
                stopReason = null;
                // A second look at states the DFS already reported: the listener is not told again.
                shortestSearch = true;
                BfsOutcome b = bfs(roots, foundSchedule.length, 0, true, ExecutionListener.NONE);
                shortestSearch = false;
                r.steps += b.transitions;
                r.transitions += b.transitions;
                bytes = Math.max(bytes, b.bytes);
                collision = Math.max(collision, b.collision);
                if (b.violation != 0) {
                    r.violation = b.violation;
                    r.violatingSchedule = b.schedule;
                    if (stopAtViolation) {
                        r.violationsSeen = b.violationsSeen;
                    }
                } else {
                    // Only a fingerprint collision in the second search (or its time running out) gets here.
                    r.violation = foundBits;
                    r.violatingSchedule = foundSchedule;
                }
                r.violationExecution = 0;
                r.violationNanos = foundNanos;
                stopReason = dfsStop;
                stop = dfsStop != null;
            }
            finishResult(r, complete, reason, bytes, bits, collision, aboveSplitCounted(r) + stored);
        }

        /**
         * Counts a final state against the execution limit: false (and the search halts) when the limit was
         * reached before it, so that at most {@code maxExecutions} final states are checked and counted, and a search
         * with exactly that many is complete.
         */
        boolean countFinal() {
            long max = budget.maxExecutions();
            if (max == Long.MAX_VALUE || shortestSearch) {
                return true;
            }
            if (finals.incrementAndGet() > max) {
                halt("execution limit");
                return false;
            }
            return true;
        }

        /** A worker found a violating state (at the end of schedule[0..length)). */
        void found(long bits, int[] schedule, int length) {
            synchronized (this) {
                foundBits |= bits;
                foundStates++;
                if (foundSchedule == null || length < foundSchedule.length) {
                    foundSchedule = Arrays.copyOf(schedule, length);
                    foundNanos = System.nanoTime() - start;
                }
            }
            if (stopAtViolation) {
                halt("violation");
            }
        }

        Task take() {
            synchronized (poolLock) {
                while (true) {
                    if (stop || finished) {
                        return null;
                    }
                    Task t = pool.poll();
                    if (t != null) {
                        return t;
                    }
                    waiting++;
                    hungry = waiting;
                    if (waiting == workers.length) {
                        finished = true;
                        poolLock.notifyAll();
                        return null;
                    }
                    try {
                        poolLock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        halt("interrupted");
                    }
                    waiting--;
                    hungry = waiting;
                }
            }
        }

        void give(Task t) {
            synchronized (poolLock) {
                pool.add(t);
                hungry = Math.max(0, waiting - pool.size());
                poolLock.notify();
            }
        }

        /** Budgets and progress; called by workers every few thousand transitions. */
        void checkpoint(int depth, long queued) {
            long now = System.nanoTime();
            if (now > deadline) {
                halt("time limit");
                return;
            }
            VisitedSet v = visited;
            long stored = v == null ? 0 : v.sizeEstimate();
            if (stored > o.maxStates()) {
                halt("state limit");
                return;
            }
            long due = nextProgress.get();
            if (now >= due && nextProgress.compareAndSet(due, now + o.progressIntervalNanos())) {
                long transitions = 0;
                long matched = 0;
                long terminals = 0;
                if (workers != null && "dfs".equals(phase)) {
                    for (Worker w : workers) {
                        transitions += w.transitions;
                        matched += w.matched;
                        terminals += w.terminals;
                    }
                } else {
                    transitions = bfsTransitions.get();
                    matched = bfsMatched.get();
                }
                StatefulProgress p = new StatefulProgress(phase, stored, matched, transitions, now - start, depth,
                        queued);
                o.progress().progress(p);
                common.progress(new Progress("stateful", terminals, transitions, now - start, Double.NaN, 0, 0));
            }
        }

        // ---- breadth-first ----------------------------------------------------------------------------------

        final AtomicLong bfsTransitions = new AtomicLong();
        final AtomicLong bfsMatched = new AtomicLong();

        /**
         * Breadth-first from the roots (level 0), levels up to {@code maxDepth}. With {@code splitAt} > 0 it stops
         * at the first level with at least that many states and returns it. With {@code stopAtFirst} it stops at
         * the first level holding a violation and reports the first violating state of that level in schedule
         * order.
         */
        BfsOutcome bfs(List<Root> roots, int maxDepth, int splitAt, boolean stopAtFirst, ExecutionListener told) {
            BfsOutcome out = new BfsOutcome();
            VisitedSet seen = new VisitedSet(o.fingerprintBits(), o.exact(), 1024);
            visited = seen;
            int threads = o.threads();
            BfsWorker[] ws = new BfsWorker[threads];
            for (int i = 0; i < threads; i++) {
                ws[i] = new BfsWorker(this, progs[i], seen);
            }
            // Level 0: the roots, in the order given.
            int width = 0;
            int[] cur = new int[Math.max(1, roots.size()) * stateInts];
            long[] curViol = new long[Math.max(1, roots.size())];
            int[] canon = new int[stateInts];
            int[] perm = new int[n];
            StatefulProgram p0 = progs[0];
            List<long[]> levelKeys = new ArrayList<>();
            long[] rootKeys = new long[roots.size()];
            List<Root> kept = new ArrayList<>();
            for (Root root : roots) {
                p0.restoreState(root.state, 0);
                int len = p0.canonicalState(canon, 0, o.symmetry(), perm);
                if (!seen.add(StateHash.of(canon, 0, len), canon, 0, len, kept.size())) {
                    continue;
                }
                System.arraycopy(root.state, 0, cur, width * stateInts, stateInts);
                curViol[width] = p0.violations();
                rootKeys[width] = kept.size();
                kept.add(root);
                width++;
            }
            levelKeys.add(Arrays.copyOf(rootKeys, width));
            long bestViolation = 0;
            int[] bestSchedule = null;
            int level = 0;
            while (true) {
                if (splitAt > 0 && width > 0 && (width >= splitAt || level >= maxDepth)) {
                    List<Root> last = new ArrayList<>(width);
                    for (int i = 0; i < width; i++) {
                        last.add(new Root(Arrays.copyOfRange(cur, i * stateInts, (i + 1) * stateInts),
                                schedule(kept, levelKeys, level, i)));
                    }
                    out.lastLevel = last;
                    break;
                }
                // Expand the level in parallel: final states checked, successors not stored yet collected.
                AtomicInteger nextChunk = new AtomicInteger();
                final int lvl = level;
                final int w = width;
                final int[] states = cur;
                final long[] viol = curViol;
                boolean anyViolation = false;
                for (int i = 0; i < width && stopAtFirst; i++) {
                    anyViolation |= viol[i] != 0;
                }
                // A level holding a violation is the last one when stopping there: only its final checks remain.
                boolean expand = level < maxDepth && !anyViolation;
                long[] finals = new long[Math.max(1, width)];
                runParallel(ws, worker -> worker.expand(states, viol, finals, w, nextChunk, expand, stopAtFirst,
                        kept, levelKeys, lvl, told));
                if (stop) {
                    out.stopReason = stopReason;
                    break;
                }
                // Violations at this level: raised on the way here, or by the final checks.
                long levelViolations = 0;
                int firstViolating = Integer.MAX_VALUE;
                long firstBits = 0;
                for (int i = 0; i < width; i++) {
                    long v = viol[i] | finals[i];
                    if (v != 0) {
                        levelViolations |= v;
                        out.violatingStates++;
                        if (i < firstViolating) {
                            firstViolating = i;
                            firstBits = v;
                        }
                    }
                }
                out.violationsSeen |= levelViolations;
                if (firstViolating != Integer.MAX_VALUE && bestViolation == 0) {
                    bestViolation = firstBits;
                    bestSchedule = schedule(kept, levelKeys, level, firstViolating);
                }
                if (bestViolation != 0 && stopAtFirst) {
                    out.stopReason = "violation";
                    break;
                }
                // The new states: each was stored by the first worker to reach it, and kept the smallest key
                // (parent rank, then process) any worker offered; the level is ordered by that key.
                int next = 0;
                for (BfsWorker bw : ws) {
                    next += bw.candidates;
                }
                if (next == 0) {
                    out.complete = true;
                    break;
                }
                long[] nextKeys = new long[next];
                long[] nextViol = new long[next];
                int k = 0;
                for (BfsWorker bw : ws) {
                    for (int j = 0; j < bw.candidates; j++) {
                        long stored = seen.value(bw.candHash[j], bw.candCanon, bw.candCanonOff[j],
                                bw.candCanonLen[j]);
                        nextKeys[k] = stored & KEY_MASK;
                        nextViol[k] = bw.candViol[j];
                        k++;
                    }
                }
                long[] sortedKeys = new long[next];
                long[] violByKey = new long[next];
                int[] idx = sortIndexByKey(nextKeys, next);
                for (int a = 0; a < next; a++) {
                    sortedKeys[a] = nextKeys[idx[a]];
                    violByKey[a] = nextViol[idx[a]];
                }
                levelKeys.add(sortedKeys);
                // Materialize the next level: each state is its parent's state stepped by its process.
                int[] nextStates = new int[Math.max(1, next) * stateInts];
                AtomicInteger chunk = new AtomicInteger();
                int nextWidth = next;
                runParallel(ws, worker -> worker.materialize(states, sortedKeys, nextWidth, nextStates, chunk));
                for (BfsWorker bw : ws) {
                    bw.clearLevel();
                }
                cur = nextStates;
                curViol = violByKey;
                width = next;
                level++;
                if (level > maxDepth) {
                    out.complete = true;
                    break;
                }
            }
            out.violation = bestViolation;
            out.schedule = bestSchedule;
            for (BfsWorker bw : ws) {
                out.executions += bw.terminals;
                out.transitions += bw.transitions;
                out.matched += bw.matched;
            }
            bfsMatched.set(0);
            bfsTransitions.set(0);
            out.stored = seen.size();
            long levelBytes = 0;
            for (long[] a : levelKeys) {
                levelBytes += 8L * a.length;
            }
            out.bytes = seen.bytes() + levelBytes + 4L * cur.length * 2;
            out.fingerprintBits = seen.fingerprintBits();
            out.collision = seen.collisionProbability(out.stored, out.matched);
            if (stop && out.stopReason == null) {
                out.stopReason = stopReason;
            }
            return out;
        }

        /** The schedule reaching state {@code rank} of {@code level}: its root's prefix, then the processes. */
        int[] schedule(List<Root> roots, List<long[]> levelKeys, int level, int rank) {
            int[] tail = new int[level];
            int r = rank;
            for (int l = level; l >= 1; l--) {
                long key = levelKeys.get(l)[r];
                tail[l - 1] = (int) (key & 0xff);
                r = (int) (key >>> 8);
            }
            int[] prefix = roots.get((int) levelKeys.get(0)[r]).prefix;
            int[] s = Arrays.copyOf(prefix, prefix.length + level);
            System.arraycopy(tail, 0, s, prefix.length, level);
            return s;
        }

        interface BfsTask {
            void run(BfsWorker w);
        }

        private void runParallel(BfsWorker[] ws, BfsTask task) {
            if (ws.length == 1) {
                task.run(ws[0]);
                return;
            }
            runOnThreads("stateful-bfs-", ws.length, i -> task.run(ws[i]));
        }

        /**
         * Runs {@code body(0..n-1)} on n threads and waits for them all; the first failure halts the search (so the
         * other threads stop soon) and is rethrown here.
         */
        private void runOnThreads(String namePrefix, int n, java.util.function.IntConsumer body) {
            mprogsim.scheduler.WorkerThreads.runAll(namePrefix, n, body, () -> halt("failed"));
        }
    }

    static int[] sortIndexByKey(long[] keys, int len) {
        int[] idx = new int[len];
        for (int i = 0; i < len; i++) {
            idx[i] = i;
        }
        mergeSort(idx, new int[len], 0, len, null, keys);
        return idx;
    }

    private static boolean less(int a, int b, long[] first, long[] second) {
        if (first != null && first[a] != first[b]) {
            return first[a] < first[b];
        }
        return second[a] < second[b];
    }

    private static void mergeSort(int[] idx, int[] tmp, int lo, int hi, long[] first, long[] second) {
        if (hi - lo < 2) {
            return;
        }
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = idx[i];
                int j = i - 1;
                while (j >= lo && less(v, idx[j], first, second)) {
                    idx[j + 1] = idx[j];
                    j--;
                }
                idx[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(idx, tmp, lo, mid, first, second);
        mergeSort(idx, tmp, mid, hi, first, second);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            tmp[k++] = less(idx[j], idx[i], first, second) ? idx[j++] : idx[i++];
        }
        while (i < mid) {
            tmp[k++] = idx[i++];
        }
        while (j < hi) {
            tmp[k++] = idx[j++];
        }
        System.arraycopy(tmp, lo, idx, lo, hi - lo);
    }

    // ---- depth-first workers ----------------------------------------------------------------------------------

    /** Untried moves of a stack frame handed to another worker, or a root to start from. */
    private record Task(int[] state, int depth, int[] path, long todo, long sleep, long done) {
    }

    private static final class Worker {
        final Search s;
        final StatefulProgram prog;
        final int n;
        final int S;
        final int F;
        final boolean sleepSets;
        final boolean persistentSets;
        final boolean symmetry;

        int cap = 64;
        int[] states;
        long[] todo = new long[cap];
        long[] sleep = new long[cap];
        long[] done = new long[cap];
        long[] enabledAt = new long[cap];
        /** Frames expanded with their persistent process alone, and the violations raised when they were entered. */
        boolean[] reduced = new boolean[cap];
        long[] raisedAt = new long[cap];
        long[] fpKnown = new long[cap];
        int[] path = new int[cap];
        long[] fps;
        int[] fls;
        final int[] canon;
        final int[] perm;
        final int[] inv;
        final long[] stored = new long[1];
        int current = -1;
        int top;
        int base;

        long transitions;
        long matched;
        long terminals;

        Worker(Search s, StatefulProgram prog) {
            this.s = s;
            this.prog = prog;
            this.n = prog.processes();
            this.S = s.stateInts;
            this.F = s.maxFp;
            this.sleepSets = s.sleepSets;
            this.persistentSets = s.persistentSets;
            this.symmetry = s.o.symmetry();
            states = new int[cap * S];
            fps = new long[sleepSets ? cap * n * F : 0];
            fls = new int[sleepSets ? cap * n : 0];
            canon = new int[S];
            perm = new int[n];
            inv = new int[n];
        }

        long bytes() {
            return 4L * states.length + 8L * fps.length + 4L * fls.length + 40L * cap;
        }

        private void ensure(int depth) {
            if (depth < cap) {
                return;
            }
            int c = Math.max(cap * 2, depth + 1);
            states = Arrays.copyOf(states, c * S);
            todo = Arrays.copyOf(todo, c);
            sleep = Arrays.copyOf(sleep, c);
            done = Arrays.copyOf(done, c);
            enabledAt = Arrays.copyOf(enabledAt, c);
            reduced = Arrays.copyOf(reduced, c);
            raisedAt = Arrays.copyOf(raisedAt, c);
            fpKnown = Arrays.copyOf(fpKnown, c);
            path = Arrays.copyOf(path, c);
            if (sleepSets) {
                fps = Arrays.copyOf(fps, c * n * F);
                fls = Arrays.copyOf(fls, c * n);
            }
            cap = c;
        }

        /** Stores a root; returns its task, or null when it was a violation or final state, or already stored. */
        Task rootTask(Root root) {
            prog.restoreState(root.state, 0);
            current = -1;
            int len = prog.canonicalState(canon, 0, symmetry, perm);
            long h = StateHash.of(canon, 0, len);
            if (s.visited.visitSleep(h, canon, 0, len, 0, stored) != VisitedSet.NEW) {
                return null;
            }
            int d = root.prefix.length;
            ensure(d + 1);
            System.arraycopy(root.prefix, 0, path, 0, d);
            long enabled = frame(d);
            if (!arrived(d, prog.violations(), enabled)) {
                return null;
            }
            return new Task(root.state.clone(), d, Arrays.copyOf(root.prefix, d), enabled, 0, 0);
        }

        /**
         * The enabled processes of the current state, for frame d. Their footprints are computed when a sleep set
         * first needs them ({@link #footprint}), with the program in the frame's state.
         */
        private long frame(int d) {
            long enabled = 0;
            for (int q = 0; q < n; q++) {
                if (prog.status(q) == Program.ENABLED) {
                    enabled |= 1L << q;
                }
            }
            enabledAt[d] = enabled;
            fpKnown[d] = 0;
            reduced[d] = false;
            return enabled;
        }

        /** Offset of q's next-step footprint in frame d; the program must be in the frame's state. */
        private int footprint(int d, int q) {
            int slot = d * n + q;
            if ((fpKnown[d] & (1L << q)) == 0) {
                fls[slot] = prog.footprint(q, fps, slot * F);
                fpKnown[d] |= 1L << q;
            }
            return slot * F;
        }

        /**
         * A state reached for the first time, the program in it: violations and final checks. Returns whether
         * the search goes on from it.
         */
        private boolean arrived(int d, long v, long enabled) {
            if (v != 0 && s.stopAtViolation) {
                s.listener.executionEnded(prog, path, d, v, false);
                s.found(v, path, d);
                return false;
            }
            if (enabled == 0) {
                if (!s.countFinal()) {
                    return false;
                }
                long bits = v | prog.finish();
                current = -1;
                terminals++;
                s.listener.executionEnded(prog, path, d, bits, true);
                if (bits != 0) {
                    s.found(bits, path, d);
                }
                return false;
            }
            if (v != 0) {
                s.found(v, path, d);
            }
            return true;
        }

        void work() {
            while (true) {
                Task t = s.take();
                if (t == null) {
                    return;
                }
                run(t);
            }
        }

        private void run(Task t) {
            base = t.depth;
            ensure(base + 1);
            System.arraycopy(t.path, 0, path, 0, base);
            System.arraycopy(t.state, 0, states, base * S, S);
            prog.restoreState(states, base * S);
            current = base;
            frame(base);
            todo[base] = t.todo;
            sleep[base] = t.sleep;
            done[base] = t.done;
            top = base;
            dfs();
        }

        private long independentOf(int d, int t, long candidates) {
            long result = 0;
            long c = candidates & ~(1L << t);
            if (c == 0) {
                return 0;
            }
            int tOff = footprint(d, t);
            int tLen = fls[d * n + t];
            while (c != 0) {
                int q = Long.numberOfTrailingZeros(c);
                c &= c - 1;
                int qOff = footprint(d, q);
                if (!Footprint.conflict(fps, qOff, fls[d * n + q], fps, tOff, tLen)) {
                    result |= 1L << q;
                }
            }
            return result;
        }

        /** The process of {@code candidates} whose canonical position ({@link #perm}, current state) is least. */
        private long firstInCanonicalOrder(long candidates) {
            if ((candidates & (candidates - 1)) == 0) {
                return candidates;
            }
            int best = -1;
            int bestPos = Integer.MAX_VALUE;
            for (long m = candidates; m != 0; m &= m - 1) {
                int q = Long.numberOfTrailingZeros(m);
                if (perm[q] < bestPos) {
                    bestPos = perm[q];
                    best = q;
                }
            }
            return 1L << best;
        }

        private long toCanonical(long mask) {
            long out = 0;
            while (mask != 0) {
                int q = Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                out |= 1L << perm[q];
            }
            return out;
        }

        private long fromCanonical(long mask) {
            for (int q = 0; q < n; q++) {
                inv[perm[q]] = q;
            }
            long out = 0;
            while (mask != 0) {
                int c = Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                out |= 1L << inv[c];
            }
            return out;
        }

        private void dfs() {
            Search sr = s;
            while (top >= base) {
                if (sr.stop) {
                    return;
                }
                long td = todo[top];
                if (td == 0) {
                    top--;
                    continue;
                }
                if (sr.hungry > 0) {
                    donate();
                    td = todo[top];
                    if (td == 0) {
                        continue;
                    }
                }
                int t = Long.numberOfTrailingZeros(td);
                todo[top] = td & (td - 1);
                if (current != top) {
                    prog.restoreState(states, top * S);
                    current = top;
                }
                long childSleep = sleepSets ? independentOf(top, t, sleep[top] | done[top]) : 0;
                done[top] |= 1L << t;
                prog.step(t);
                current = -1;
                if (reduced[top] && prog.violationsRaised() != raisedAt[top]) {
                    // The persistent step raised a violation itself: it may not go ahead of the others.
                    reduced[top] = false;
                    todo[top] |= enabledAt[top] & ~done[top] & ~sleep[top];
                }
                if ((++transitions & 4095) == 0) {
                    sr.checkpoint(top, sr.pool.size());
                }
                path[top] = t;
                int c = top + 1;
                long v = prog.violations();
                int len = prog.canonicalState(canon, 0, symmetry, perm);
                long h = StateHash.of(canon, 0, len);
                long canonicalSleep = symmetry ? toCanonical(childSleep) : childSleep;
                int res = sr.visited.visitSleep(h, canon, 0, len, canonicalSleep, stored);
                if (res == VisitedSet.PRUNE) {
                    matched++;
                    continue;
                }
                ensure(c + 1);
                if (res == VisitedSet.REVISIT) {
                    matched++;
                    long before = stored[0];
                    long extra = symmetry ? fromCanonical(before & ~canonicalSleep) : before & ~canonicalSleep;
                    long kept = symmetry ? fromCanonical(before & canonicalSleep) : before & canonicalSleep;
                    long enabled = frame(c);
                    prog.saveState(states, c * S);
                    current = c;
                    todo[c] = extra & enabled;
                    sleep[c] = kept & enabled;
                    done[c] = 0;
                    top = c;
                    continue;
                }
                if (sr.stateLimited && sr.visited.sizeEstimate() > sr.o.maxStates()) {
                    // Checked at every new state, not only at the periodic checkpoint: a small search must stop too.
                    sr.halt("state limit");
                    return;
                }
                long enabled = frame(c);
                if (!arrived(c, v, enabled)) {
                    continue;
                }
                long expand = enabled;
                if (persistentSets) {
                    long candidates = prog.persistentProcesses() & enabled;
                    if (candidates != 0) {
                        expand = Long.lowestOneBit(symmetry ? firstInCanonicalOrder(candidates) : candidates);
                        reduced[c] = true;
                        raisedAt[c] = prog.violationsRaised();
                    }
                }
                prog.saveState(states, c * S);
                current = c;
                if (reduced[c] && (expand & childSleep) != 0 && persistentStepRaises(c, expand)) {
                    // Asleep, the persistent step would not be taken here, and the check below (after the step)
                    // would never see that it raises a violation; if it does, it is no persistent set.
                    reduced[c] = false;
                    expand = enabled;
                }
                todo[c] = expand & ~childSleep;
                sleep[c] = childSleep;
                done[c] = 0;
                top = c;
            }
        }

        /**
         * Whether the persistent step {@code process} (a one-bit mask) of frame d raises a violation: stepped and
         * undone, the program left in the frame's state. Only for a persistent step that is asleep in a new state.
         */
        private boolean persistentStepRaises(int d, long process) {
            prog.step(Long.numberOfTrailingZeros(process));
            boolean raises = prog.violationsRaised() != raisedAt[d];
            prog.restoreState(states, d * S);
            current = d;
            return raises;
        }

        /**
         * Hands untried moves to the pool: all of the lowest frame below the top that has some (the biggest
         * subtrees), else the second half of the top frame's.
         */
        private void donate() {
            for (int d = base; d <= top; d++) {
                long td = todo[d];
                int count = Long.bitCount(td);
                if (count == 0 || d == top && count < 2) {
                    continue;
                }
                long keep = 0;
                if (d == top) {
                    long rest = td;
                    for (int i = 0; i < count / 2; i++) {
                        keep |= rest & -rest;
                        rest &= rest - 1;
                    }
                }
                long give = td & ~keep;
                todo[d] = keep;
                // The moves this worker keeps come first in the frame's order: for the given ones they are done.
                s.give(new Task(Arrays.copyOfRange(states, d * S, (d + 1) * S), d, Arrays.copyOf(path, d), give,
                        sleep[d], done[d] | keep));
                return;
            }
        }
    }

    // ---- breadth-first workers --------------------------------------------------------------------------------

    private static final class BfsWorker {
        final Search s;
        final StatefulProgram prog;
        final VisitedSet seen;
        final int n;
        final int S;
        final boolean symmetry;
        final int[] canon;
        final int[] perm;
        final int[] scratch;

        // The states this worker stored first in this level: hash, violations, and in exact mode the canonical
        // state (to find their final key).
        int candidates;
        long[] candHash = new long[256];
        long[] candViol = new long[256];
        int[] candCanon;
        int[] candCanonOff = new int[256];
        int[] candCanonLen = new int[256];
        int candCanonUsed;

        long transitions;
        long matched;
        long terminals;
        long reportedTransitions;
        long reportedMatched;

        BfsWorker(Search s, StatefulProgram prog, VisitedSet seen) {
            this.s = s;
            this.prog = prog;
            this.seen = seen;
            this.n = prog.processes();
            this.S = s.stateInts;
            this.symmetry = s.o.symmetry();
            canon = new int[S];
            perm = new int[n];
            scratch = new int[S];
            candCanon = new int[s.o.exact() ? 256 * S : 0];
        }

        void clearLevel() {
            candidates = 0;
            candCanonUsed = 0;
        }

        void expand(int[] states, long[] viol, long[] finalOut, int width, AtomicInteger next, boolean expand,
                    boolean stopAtFirst, List<Root> roots, List<long[]> levelKeys, int level,
                    ExecutionListener told) {
            while (true) {
                int from = next.getAndAdd(32);
                if (from >= width || s.stop) {
                    return;
                }
                int to = Math.min(width, from + 32);
                for (int i = from; i < to; i++) {
                    prog.restoreState(states, i * S);
                    long enabled = 0;
                    for (int q = 0; q < n; q++) {
                        if (prog.status(q) == Program.ENABLED) {
                            enabled |= 1L << q;
                        }
                    }
                    if (viol[i] != 0 && stopAtFirst) {
                        if (told != ExecutionListener.NONE) {
                            int[] sch = s.schedule(roots, levelKeys, level, i);
                            told.executionEnded(prog, sch, sch.length, viol[i], false);
                        }
                        continue;
                    }
                    if (enabled == 0) {
                        if (!s.countFinal()) {
                            continue;
                        }
                        long bits = viol[i] | prog.finish();
                        terminals++;
                        if (told != ExecutionListener.NONE) {
                            int[] sch = s.schedule(roots, levelKeys, level, i);
                            told.executionEnded(prog, sch, sch.length, bits, true);
                        }
                        finalOut[i] = bits;
                        continue;
                    }
                    if (!expand) {
                        continue;
                    }
                    boolean fresh = true;
                    long e = enabled;
                    while (e != 0) {
                        int p = Long.numberOfTrailingZeros(e);
                        e &= e - 1;
                        if (!fresh) {
                            prog.restoreState(states, i * S);
                        }
                        fresh = false;
                        prog.step(p);
                        transitions++;
                        long v = prog.violations();
                        int len = prog.canonicalState(canon, 0, symmetry, perm);
                        long h = StateHash.of(canon, 0, len);
                        if (!seen.offer(h, canon, 0, len, ((long) (level + 1) << KEY_BITS) | ((long) i << 8) | p)) {
                            matched++;
                            continue;
                        }
                        addCandidate(h, v, len);
                    }
                }
                s.bfsTransitions.addAndGet(transitions - reportedTransitions);
                s.bfsMatched.addAndGet(matched - reportedMatched);
                reportedTransitions = transitions;
                reportedMatched = matched;
                s.checkpoint(level, width);
            }
        }

        private void addCandidate(long h, long v, int len) {
            if (candidates == candHash.length) {
                int c = candidates * 2;
                candHash = Arrays.copyOf(candHash, c);
                candViol = Arrays.copyOf(candViol, c);
                candCanonOff = Arrays.copyOf(candCanonOff, c);
                candCanonLen = Arrays.copyOf(candCanonLen, c);
            }
            candHash[candidates] = h;
            candViol[candidates] = v;
            if (candCanon.length > 0 || s.o.exact()) {
                if (candCanonUsed + len > candCanon.length) {
                    candCanon = Arrays.copyOf(candCanon, Math.max(candCanon.length * 2, candCanonUsed + len));
                }
                System.arraycopy(canon, 0, candCanon, candCanonUsed, len);
                candCanonOff[candidates] = candCanonUsed;
                candCanonLen[candidates] = len;
                candCanonUsed += len;
            } else {
                candCanonOff[candidates] = 0;
                candCanonLen[candidates] = 0;
            }
            candidates++;
        }

        void materialize(int[] parents, long[] keys, int width, int[] out, AtomicInteger next) {
            while (true) {
                int from = next.getAndAdd(64);
                if (from >= width) {
                    return;
                }
                int to = Math.min(width, from + 64);
                for (int j = from; j < to; j++) {
                    long key = keys[j];
                    prog.restoreState(parents, (int) (key >>> 8) * S);
                    prog.step((int) (key & 0xff));
                    prog.saveState(out, j * S);
                }
            }
        }
    }
}
