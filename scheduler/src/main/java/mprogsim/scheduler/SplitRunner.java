package mprogsim.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs the units of a {@link UnitWork} on several threads and as one shard of several, and merges what they did into
 * one result that does not depend on the number of threads or shards. Threads claim units in increasing order (a
 * shared counter: whoever is free takes the next one); shard i of n takes the units whose index is i modulo n. When
 * the budget stops at the first violation, every unit after the first violating one is cancelled and left out, and
 * every unit before it is explored in full, so the reported counterexample and the counts are those of the
 * sequential run.
 */
final class SplitRunner {
    private final String strategy;
    private final String plan;
    private final UnitWork work;
    private final Budget budget;
    private final RunOptions options;
    private final ExecutionListener listener;
    private final long start = System.nanoTime();
    private final long deadline;

    private final AtomicLong nextClaim = new AtomicLong();
    private volatile long firstViolatingUnit = Long.MAX_VALUE;
    private volatile String stopped;
    private final AtomicLong executionsSoFar = new AtomicLong();
    private final List<ExplorationResult> finished = new ArrayList<>();

    // Progress: finished units' counts, and each worker's running unit's latest counts.
    private final AtomicLong doneExecutions = new AtomicLong();
    private final AtomicLong doneSteps = new AtomicLong();
    private final AtomicLong doneUnits = new AtomicLong();
    private final AtomicLong nextProgress;
    private final long[] runningExecutions;
    private final long[] runningSteps;
    private final double[] runningEstimate;

    private SplitRunner(String strategy, String plan, UnitWork work, Budget budget, RunOptions options,
                        ExecutionListener listener) {
        this.strategy = strategy;
        this.plan = plan;
        this.work = work;
        this.budget = budget;
        this.options = options;
        this.listener = listener;
        this.deadline = budget.deadlineNanos(start);
        this.nextProgress = new AtomicLong(start + options.progressIntervalNanos());
        runningExecutions = new long[options.threads()];
        runningSteps = new long[options.threads()];
        runningEstimate = new double[options.threads()];
    }

    /**
     * @param first a program already made (for planning, say), used by the first worker; the others get theirs
     *              from {@code programs}
     */
    static ExplorationResult run(String strategy, String plan, UnitWork work, Program first,
                                 Supplier<? extends Program> programs, Budget budget, RunOptions options,
                                 ExecutionListener listener) {
        SplitRunner runner = new SplitRunner(strategy, plan, work, budget, options, listener);
        int threads = options.threads();
        if (threads == 1) {
            runner.work(0, first);
        } else {
            Program[] mine = new Program[threads];
            mine[0] = first;
            for (int w = 1; w < threads; w++) {
                mine[w] = programs.get();
                if (mine[w] == first || mine[w] == null) {
                    throw new IllegalArgumentException("a parallel run needs one new program instance per thread");
                }
            }
            WorkerThreads.runAll(strategy + "-worker-", threads, id -> runner.work(id, mine[id]),
                    () -> runner.stopped = "failed");
        }
        ExplorationResult r = ExplorationResult.mergeUnits(strategy, plan, runner.finished, work.units(),
                options.shardIndex(), options.shardCount(), budget.stopOnViolation());
        if (runner.stopped != null && (r.stopReason == null || r.stopReason.equals("units missing"))) {
            // The run stopped between units (a limit, a failure): say why rather than that units are missing.
            r.stopReason = runner.stopped;
            r.complete = false;
        }
        r.elapsedNanos = System.nanoTime() - runner.start;
        return r;
    }

    private void work(int worker, Program program) {
        long units = work.units();
        while (true) {
            long k = nextClaim.getAndIncrement();
            long unit = options.shardIndex() + k * options.shardCount();
            if (unit < 0 || unit >= units || k < 0) {
                return;
            }
            if (unit > firstViolatingUnit || stopped != null) {
                return;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                stopped = "time limit";
                return;
            }
            long left = budget.maxExecutions() == Long.MAX_VALUE ? Long.MAX_VALUE
                    : budget.maxExecutions() - executionsSoFar.get();
            if (left <= 0) {
                stopped = "execution limit";
                return;
            }
            double secondsLeft = budget.timeLimitSeconds() <= 0 ? 0 : Math.max(1e-9, (deadline - now) / 1e9);
            Budget unitBudget = new Budget(left, secondsLeft, budget.stopOnViolation());
            long claimed = unit;
            UnitWork.UnitContext context = new UnitWork.UnitContext() {
                @Override
                public boolean cancelled() {
                    return claimed > firstViolatingUnit || stopped != null;
                }

                @Override
                public ProgressListener progress() {
                    return p -> {
                        runningExecutions[worker] = p.executions();
                        runningSteps[worker] = p.steps();
                        runningEstimate[worker] = p.estimatedTotalExecutions();
                        maybeReport();
                    };
                }
            };
            ExplorationResult r = work.run(program, unit, unitBudget, listener, context);
            r.unitIndex = unit;
            r.firstExecution = work.firstExecution(unit);
            executionsSoFar.addAndGet(r.executions);
            runningExecutions[worker] = 0;
            runningSteps[worker] = 0;
            runningEstimate[worker] = 0;
            doneExecutions.addAndGet(r.executions);
            doneSteps.addAndGet(r.steps);
            doneUnits.incrementAndGet();
            synchronized (finished) {
                finished.add(r);
                if (r.violation != 0 && budget.stopOnViolation() && unit < firstViolatingUnit) {
                    firstViolatingUnit = unit;
                }
            }
            if (!r.complete && !"violation".equals(r.stopReason) && !"cancelled".equals(r.stopReason)) {
                stopped = r.stopReason;
            }
            maybeReport();
        }
    }

    private void maybeReport() {
        if (options.progress() == ProgressListener.NONE) {
            return;
        }
        long now = System.nanoTime();
        long due = nextProgress.get();
        if (now < due || !nextProgress.compareAndSet(due, now + options.progressIntervalNanos())) {
            return;
        }
        long executions = doneExecutions.get();
        long steps = doneSteps.get();
        double running = 0;
        for (int w = 0; w < runningExecutions.length; w++) {
            executions += runningExecutions[w];
            steps += runningSteps[w];
            running += Double.isNaN(runningEstimate[w]) ? runningExecutions[w] : runningEstimate[w];
        }
        long units = work.units();
        long shardUnits = units == Long.MAX_VALUE ? 0
                : (units - options.shardIndex() + options.shardCount() - 1) / options.shardCount();
        long unitsDone = doneUnits.get();
        double estimate;
        if (units == Long.MAX_VALUE) {
            estimate = Double.NaN;
        } else if (work.plannedExecutions(0) >= 0) {
            estimate = 0;
            for (long u = options.shardIndex(); u < units; u += options.shardCount()) {
                estimate += work.plannedExecutions(u);
            }
        } else {
            // The finished units' average stands for the ones not started; the running ones estimate themselves.
            int busy = 0;
            for (long e : runningExecutions) {
                busy += e > 0 ? 1 : 0;
            }
            double perUnit = unitsDone == 0 ? running / Math.max(1, busy) : (double) doneExecutions.get() / unitsDone;
            estimate = doneExecutions.get() + running + Math.max(0, shardUnits - unitsDone - busy) * perUnit;
        }
        options.progress().progress(new Progress(strategy, executions, steps, now - start, estimate, unitsDone,
                shardUnits));
    }
}
