package mprogsim.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Throughput of the explorers on four fixed ToyProgram workloads (a main, not a test: budgets live here, not in timed
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
        int r = ToyProgram.READ, w = ToyProgram.WRITE, l = ToyProgram.LOCK, u = ToyProgram.UNLOCK;
        int ra = ToyProgram.READ_ALL, wa = ToyProgram.WRITE_ALL, m = ToyProgram.MOVE, sig = ToyProgram.SIGNAL;
        int z = ToyProgram.WAIT, c = ToyProgram.CLEAR, all = ToyProgram.WAIT_ALL;
        List<Workload> workloads = new ArrayList<>();
        // Drawn by the regionHeavy generator (seed 1), locks made whole-array reads.
        workloads.add(new Workload("read/write", new ToyProgram(
                new int[][] {{ra, ra, ra, ra}, {m, w, ra, m, ra}, {m, wa, w, ra, m, ra}},
                new int[][] {{0, 0, 0, 0}, {0, 0, 0, 1, 0}, {17, 0, 0, 0, 1, 0}}, 2)));
        // Critical sections on two locks, with unprotected accesses around them.
        workloads.add(new Workload("locks", new ToyProgram(
                new int[][] {{l, r, w, u, w}, {l, r, w, u, r}, {r, l, w, u}, {l, r, u, w}},
                new int[][] {{0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {1, 1, 2, 1}, {1, 2, 1, 1}}, 3)));
        // A writer publishes, waits for each of three readers to have left, then frees (monotone waits, as
        // grace periods are); each reader loads, uses and leaves.
        workloads.add(new Workload("publish and wait for readers", new ToyProgram(
                new int[][] {{w, z, z, z, w}, {r, r, sig}, {r, r, sig}, {r, r, sig}},
                new int[][] {{0, 0, 1, 2, 1}, {0, 1, 0}, {0, 1, 1}, {0, 1, 2}}, 2, 3)));
        // Drawn by the signalHeavy generator: flags set and cleared by everyone, waits on one and on all.
        workloads.add(new Workload("flag storm", new ToyProgram(
                new int[][] {{sig, r, all, z}, {sig, c, all}, {sig, sig}, {sig, c, c}},
                new int[][] {{1, 1, 0, 1}, {1, 1, 0}, {1, 1}, {1, 0, 1}}, 3, 2)));
        System.out.println("| workload | strategy | executions | steps | seconds | steps/s | executions/s | notes |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Workload load : workloads) {
            ToyProgram p = load.program;
            ExplorationResult dfs = best(() -> new DfsExplorer().explore(p, ALL, ExecutionListener.NONE));
            row(load.name, "dfs", dfs, "");
            ExplorationResult dpor = best(() -> new DporExplorer().explore(p, ALL, ExecutionListener.NONE));
            TraceCanonicalizer traces = new TraceCanonicalizer();
            new DfsExplorer().explore(p, ALL, traces);
            row(load.name, "dpor", dpor, String.format(Locale.ROOT,
                    "traces %,d; DPOR/traces %.3f; sleep-set blocked %d, waits read too early %d",
                    traces.traceCount(), (double) dpor.executions / traces.traceCount(), dpor.sleepBlocked,
                    dpor.blockedExecutions));
            ExplorationResult split1 = best(() -> new ParallelDporExplorer(ParallelDporExplorer.DEFAULT_TASKS, 0)
                    .explore(p::copy, ALL, RunOptions.threads(1), ExecutionListener.NONE));
            row(load.name, "dpor split, 1 thread", split1, "subtrees " + split1.unitsTotal);
            ExplorationResult split2 = best(() -> new ParallelDporExplorer(ParallelDporExplorer.DEFAULT_TASKS, 0)
                    .explore(p::copy, ALL, RunOptions.threads(2), ExecutionListener.NONE));
            row(load.name, "dpor split, 2 threads", split2, String.format(Locale.ROOT, "speedup %.2f",
                    (double) split1.elapsedNanos / split2.elapsedNanos));
            Budget random = new Budget(100_000, 0, false);
            row(load.name, "random", best(() -> new RandomExplorer(1).explore(p, random, ExecutionListener.NONE)), "");
            row(load.name, "pct d=3", best(() -> new PctExplorer(1, 3).explore(p, random, ExecutionListener.NONE)),
                    "");
            System.out.println("|  |  |  |  |  |  |  | " + load.name + ": " + p + " |");
        }
    }

}
