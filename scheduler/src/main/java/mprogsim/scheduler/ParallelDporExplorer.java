package mprogsim.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exhaustive DPOR on several threads and shards. Optimal DPOR is sequential at heart (the wakeup tree of a node
 * grows from races found under its earlier children), so the run is split up front, the same way whatever the
 * number of threads or shards:
 * <ol>
 *   <li>A <em>pilot</em>: plain {@link DporExplorer} with an execution cap. When the whole exploration fits in it,
 *   that is the result (one unit, optimal).</li>
 *   <li>Otherwise a <em>split</em>: the first steps are explored as a sleep-set tree (every process that can move,
 *   as {@link DporExplorer} reads moves, is a branch; sleep sets keep any two branches from sharing a trace),
 *   level by level until there are at least {@code tasks} subtrees. Each subtree is a unit, explored by
 *   {@link DporExplorer} from its prefix with the sleep set there; races into the prefix are not reversed, since
 *   the tree above already branches every way. Subtrees whose every movable process is asleep are left out (every
 *   execution under them is covered elsewhere).</li>
 * </ol>
 * The units run on {@link SplitRunner}: units in order on the threads, unit i on shard i mod n, and the first
 * violation in unit order is the one reported. The split explores more executions than the sequential pilot would
 * (the tree above the subtrees is not reduced: up to about one redundant execution per subtree, counted as
 * sleep-set blocked or left out), but the same ones for any number of threads and shards.
 */
public final class ParallelDporExplorer implements ParallelExplorer {
    public static final int DEFAULT_TASKS = 128;
    public static final long DEFAULT_PILOT = 1000;
    private static final int MAX_SPLIT_DEPTH = 48;

    private final int tasks;
    private final long pilot;

    public ParallelDporExplorer() {
        this(DEFAULT_TASKS, DEFAULT_PILOT);
    }

    /**
     * @param tasks the split aims at at least this many subtrees
     * @param pilot executions the sequential pilot may take (0: always split)
     */
    public ParallelDporExplorer(int tasks, long pilot) {
        if (tasks < 1 || pilot < 0) {
            throw new IllegalArgumentException("tasks must be positive and the pilot not negative");
        }
        this.tasks = tasks;
        this.pilot = pilot;
    }

    @Override
    public String name() {
        return "dpor";
    }

    /** A subtree: the moves leading to it (as DporExplorer reads them) and the processes asleep there. */
    record Task(int[] prefix, long sleep) {
    }

    @Override
    public ExplorationResult explore(Supplier<? extends Program> programs, Budget budget, RunOptions options,
                                     ExecutionListener listener) {
        Program first = programs.get();
        if (pilot > 0) {
            long cap = Math.min(pilot, budget.maxExecutions());
            Budget pilotBudget = new Budget(cap, budget.timeLimitSeconds(), budget.stopOnViolation());
            ExplorationResult r = new DporExplorer().progress(options.progress(), options.progressIntervalNanos())
                    .explore(first, pilotBudget, ExecutionListener.NONE);
            boolean capped = "execution limit".equals(r.stopReason) && cap < budget.maxExecutions();
            if (!capped) {
                if (listener != ExecutionListener.NONE && options.shardIndex() == 0) {
                    // The pilot ran blind (its executions might have been thrown away); show them now.
                    r = new DporExplorer().explore(first, pilotBudget, listener);
                }
                return whole(r, budget, options);
            }
        }
        List<Task> plan = split(first, budget);
        UnitWork work = new UnitWork() {
            @Override
            public long units() {
                return plan.size();
            }

            @Override
            public ExplorationResult run(Program program, long unit, Budget unitBudget, ExecutionListener l,
                                         UnitContext context) {
                Task t = plan.get((int) unit);
                return new DporExplorer().progress(context.progress(), 0).exploreFrom(program, t.prefix,
                        t.prefix.length, t.sleep, unitBudget, l, context::cancelled);
            }
        };
        return SplitRunner.run(name(), "dpor split tasks=" + plan.size() + " aim=" + tasks + " pilot=" + pilot, work,
                first, programs, budget, options, listener);
    }

    /** The pilot's result as the one unit of the run (owned by shard 0). */
    private ExplorationResult whole(ExplorationResult pilotResult, Budget budget, RunOptions options) {
        pilotResult.unitIndex = 0;
        pilotResult.firstExecution = 0;
        List<ExplorationResult> units = new ArrayList<>();
        if (options.shardIndex() == 0) {
            units.add(pilotResult);
        }
        ExplorationResult r = ExplorationResult.mergeUnits(name(), "dpor whole pilot=" + pilot, units, 1,
                options.shardIndex(), options.shardCount(), budget.stopOnViolation());
        if (options.shardIndex() != 0) {
            r.complete = true;     // shards other than 0 own nothing here
            r.stopReason = null;
        }
        r.elapsedNanos = pilotResult.elapsedNanos;
        return r;
    }

    /**
     * The sleep-set tree over the first steps, level by level (in depth-first order) until it has {@code tasks}
     * leaves or stops growing.
     */
    List<Task> split(Program program, Budget budget) {
        int n = program.processes();
        if (n > 64) {
            throw new IllegalArgumentException("exhaustive exploration supports at most 64 processes, this program has "
                    + n);
        }
        int maxFp = Math.max(1, program.maxFootprint());
        long[] fp = new long[n * maxFp];
        int[] fl = new int[n];
        List<Task> level = new ArrayList<>();
        level.add(new Task(new int[0], 0));
        for (int depth = 0; depth < MAX_SPLIT_DEPTH && level.size() < tasks; depth++) {
            List<Task> next = new ArrayList<>();
            boolean expanded = false;
            for (Task t : level) {
                if (t.prefix.length < depth) {
                    next.add(t);
                    continue;
                }
                long movable = replay(program, t.prefix, fp, fl, maxFp);
                if (program.violations() != 0 && budget.stopOnViolation()) {
                    next.add(t);
                    continue;
                }
                long awake = movable & ~t.sleep;
                if (awake == 0) {
                    if (movable == 0) {
                        next.add(t);    // a whole execution ends here
                    }
                    continue;           // else every continuation is covered by a sleeping process
                }
                expanded = true;
                long explored = t.sleep;
                for (int p = 0; p < n; p++) {
                    if ((awake & (1L << p)) == 0) {
                        continue;
                    }
                    long sleep = 0;
                    for (int q = 0; q < n; q++) {
                        if (q != p && (explored & (1L << q)) != 0
                                && !Footprint.conflict(fp, q * maxFp, fl[q], fp, p * maxFp, fl[p])) {
                            sleep |= 1L << q;
                        }
                    }
                    int[] prefix = Arrays.copyOf(t.prefix, t.prefix.length + 1);
                    prefix[t.prefix.length] = p;
                    next.add(new Task(prefix, sleep));
                    explored |= 1L << p;
                }
            }
            level = next;
            if (!expanded) {
                break;
            }
        }
        return level;
    }

    /**
     * Replays a prefix as DporExplorer reads it (a process named while blocked on a wait stops there) and returns
     * the processes that can move after it, with their next steps' footprints.
     */
    private static long replay(Program program, int[] prefix, long[] fp, int[] fl, int maxFp) {
        int n = program.processes();
        program.reset();
        long dead = 0;
        for (int p : prefix) {
            if (program.status(p) == Program.ENABLED) {
                program.step(p);
            } else {
                dead |= 1L << p;
            }
        }
        long movable = 0;
        for (int q = 0; q < n; q++) {
            if ((dead & (1L << q)) != 0) {
                continue;
            }
            int st = program.status(q);
            if (st == Program.DONE) {
                continue;
            }
            fl[q] = program.footprint(q, fp, q * maxFp);
            boolean waits = false;
            for (int i = 0; i < fl[q]; i++) {
                waits |= Footprint.mode(fp[q * maxFp + i]) == Footprint.WAIT;
            }
            if (st == Program.ENABLED || waits) {
                movable |= 1L << q;
            }
        }
        return movable;
    }
}
