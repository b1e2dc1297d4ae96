package mprogsim.scheduler;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What random and PCT exploration share: execution i of a run with seed s draws its choices from its own
 * {@link SplittableRandom}, seeded with {@link #executionSeed}(s, i), so that it can be re-run on its own and the
 * executions can be split across threads and shards (units of {@link #CHUNK} consecutive executions) with the same
 * result. The budget's execution count is the number of executions; its time limit may end the run earlier.
 */
abstract class RandomizedExplorer implements ParallelExplorer {
    /** Executions per unit of work. */
    static final int CHUNK = 64;

    final long seed;

    RandomizedExplorer(long seed) {
        this.seed = seed;
    }

    /**
     * The seed of execution {@code execution} of a run seeded with {@code seed}: the two mixed (SplitMix64's
     * finalizer) so that nearby seeds and indices give unrelated streams.
     */
    public static long executionSeed(long seed, long execution) {
        long z = seed + (execution + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Per-worker state of one execution: reused, so that the hot loop does not allocate. */
    abstract static class Chooser {
        int[] schedule = new int[256];

        /** Prepares execution {@code execution} (its random stream already seeded). */
        abstract void start(SplittableRandom random, int processes);

        /** The process to move at step {@code step} (from 0), among the {@code count} enabled ones. */
        abstract int choose(int[] enabled, int count, int step);
    }

    /** The settings the run depends on besides the seed and the budget; set before the run starts. */
    abstract String plan(Budget budget);

    abstract Chooser chooser(Program program, Budget budget);

    /** Called once per run before any execution (PCT estimates its step count here). */
    void prepare(Program program, Budget budget) {
    }

    void describe(ExplorationResult r) {
        r.seed = seed;
    }

    @Override
    public ExplorationResult explore(Supplier<? extends Program> programs, Budget budget, RunOptions options,
                                     ExecutionListener listener) {
        Program first = programs.get();
        prepare(first, budget);
        long total = budget.maxExecutions();
        UnitWork work = new UnitWork() {
            @Override
            public long units() {
                return total == Long.MAX_VALUE ? Long.MAX_VALUE : (total + CHUNK - 1) / CHUNK;
            }

            @Override
            public long firstExecution(long unit) {
                return unit * CHUNK;
            }

            @Override
            public long plannedExecutions(long unit) {
                return Math.min(CHUNK, total - unit * CHUNK);
            }

            @Override
            public ExplorationResult run(Program program, long unit, Budget unitBudget, ExecutionListener l,
                                         UnitContext context) {
                long from = unit * CHUNK;
                long to = total == Long.MAX_VALUE ? from + CHUNK : Math.min(total, from + CHUNK);
                return runExecutions(program, from, to, unitBudget, l, context);
            }
        };
        ExplorationResult r = SplitRunner.run(name(), plan(budget), work, first, programs, budget, options, listener);
        describe(r);
        return r;
    }

    /**
     * Runs executions {@code [from, to)} of this run on their own (the same executions, with the same choices, as
     * in the whole run). The result's violationExecution counts from 0, not from {@code from}.
     */
    public ExplorationResult exploreExecutions(Program program, long from, long to, Budget budget,
                                               ExecutionListener listener) {
        prepare(program, budget);
        ExplorationResult r = runExecutions(program, from, to, budget, listener, null);
        describe(r);
        return r;
    }

    private ExplorationResult runExecutions(Program program, long from, long to, Budget budget,
                                            ExecutionListener listener, UnitWork.UnitContext context) {
        ExplorationResult r = new ExplorationResult();
        r.strategy = name();
        long start = System.nanoTime();
        long deadline = budget.deadlineNanos(start);
        int n = program.processes();
        int[] enabled = new int[n];
        Chooser chooser = chooser(program, budget);
        boolean stop = budget.stopOnViolation();
        r.complete = true;
        for (long i = from; i < to; i++) {
            if (System.nanoTime() > deadline) {
                r.complete = false;
                r.stopReason = "time limit";
                break;
            }
            if (context != null && context.cancelled()) {
                r.complete = false;
                r.stopReason = "cancelled";
                break;
            }
            program.reset();
            chooser.start(new SplittableRandom(executionSeed(seed, i)), n);
            int length = 0;
            long violations = 0;
            boolean maximal = true;
            while (true) {
                int count = enabledProcesses(program, enabled);
                if (count == 0) {
                    break;
                }
                int p = chooser.choose(enabled, count, length);
                if (length == chooser.schedule.length) {
                    chooser.schedule = Arrays.copyOf(chooser.schedule, length * 2);
                }
                chooser.schedule[length++] = p;
                program.step(p);
                violations = program.violations();
                if (violations != 0 && stop) {
                    maximal = false;
                    break;
                }
            }
            r.steps += length;
            if (maximal) {
                violations |= program.finish();
            }
            r.executions++;
            listener.executionEnded(program, chooser.schedule, length, violations, maximal);
            if (violations != 0) {
                r.noteViolation(violations, chooser.schedule, length, i - from, System.nanoTime() - start);
                if (stop) {
                    r.complete = false;
                    r.stopReason = "violation";
                    break;
                }
            }
        }
        r.elapsedNanos = System.nanoTime() - start;
        return r;
    }

    /** Fills {@code into} with the processes that can step now, in index order; returns how many. */
    static int enabledProcesses(Program program, int[] into) {
        int count = 0;
        for (int q = 0, n = program.processes(); q < n; q++) {
            if (program.status(q) == Program.ENABLED) {
                into[count++] = q;
            }
        }
        return count;
    }
}
