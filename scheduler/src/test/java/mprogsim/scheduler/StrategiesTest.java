package mprogsim.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);
    private static final Budget STOP = new Budget(Long.MAX_VALUE, 0, true);

    private static final int R = ToyProgram.READ, W = ToyProgram.WRITE, L = ToyProgram.LOCK, U = ToyProgram.UNLOCK;

    /** t0 takes lock 0 and keeps it for two steps; t1 wants it too. */
    private static ToyProgram lockPair() {
        return new ToyProgram(new int[][] {{L, W, U}, {L, R, U}}, new int[][] {{0, 0, 0}, {0, 0, 0}}, 1);
    }

    /** Every schedule the listener sees, as text. */
    private static final class Schedules implements ExecutionListener {
        final List<String> all = new ArrayList<>();

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal) {
            all.add(Schedule.encode(schedule, length));
        }
    }

    // ---- replay -----------------------------------------------------------------------------------------------

    @Test
    void replayRerunsAViolatingScheduleExactly() {
        LostUpdateProgram p = new LostUpdateProgram(2, 1);
        ExplorationResult found = new DfsExplorer().explore(p, STOP, ExecutionListener.NONE);
        assertEquals(LostUpdateProgram.LOST_UPDATE, found.violation);
        ExplorationResult again = new ReplayExplorer(found.violatingScheduleText()).explore(p, STOP,
                ExecutionListener.NONE);
        assertEquals(found.violation, again.violation);
        assertArrayEquals(found.violatingSchedule, again.violatingSchedule);
        assertEquals(1, again.executions);
        assertEquals("counter=1", p.outcome());
    }

    @Test
    void replayNamesTheStepWhenTheScheduleNamesABlockedProcess() {
        ScheduleMismatchException e = assertThrows(ScheduleMismatchException.class,
                () -> new ReplayExplorer("0.1").explore(lockPair(), ALL, ExecutionListener.NONE));
        assertEquals(1, e.step);
        assertEquals(1, e.process);
        assertTrue(e.getMessage().contains("schedule step 1 names process 1 (t1), which is blocked"), e.getMessage());
        assertTrue(e.getMessage().contains("enabled there: 0 (t0)"), e.getMessage());
    }

    @Test
    void replayNamesTheStepWhenTheScheduleRunsPastTheEnd() {
        ScheduleMismatchException e = assertThrows(ScheduleMismatchException.class,
                () -> new ReplayExplorer("0*4").explore(lockPair(), ALL, ExecutionListener.NONE));
        assertEquals(3, e.step);
        assertTrue(e.getMessage().contains("which has finished"), e.getMessage());
        ScheduleMismatchException unknown = assertThrows(ScheduleMismatchException.class,
                () -> new ReplayExplorer("0.7").explore(lockPair(), ALL, ExecutionListener.NONE));
        assertTrue(unknown.getMessage().contains("names process 7, but the program has 2 processes"),
                unknown.getMessage());
    }

    @Test
    void replayRefusesStepsAfterTheViolationItStopsAt() {
        ToyProgram p = new ToyProgram(new int[][] {{ToyProgram.CHECK, R}}, new int[][] {{0, 0}}, 1);
        // Process 1 stores 101, whose low bits 01 make process 0's CHECK fail.
        ToyProgram q = new ToyProgram(new int[][] {{ToyProgram.CHECK, R}, {W}}, new int[][] {{0, 0}, {0}}, 1);
        ScheduleMismatchException e = assertThrows(ScheduleMismatchException.class,
                () -> new ReplayExplorer("1.0*2").explore(q, STOP, ExecutionListener.NONE));
        assertEquals(2, e.step);
        assertTrue(e.getMessage().contains("comes after the violation at step 1 (assertion)"), e.getMessage());
        assertEquals(ToyProgram.ASSERTION,
                new ReplayExplorer("1.0").explore(q, STOP, ExecutionListener.NONE).violation);
        assertEquals(0, new ReplayExplorer("0*2").explore(p, STOP, ExecutionListener.NONE).violation);
    }

    @Test
    void traceDescribesEveryStep() {
        List<TraceStep> steps = ReplayExplorer.trace(new LostUpdateProgram(2, 0), Schedule.decode("0.1*2.0"));
        assertEquals(List.of("inc0 load counter", "inc1 load counter", "inc1 store counter", "inc0 store counter"),
                steps.stream().map(s -> s.processName() + " " + s.description()).toList());
    }

    // ---- random -----------------------------------------------------------------------------------------------

    @Test
    void randomIsDeterministicPerSeedAndEachExecutionReproducesOnItsOwn() {
        ToyProgram p = DporSoundnessTest.draw(new SplittableRandom(3), r -> ToyProgram.lockHeavy(r, 3, 5, 2));
        Budget budget = new Budget(300, 0, false);
        Schedules a = new Schedules();
        Schedules b = new Schedules();
        ExplorationResult ra = new RandomExplorer(42).explore(p, budget, a);
        ExplorationResult rb = new RandomExplorer(42).explore(p, budget, b);
        assertEquals(ra.deterministicText(), rb.deterministicText());
        assertEquals(a.all, b.all);
        assertEquals(300, a.all.size());
        assertTrue(ra.complete);
        Schedules c = new Schedules();
        new RandomExplorer(43).explore(p, budget, c);
        assertNotEquals(a.all, c.all);
        for (int i : new int[] {0, 1, 63, 64, 200, 299}) {
            Schedules one = new Schedules();
            new RandomExplorer(42).exploreExecutions(p, i, i + 1, budget, one);
            assertEquals(List.of(a.all.get(i)), one.all, "execution " + i);
        }
    }

    @Test
    void randomChoosesUniformlyAmongEnabledProcesses() {
        // Three one-step processes: each of the six orders should come up about equally often.
        ToyProgram p = new ToyProgram(new int[][] {{R}, {R}, {R}}, new int[][] {{0}, {0}, {0}}, 1);
        Schedules s = new Schedules();
        new RandomExplorer(7).explore(p, new Budget(6000, 0, false), s);
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        s.all.forEach(x -> counts.merge(x, 1L, Long::sum));
        assertEquals(6, counts.size());
        // Binomial(6000, 1/6): mean 1000, standard deviation 29; allow six of them.
        counts.values().forEach(c -> assertTrue(c > 826 && c < 1174, counts.toString()));
    }

    @Test
    void randomRecordsSeedIndexAndScheduleOfTheViolationItFinds() {
        LostUpdateProgram p = new LostUpdateProgram(3, 2);
        ExplorationResult r = new RandomExplorer(11).explore(p, new Budget(1000, 0, true), ExecutionListener.NONE);
        assertEquals(LostUpdateProgram.LOST_UPDATE, r.violation);
        assertEquals(11, r.seed);
        assertEquals("violation", r.stopReason);
        assertEquals(r.violationExecution + 1, r.executions);
        Schedules one = new Schedules();
        ExplorationResult alone = new RandomExplorer(11).exploreExecutions(p, r.violationExecution,
                r.violationExecution + 1, ALL, one);
        assertEquals(List.of(r.violatingScheduleText()), one.all);
        assertEquals(r.violation, alone.violation);
        assertEquals(r.violation,
                new ReplayExplorer(r.violatingSchedule).explore(p, STOP, ExecutionListener.NONE).violation);
    }

    // ---- PCT --------------------------------------------------------------------------------------------------

    @Test
    void pctIsDeterministicAndRecordsItsStepEstimate() {
        ToyProgram p = DporSoundnessTest.draw(new SplittableRandom(5), r -> ToyProgram.signalHeavy(r, 3, 4, 2));
        Budget budget = new Budget(200, 0, false);
        Schedules a = new Schedules();
        Schedules b = new Schedules();
        ExplorationResult ra = new PctExplorer(9, 3).explore(p, budget, a);
        ExplorationResult rb = new PctExplorer(9, 3).explore(p, budget, b);
        assertEquals(ra.deterministicText(), rb.deterministicText());
        assertEquals(a.all, b.all);
        assertEquals(3, ra.pctDepth);
        assertTrue(ra.pctSteps >= 1);
        assertEquals(25, new PctExplorer(9, 3, 25).explore(p, budget, ExecutionListener.NONE).pctSteps);
        Schedules one = new Schedules();
        new PctExplorer(9, 3).exploreExecutions(p, 150, 151, budget, one);
        assertEquals(List.of(a.all.get(150)), one.all);
    }

    @Test
    void pctOfDepthOneNeverPreemptsAndDepthTwoFindsALostUpdate() {
        LostUpdateProgram p = new LostUpdateProgram(3, 3);
        Schedules s = new Schedules();
        ExplorationResult d1 = new PctExplorer(1, 1).explore(p, new Budget(300, 0, false), s);
        assertEquals(0, d1.violationsSeen, "without change points every process runs to its end");
        for (String sched : s.all) {
            assertEquals(3, sched.split("\\.").length, sched);
        }
        ExplorationResult d2 = new PctExplorer(1, 2).explore(p, new Budget(300, 0, true), ExecutionListener.NONE);
        assertEquals(LostUpdateProgram.LOST_UPDATE, d2.violation);
        assertEquals(2, d2.pctDepth);
        // One change point: the violating execution has exactly one preemption.
        assertEquals(1, preemptions(p, d2.violatingSchedule));
    }

    // ---- preemption bound -------------------------------------------------------------------------------------

    /** Context switches away from a process that was still enabled. */
    static int preemptions(Program p, int[] schedule) {
        p.reset();
        int count = 0;
        for (int i = 0; i < schedule.length; i++) {
            if (i > 0 && schedule[i] != schedule[i - 1] && p.status(schedule[i - 1]) == Program.ENABLED) {
                count++;
            }
            p.step(schedule[i]);
        }
        return count;
    }

    @Test
    void boundedExplorationRunsExactlyTheDfsSchedulesWithinTheBound() {
        SplittableRandom rnd = new SplittableRandom(77);
        for (int i = 0; i < 60; i++) {
            ToyProgram p = DporSoundnessTest.draw(rnd, r -> switch (r.nextInt(3)) {
                case 0 -> ToyProgram.lockHeavy(r, 2 + r.nextInt(2), 4, 2);
                case 1 -> ToyProgram.signalHeavy(r, 2 + r.nextInt(2), 4, 2);
                default -> ToyProgram.regionHeavy(r, 2 + r.nextInt(2), 4, 2);
            });
            Schedules dfs = new Schedules();
            new DfsExplorer().explore(p, ALL, dfs);
            for (int bound = 0; bound <= 3; bound++) {
                Set<String> expected = new HashSet<>();
                for (String sched : dfs.all) {
                    if (preemptions(p, Schedule.decode(sched)) <= bound) {
                        expected.add(sched);
                    }
                }
                Schedules bounded = new Schedules();
                ExplorationResult r = new PreemptionBoundedExplorer(bound).explore(p, ALL, bounded);
                assertTrue(r.complete);
                assertEquals(bounded.all.size(), new HashSet<>(bounded.all).size(), "a schedule run twice");
                assertEquals(expected, new HashSet<>(bounded.all), "program " + i + " " + p + " bound " + bound);
                assertEquals(bound, r.preemptionBound);
            }
        }
    }

    @Test
    void aLostUpdateNeedsOnePreemption() {
        LostUpdateProgram p = new LostUpdateProgram(2, 2);
        ExplorationResult none = new PreemptionBoundedExplorer(0).explore(p, STOP, ExecutionListener.NONE);
        assertTrue(none.complete);
        assertEquals(0, none.violation);
        assertEquals(2, none.executions, "without preemptions, two processes run in one order or the other");
        ExplorationResult one = new PreemptionBoundedExplorer(1).explore(p, STOP, ExecutionListener.NONE);
        assertEquals(LostUpdateProgram.LOST_UPDATE, one.violation);
        assertEquals(1, preemptions(p, one.violatingSchedule));
        assertFalse(one.complete);
    }
}
