package mprogsim.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);
    private static final Budget STOP = new Budget(Long.MAX_VALUE, 0, true);

    /** A listener for several threads: the soundness checks only need sets. */
    private static final class SharedObserved implements ExecutionListener {
        final DporSoundnessTest.Observed inner = new DporSoundnessTest.Observed();

        @Override
        public synchronized void executionEnded(Program program, int[] schedule, int length, long violations,
                                                boolean maximal) {
            inner.executionEnded(program, schedule, length, violations, maximal);
        }
    }

    private static ToyProgram program(SplittableRandom rnd) {
        return DporSoundnessTest.draw(rnd, r -> switch (r.nextInt(4)) {
            case 0 -> ToyProgram.lockHeavy(r, 2 + r.nextInt(3), 5, 2);
            case 1 -> ToyProgram.signalHeavy(r, 2 + r.nextInt(3), 4, 2);
            case 2 -> ToyProgram.regionHeavy(r, 2 + r.nextInt(3), 4, 3);
            default -> ToyProgram.random(r, 2 + r.nextInt(3), 4, 3);
        });
    }

    @Test
    void splitDporReachesTheOutcomesOfPlainDfsWithEachTraceOnce() {
        SplittableRandom rnd = new SplittableRandom(2024);
        long executions = 0;
        long traces = 0;
        for (int i = 0; i < 150; i++) {
            ToyProgram p = program(rnd);
            DporSoundnessTest.Observed dfs = new DporSoundnessTest.Observed();
            new DfsExplorer().explore(p, ALL, dfs);
            int tasks = 1 << rnd.nextInt(6);
            SharedObserved split = new SharedObserved();
            ExplorationResult r = new ParallelDporExplorer(tasks, 0).explore(p::copy, ALL, RunOptions.threads(2),
                    split);
            String where = "program " + i + " " + p + " split into " + tasks;
            assertTrue(r.complete, where);
            assertEquals(dfs.outcomes, split.inner.outcomes, where);
            assertEquals(dfs.violations, split.inner.violations, where);
            assertEquals(0, split.inner.traces.duplicates(), where);
            assertEquals(dfs.traces.traceCount(), split.inner.traces.traceCount(), where);
            assertEquals(r.executions - r.sleepBlocked - r.blockedExecutions, dfs.traces.traceCount(), where);
            executions += r.executions;
            traces += dfs.traces.traceCount();
        }
        System.out.println("split DPOR: executions " + executions + ", Mazurkiewicz traces " + traces);
    }

    @Test
    void aTaskWhosePrefixHoldsTheViolationReportsIt() {
        // t0: r0 K0 K1, t1: W0. When a subtree's prefix is a whole execution, or its last steps add nothing, the
        // violation raised in the prefix must still be reported.
        ToyProgram p = new ToyProgram(new int[][] {{ToyProgram.READ_ALL, ToyProgram.CHECK, ToyProgram.CHECK},
                {ToyProgram.WRITE}}, new int[][] {{0, 0, 1}, {0}}, 2);
        DporSoundnessTest.Observed dfs = new DporSoundnessTest.Observed();
        new DfsExplorer().explore(p, ALL, dfs);
        assertTrue(dfs.violations.contains(ToyProgram.ASSERTION));
        for (int tasks = 1; tasks <= 64; tasks *= 2) {
            DporSoundnessTest.Observed split = new DporSoundnessTest.Observed();
            new ParallelDporExplorer(tasks, 0).explore(p, ALL, split);
            assertEquals(dfs.outcomes, split.outcomes, "split into " + tasks);
        }
    }

    interface Strategy {
        ParallelExplorer make();
    }

    /** The same result, byte for byte, on 1 to 3 threads and merged from 1 to 4 shards (read back from text). */
    private static void assertSameWhateverTheSplit(ParallelExplorer explorer, Supplier<ToyProgram> programs,
                                                   Budget budget, String where) {
        String single = explorer.explore(programs, budget, RunOptions.single(), ExecutionListener.NONE)
                .deterministicText();
        for (int threads = 2; threads <= 3; threads++) {
            String text = explorer.explore(programs, budget, RunOptions.threads(threads), ExecutionListener.NONE)
                    .deterministicText();
            assertEquals(single, text, where + " on " + threads + " threads");
        }
        for (int shards = 1; shards <= 4; shards++) {
            List<ExplorationResult> parts = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                RunOptions options = RunOptions.threads(1 + s % 2).withShard(s, shards);
                String written = explorer.explore(programs, budget, options, ExecutionListener.NONE).toText();
                parts.add(ExplorationResult.parse(written));
            }
            assertEquals(single, ExplorationResult.merge(parts).deterministicText(),
                    where + " merged from " + shards + " shards");
        }
    }

    @Test
    void verdictCounterexampleAndCountsDoNotDependOnThreadsOrShards() {
        SplittableRandom rnd = new SplittableRandom(8);
        List<Strategy> strategies = List.of(
                () -> new ParallelDporExplorer(16, 0),
                () -> new ParallelDporExplorer(),
                () -> new RandomExplorer(5),
                () -> new PctExplorer(5, 3),
                () -> new PreemptionBoundedExplorer(2));
        int violating = 0;
        for (int i = 0; i < 12; i++) {
            ToyProgram p = program(rnd);
            for (Strategy s : strategies) {
                ParallelExplorer e = s.make();
                Budget limited = e instanceof RandomizedExplorer ? new Budget(500, 0, false) : ALL;
                Budget stopping = new Budget(limited.maxExecutions(), 0, true);
                assertSameWhateverTheSplit(e, p::copy, limited, "program " + i + " " + e.name());
                assertSameWhateverTheSplit(s.make(), p::copy, stopping, "program " + i + " " + e.name()
                        + " stopping at a violation");
                ExplorationResult r = s.make().explore(p::copy, stopping, RunOptions.threads(2),
                        ExecutionListener.NONE);
                violating += r.violation != 0 ? 1 : 0;
            }
        }
        assertTrue(violating > 10, "too few violations to compare counterexamples: " + violating);
    }

    @Test
    void theReportedCounterexampleIsTheFirstInSequentialOrder() {
        LostUpdateProgram p = new LostUpdateProgram(3, 3);
        Supplier<LostUpdateProgram> programs = () -> new LostUpdateProgram(3, 3);
        ExplorationResult sequential = new PreemptionBoundedExplorer(1).explore(p, STOP, ExecutionListener.NONE);
        ExplorationResult parallel = new PreemptionBoundedExplorer(1).explore(programs, STOP, RunOptions.threads(3),
                ExecutionListener.NONE);
        assertEquals(sequential.violatingScheduleText(), parallel.violatingScheduleText());
        assertEquals(sequential.violationExecution, parallel.violationExecution);
        assertEquals(sequential.executions, parallel.executions);
        ExplorationResult random = new RandomExplorer(3).explore(programs, new Budget(5000, 0, true),
                RunOptions.threads(3), ExecutionListener.NONE);
        ExplorationResult randomAlone = new RandomExplorer(3).explore(p, new Budget(5000, 0, true),
                ExecutionListener.NONE);
        assertEquals(randomAlone.violationExecution, random.violationExecution);
        assertEquals(random.violationExecution + 1, random.executions);
    }

    @Test
    void shardResultsAreCheckedBeforeMerging() {
        ToyProgram p = program(new SplittableRandom(1));
        RandomExplorer e = new RandomExplorer(1);
        Budget b = new Budget(300, 0, false);
        ExplorationResult s0 = e.explore(p::copy, b, RunOptions.single().withShard(0, 2), ExecutionListener.NONE);
        ExplorationResult s1 = e.explore(p::copy, b, RunOptions.single().withShard(1, 2), ExecutionListener.NONE);
        ExplorationResult other = new RandomExplorer(2).explore(p::copy, b, RunOptions.single().withShard(1, 2),
                ExecutionListener.NONE);
        assertTrue(ExplorationResult.merge(List.of(s0, s1)).complete);
        ExplorationResult half = ExplorationResult.merge(List.of(s0));
        assertFalse(half.complete);
        assertEquals("units missing", half.stopReason);
        assertThrows(IllegalArgumentException.class, () -> ExplorationResult.merge(List.of(s0, other)));
        assertThrows(IllegalArgumentException.class, () -> ExplorationResult.merge(List.of(s0, s0)));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ExplorationResult.parse("mprogsim-exploration 1\nexecutions many\n"));
        assertTrue(bad.getMessage().startsWith("line 2:"), bad.getMessage());
    }

    @Test
    void textFormRoundTripsEveryField() {
        ToyProgram p = program(new SplittableRandom(4));
        ExplorationResult r = new PctExplorer(4, 2).explore(p::copy, new Budget(200, 0, true), RunOptions.threads(2),
                ExecutionListener.NONE);
        r.stopReason = "a reason with spaces, = and %";
        String text = r.toText();
        assertEquals(text, ExplorationResult.parse(text).toText());
        assertNotNull(ExplorationResult.parse(text).units);
    }

    @Test
    void progressReportsAreConsistent() {
        ToyProgram p = DporSoundnessTest.draw(new SplittableRandom(12), r -> ToyProgram.regionHeavy(r, 3, 4, 3));
        List<Progress> reports = new ArrayList<>();
        ProgressListener listener = pr -> {
            synchronized (reports) {
                reports.add(pr);
            }
        };
        RunOptions options = RunOptions.threads(2).withProgress(listener).withProgressInterval(0);
        ExplorationResult r = new ParallelDporExplorer(8, 0).explore(p::copy, ALL, options, ExecutionListener.NONE);
        assertFalse(reports.isEmpty());
        for (Progress pr : reports) {
            assertTrue(pr.executions() <= r.executions, pr.toString());
            assertTrue(pr.unitsDone() <= pr.unitsTotal(), pr.toString());
            assertEquals(r.unitsTotal, pr.unitsTotal(), pr.toString());
            assertTrue(pr.estimatedTotalExecutions() >= 1, pr.toString());
        }
    }
}
