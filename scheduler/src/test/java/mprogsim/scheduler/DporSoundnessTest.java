package mprogsim.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DPOR against plain DFS on seeded random programs: the same final outcomes (final state plus violation bits), the
 * same set of violations, and exactly one maximal execution per Mazurkiewicz trace (counted independently from the
 * DFS executions by {@link TraceCanonicalizer}). Redundant work, the sleep-set blocked executions, must be zero for
 * programs without blocking steps, and is reported for the others.
 */
class DporSoundnessTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);
    /** Plain DFS must stay cheap: programs with more interleavings than this are drawn again. */
    private static final long MAX_INTERLEAVINGS = 60_000;

    interface Generator {
        ToyProgram next(SplittableRandom rnd);
    }

    /** What the explorers saw, beyond the trace count. */
    static final class Observed implements ExecutionListener {
        final TraceCanonicalizer traces = new TraceCanonicalizer();
        final Set<String> outcomes = new HashSet<>();
        final Set<Long> violations = new HashSet<>();

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long v, boolean maximal) {
            if (maximal) {
                outcomes.add(program.outcome() + " violations " + v);
                violations.add(v);
            }
            traces.executionEnded(program, schedule, length, v, maximal);
        }
    }

    static final class Totals {
        int programs;
        long dporExecutions;
        long traces;
        long sleepBlocked;
        long blockedExecutions;
        int blockingPrograms;
        int programsWithRedundancy;
        int deadlockingPrograms;
        int assertingPrograms;

        String summary(String family) {
            return family + ": " + programs + " programs (" + blockingPrograms + " with blocking steps, "
                    + deadlockingPrograms + " that can deadlock, " + assertingPrograms + " that can fail an assertion)"
                    + "; DPOR executions " + dporExecutions + ", Mazurkiewicz traces " + traces
                    + ", redundant: sleep-set blocked " + sleepBlocked + ", waits read too early " + blockedExecutions
                    + " (in " + programsWithRedundancy + " programs)";
        }
    }

    @Test
    void mixedProgramsMatchPlainDfsWithOneExecutionPerTrace() {
        SplittableRandom rnd = new SplittableRandom(20261125);
        // Wide and shallow programs as well as narrow and deep ones.
        Totals t = run(400, rnd, r -> r.nextInt(4) == 3 ? ToyProgram.random(r, 4 + r.nextInt(2), 2, 3)
                : ToyProgram.random(r, 2 + r.nextInt(2), 4, 3));
        System.out.println(t.summary("mixed"));
    }

    @Test
    void plainReadWriteProgramsAreExploredOptimally() {
        SplittableRandom rnd = new SplittableRandom(7);
        Totals t = run(150, rnd, r -> readWriteOnly(ToyProgram.regionHeavy(r, 2 + r.nextInt(3), 4, 2 + r.nextInt(2))));
        assertEquals(0, t.blockingPrograms);
        assertEquals(0, t.sleepBlocked, "sleep-set blocked executions without any blocking step");
        assertEquals(t.traces, t.dporExecutions);
        System.out.println(t.summary("read/write only"));
    }

    @Test
    void lockHeavyProgramsMatchPlainDfs() {
        SplittableRandom rnd = new SplittableRandom(31337);
        Totals t = run(200, rnd, r -> ToyProgram.lockHeavy(r, 2 + r.nextInt(2), 5, 2));
        assertTrue(t.deadlockingPrograms > 10, "the generator should produce deadlocks: " + t.deadlockingPrograms);
        System.out.println(t.summary("lock-heavy"));
    }

    @Test
    void signalHeavyProgramsMatchPlainDfs() {
        SplittableRandom rnd = new SplittableRandom(4242);
        Totals t = run(200, rnd, r -> ToyProgram.signalHeavy(r, 2 + r.nextInt(3), 4, 2));
        assertTrue(t.deadlockingPrograms > 10, "the generator should produce stuck waits: " + t.deadlockingPrograms);
        System.out.println(t.summary("signal-heavy"));
    }

    @Test
    void regionHeavyProgramsMatchPlainDfs() {
        SplittableRandom rnd = new SplittableRandom(99);
        Totals t = run(150, rnd, r -> ToyProgram.regionHeavy(r, 2 + r.nextInt(3), 4, 3));
        System.out.println(t.summary("region-heavy"));
    }

    @Test
    void stoppingAtTheFirstViolationFindsOneWheneverDfsFindsAny() {
        SplittableRandom rnd = new SplittableRandom(555);
        Budget stop = new Budget(Long.MAX_VALUE, 0, true);
        int violating = 0;
        for (int i = 0; i < 300; i++) {
            ToyProgram p = draw(rnd, r -> switch (r.nextInt(3)) {
                case 0 -> ToyProgram.lockHeavy(r, 2 + r.nextInt(2), 5, 2);
                case 1 -> ToyProgram.signalHeavy(r, 2 + r.nextInt(3), 4, 2);
                default -> ToyProgram.regionHeavy(r, 2 + r.nextInt(3), 4, 2);
            });
            Observed dfs = new Observed();
            new DfsExplorer().explore(p, ALL, dfs);
            boolean dfsViolates = dfs.violations.stream().anyMatch(v -> v != 0);
            ExplorationResult r = new DporExplorer().explore(p, stop, ExecutionListener.NONE);
            String where = "program " + i + " " + p;
            assertEquals(dfsViolates, r.violation != 0, where);
            if (dfsViolates) {
                violating++;
                assertEquals("violation", r.stopReason, where);
                // DFS ran every execution to its end; the stopped one broke a subset of what its completion breaks.
                assertTrue(dfs.violations.stream().anyMatch(v -> (v & r.violation) == r.violation), where);
                // The reported schedule, replayed step by step, breaks the same invariants.
                p.reset();
                for (int q : r.violatingSchedule) {
                    assertEquals(Program.ENABLED, p.status(q), where);
                    p.step(q);
                }
                long replayed = p.violations();
                if (replayed == 0) {
                    replayed = p.finish();
                }
                assertEquals(r.violation, replayed, where);
            } else {
                assertTrue(r.complete, where);
            }
        }
        assertTrue(violating > 50, "too few violating programs to mean anything: " + violating);
    }

    private static ToyProgram readWriteOnly(ToyProgram p) {
        for (int t = 0; t < p.kind.length; t++) {
            for (int i = 0; i < p.kind[t].length; i++) {
                int k = p.kind[t][i];
                if (k == ToyProgram.LOCK || k == ToyProgram.UNLOCK) {
                    p.kind[t][i] = ToyProgram.READ_ALL;
                }
            }
        }
        return p.copy();
    }

    static ToyProgram draw(SplittableRandom rnd, Generator g) {
        while (true) {
            ToyProgram p = g.next(rnd);
            if (p.interleavingBound() <= MAX_INTERLEAVINGS) {
                return p;
            }
        }
    }

    static boolean hasBlockingSteps(ToyProgram p) {
        for (int[] k : p.kind) {
            for (int s : k) {
                if (s == ToyProgram.LOCK || s == ToyProgram.LOCK_READ || s == ToyProgram.WAIT
                        || s == ToyProgram.WAIT_ALL) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Totals run(int count, SplittableRandom rnd, Generator g) {
        Totals t = new Totals();
        for (int i = 0; i < count; i++) {
            ToyProgram p = draw(rnd, g);
            String where = "program " + i + " " + p;
            Observed dfs = new Observed();
            ExplorationResult rd = new DfsExplorer().explore(p, ALL, dfs);
            assertTrue(rd.complete, where);
            Observed dp = new Observed();
            DporExplorer dpor = new DporExplorer();
            ExplorationResult rp = dpor.explore(p, ALL, dp);
            assertTrue(rp.complete, where);
            assertEquals(dfs.outcomes, dp.outcomes, "outcomes differ for " + where);
            assertEquals(dfs.violations, dp.violations, "violations differ for " + where);
            assertEquals(0, rp.footprintMismatches, where);
            assertEquals(0, rp.infeasibleSteps, where);
            assertEquals(0, dp.traces.duplicates(), "a trace explored twice for " + where);
            assertEquals(dfs.traces.traceCount(), dp.traces.traceCount(), "traces reached differ for " + where);
            assertEquals(rp.executions - rp.sleepBlocked - rp.blockedExecutions, dp.traces.traceCount(), where);
            boolean blocking = hasBlockingSteps(p);
            if (!blocking) {
                assertEquals(0, rp.sleepBlocked + rp.blockedExecutions, "redundant executions for " + where);
            }
            t.programs++;
            t.dporExecutions += rp.executions;
            t.traces += dfs.traces.traceCount();
            t.sleepBlocked += rp.sleepBlocked;
            t.blockedExecutions += rp.blockedExecutions;
            t.blockingPrograms += blocking ? 1 : 0;
            t.programsWithRedundancy += rp.sleepBlocked + rp.blockedExecutions > 0 ? 1 : 0;
            t.deadlockingPrograms += dfs.violations.stream().anyMatch(v -> (v & ToyProgram.DEADLOCK) != 0) ? 1 : 0;
            t.assertingPrograms += dfs.violations.stream().anyMatch(v -> (v & ToyProgram.ASSERTION) != 0) ? 1 : 0;
        }
        assertNotEquals(0, t.traces);
        return t;
    }
}
