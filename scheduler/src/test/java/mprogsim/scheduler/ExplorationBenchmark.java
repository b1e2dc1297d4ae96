package mprogsim.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Throughput of the explorers on fixed ToyProgram workloads (a main, not a test: budgets live here, not in timed
 * tests). Prints, per workload and strategy, executions, steps, time, steps/s and executions/s, and for DPOR the
 * executions against the Mazurkiewicz traces counted independently from plain DFS. Each measurement is the best
 * of a few runs after a warm-up, on one thread unless it says otherwise.
 *
 * <p>Run: {@code mvn -q -pl scheduler test-compile && java -cp scheduler/target/classes:scheduler/target/test-classes
 * mprogsim.scheduler.ExplorationBenchmark}
 */
public final class ExplorationBenchmark {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);
    private static final int RUNS = 3;

    private record Workload(String name, ToyProgram program) {
    }

    private ExplorationBenchmark() {
    }

    /**
     * The first program a family draws from a seed whose DPOR exploration has at least {@code minTraces} executions
     * and whose plain DFS runs at most {@code maxDfs} (so that the traces can still be counted independently).
     */
    private static ToyProgram pick(long seed, long minTraces, long maxDfs, DporSoundnessTest.Generator family) {
        SplittableRandom rnd = new SplittableRandom(seed);
        while (true) {
            ToyProgram p = family.next(rnd);
            if (p.interleavingBound() > maxDfs * 8) {
                continue;
            }
            ExplorationResult d = new DporExplorer().explore(p, new Budget(4 * minTraces, 0, false),
                    ExecutionListener.NONE);
            if (d.executions < minTraces) {
                continue;
            }
            ExplorationResult r = new DfsExplorer().explore(p, new Budget(maxDfs + 1, 0, false),
                    ExecutionListener.NONE);
            if (r.complete) {
                return p;
            }
        }
    }

    private static ExplorationResult best(Supplier<ExplorationResult> run) {
        run.get();   // warm-up
        ExplorationResult best = null;
        for (int i = 0; i < RUNS; i++) {
            ExplorationResult r = run.get();
            if (best == null || r.elapsedNanos < best.elapsedNanos) {
                best = r;
            }
        }
        return best;
    }

    private static void row(String workload, String strategy, ExplorationResult r, String extra) {
        System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %.3f | %,.0f | %,.0f | %s |%n", workload, strategy,
                r.executions, r.steps, r.seconds(), r.stepsPerSecond(), r.executionsPerSecond(), extra);
    }

    public static void main(String[] args) {
        List<Workload> workloads = new ArrayList<>();
        workloads.add(new Workload("read/write",
                pick(1, 50_000, 1_000_000, r -> readWrite(ToyProgram.regionHeavy(r, 3, 5, 2)))));
        workloads.add(new Workload("locks",
                pick(2, 5_000, 300_000, r -> withLocks(ToyProgram.lockHeavy(r, 4, 5, 3)))));
        workloads.add(new Workload("flags and waits",
                pick(3, 10_000, 300_000, r -> ToyProgram.signalHeavy(r, 4, 4, 3))));
        System.out.println("| workload | strategy | executions | steps | seconds | steps/s | executions/s | notes |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Workload w : workloads) {
            ToyProgram p = w.program;
            ExplorationResult dfs = best(() -> new DfsExplorer().explore(p, ALL, ExecutionListener.NONE));
            row(w.name, "dfs", dfs, "");
            ExplorationResult dpor = best(() -> new DporExplorer().explore(p, ALL, ExecutionListener.NONE));
            TraceCanonicalizer traces = new TraceCanonicalizer();
            new DfsExplorer().explore(p, ALL, traces);
            row(w.name, "dpor", dpor, String.format(Locale.ROOT,
                    "traces %,d; DPOR/traces %.3f; sleep-set blocked %d, waits read too early %d",
                    traces.traceCount(), (double) dpor.executions / traces.traceCount(), dpor.sleepBlocked,
                    dpor.blockedExecutions));
            ExplorationResult split1 = best(() -> new ParallelDporExplorer(ParallelDporExplorer.DEFAULT_TASKS, 0)
                    .explore(p::copy, ALL, RunOptions.threads(1), ExecutionListener.NONE));
            row(w.name, "dpor split, 1 thread", split1, "subtrees " + split1.unitsTotal);
            ExplorationResult split2 = best(() -> new ParallelDporExplorer(ParallelDporExplorer.DEFAULT_TASKS, 0)
                    .explore(p::copy, ALL, RunOptions.threads(2), ExecutionListener.NONE));
            row(w.name, "dpor split, 2 threads", split2, String.format(Locale.ROOT, "speedup %.2f",
                    (double) split1.elapsedNanos / split2.elapsedNanos));
            Budget random = new Budget(100_000, 0, false);
            row(w.name, "random", best(() -> new RandomExplorer(1).explore(p, random, ExecutionListener.NONE)), "");
            row(w.name, "pct d=3", best(() -> new PctExplorer(1, 3).explore(p, random, ExecutionListener.NONE)),
                    "");
            System.out.println("|  |  |  |  |  |  |  | " + w.name + ": " + p + " |");
        }
    }

    /** The program if it takes a lock at all, else one that does (drawn by the caller's loop). */
    private static ToyProgram withLocks(ToyProgram p) {
        for (int[] k : p.kind) {
            for (int s : k) {
                if (s == ToyProgram.LOCK || s == ToyProgram.LOCK_READ) {
                    return p;
                }
            }
        }
        return new ToyProgram(new int[][] {{ToyProgram.READ}}, new int[][] {{0}}, 1);
    }

    private static ToyProgram readWrite(ToyProgram p) {
        for (int[] k : p.kind) {
            for (int i = 0; i < k.length; i++) {
                if (k[i] == ToyProgram.LOCK || k[i] == ToyProgram.UNLOCK) {
                    k[i] = ToyProgram.READ_ALL;
                }
            }
        }
        return p.copy();
    }
}
