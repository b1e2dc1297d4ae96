package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DfsExplorer;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.NormalFormExplorer;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.TraceCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * DPOR on the simulator must reach exactly the outcomes and violations plain DFS reaches: this checks the
 * footprints the simulator declares as much as the explorer.
 */
class SimulationSoundnessTest {
    private static final Budget ALL = new Budget(2_000_000, 0, false);

    @Test
    void dporMatchesPlainDfsOnSmallRandomScenarios() {
        SplittableRandom rnd = new SplittableRandom(20261202);
        long dporExecutions = 0;
        long dporMaximal = 0;
        long traces = 0;
        int checked = 0;
        for (int i = 0; checked < 25 && i < 200; i++) {
            SimConfig c = RandomScenarios.small(rnd, i % 2 == 1);
            TcxSimulation sim = new TcxSimulation(c);
            sim.continueAfterViolation(true);
            TraceCanonicalizer dfs = new TraceCanonicalizer();
            Outcomes dfsOutcomes = new Outcomes(dfs);
            ExplorationResult rd = new DfsExplorer().explore(sim, new Budget(20_000, 0, false), dfsOutcomes);
            if (!rd.complete) {
                continue;
            }
            checked++;
            Outcomes dpOutcomes = new Outcomes(ExecutionListener.NONE);
            DporExplorer dpor = new DporExplorer();
            ExplorationResult rp = dpor.explore(sim, ALL, dpOutcomes);
            assertTrue(rp.complete);
            assertTrue(rp.footprintContractHeld(), "scenario " + i + ": footprint contract");
            assertEquals(dfsOutcomes.seen, dpOutcomes.seen, "scenario " + i + ": outcomes differ");
            assertEquals(dfs.traceCount(), dpOutcomes.maximal, "scenario " + i + ": maximal executions vs traces");
            dporExecutions += rp.executions;
            dporMaximal += dpOutcomes.maximal;
            traces += dfs.traceCount();
        }
        System.out.println("small simulator scenarios: " + checked + ", DPOR executions " + dporExecutions + " ("
                + dporMaximal + " maximal, the rest waited too early), Mazurkiewicz traces (plain DFS, canonical "
                + "forms) " + traces);
        assertTrue(checked >= 20, "only " + checked + " scenarios small enough for plain DFS");
    }

    @Test
    void dporMatchesNormalFormSearchOnLargerRandomScenarios() {
        SplittableRandom rnd = new SplittableRandom(1202);
        long dporExecutions = 0;
        long dporMaximal = 0;
        long traces = 0;
        int checked = 0;
        for (int i = 0; checked < 25 && i < 200; i++) {
            SimConfig c = RandomScenarios.random(rnd, i % 2 == 1);
            TcxSimulation sim = new TcxSimulation(c);
            sim.continueAfterViolation(true);
            Outcomes nf = new Outcomes(ExecutionListener.NONE);
            ExplorationResult rn = new NormalFormExplorer().explore(sim, new Budget(20_000, 0, false), nf);
            if (!rn.complete) {
                continue;
            }
            checked++;
            Outcomes dp = new Outcomes(ExecutionListener.NONE);
            DporExplorer dpor = new DporExplorer();
            ExplorationResult rp = dpor.explore(sim, ALL, dp);
            assertTrue(rp.complete);
            assertTrue(rp.footprintContractHeld(), "scenario " + i + ": footprint contract");
            assertEquals(nf.seen, dp.seen, "scenario " + i + ": outcomes differ");
            assertEquals(rn.executions, dp.maximal, "scenario " + i + ": maximal executions vs traces");
            dporExecutions += rp.executions;
            dporMaximal += dp.maximal;
            traces += rn.executions;
        }
        System.out.println("larger simulator scenarios: " + checked + ", DPOR executions " + dporExecutions + " ("
                + dporMaximal + " maximal, the rest waited too early), Mazurkiewicz traces (normal forms) " + traces);
        assertTrue(checked >= 20, "only " + checked + " scenarios within the normal-form budget");
    }

    /** The outcomes of maximal executions (an execution cut short by a sleep set shows nothing new). */
    private static final class Outcomes implements ExecutionListener {
        final Set<String> seen = new HashSet<>();
        long maximal;
        private final ExecutionListener next;

        Outcomes(ExecutionListener next) {
            this.next = next;
        }

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal) {
            if (maximal) {
                seen.add(program.outcome());
                this.maximal++;
            }
            next.executionEnded(program, schedule, length, violations, maximal);
        }
    }
}
