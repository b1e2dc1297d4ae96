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
 * DPOR on the simulator must reach exactly the outcomes and violations every interleaving reaches: this checks the
 * footprints the simulator declares as much as the explorer. The trace counts here use the declared footprints;
 * {@link ActualDependenceTest} counts traces from what the steps actually do.
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

    /**
     * At the size the issue asks for (up to 2 writers x 2 ops, 2 readers x 1 to 2 passes, max_progs 2 to 3, links
     * and a teardown sometimes): the outcomes and violations DPOR reaches must be those of every interleaving. Plain
     * DFS lists interleavings, about 200,000 in 5 s for a scenario of ten traces, so the reference here is the
     * same search over the state graph ({@link StateGraphSearch}: interleavings that reach one state are merged,
     * footprints are never read), which reaches exactly the outcomes plain DFS reaches.
     */
    @Test
    void dporMatchesEveryInterleavingAtSize() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        int checked = 0;
        int skipped = 0;
        long traces = 0;
        long states = 0;
        for (int i = 0; checked < 200 && i < 1000; i++) {
            SimConfig c = RandomScenarios.sized(rnd, i % 2 == 1);
            TcxSimulation sim = new TcxSimulation(c);
            Outcomes dp = new Outcomes(ExecutionListener.NONE);
            ExplorationResult rp = new DporExplorer().explore(sim, new Budget(DPOR_AT_SIZE, 0, false), dp);
            if (!rp.complete) {
                skipped++;
                continue;
            }
            StateGraphSearch all = new StateGraphSearch(sim);
            if (!all.run(STATES_AT_SIZE)) {
                skipped++;
                continue;
            }
            checked++;
            assertTrue(rp.footprintContractHeld(), "scenario " + i + ": footprint contract");
            assertEquals(all.outcomes, dp.seen, "scenario " + i + ": outcomes differ");
            assertEquals(Invariant.names(all.violations), Invariant.names(dp.violations),
                    "scenario " + i + ": violated invariants differ");
            traces += dp.maximal;
            states += all.states();
        }
        System.out.println("simulator scenarios at size: " + checked + " (" + skipped + " over the budget), "
                + traces + " traces (DPOR's maximal executions), " + states + " states of every interleaving");
        assertEquals(200, checked, "too many scenarios over the budget");
        assertTrue(traces >= 20_000, "only " + traces + " traces");
    }

    /**
     * The qdisc ops as RTNL writers (qdisc add, replace, delete, chain 0, holds), a bpf writer, a reader and
     * sometimes a teardown, with and without the qdisc-side variants: DPOR reaches the outcomes and violations of
     * every interleaving (the state-graph search, which reads no footprint).
     */
    @Test
    void dporMatchesEveryInterleavingWithQdiscs() {
        SplittableRandom rnd = new SplittableRandom(909);
        int checked = 0;
        long traces = 0;
        long violating = 0;
        for (int i = 0; checked < 80 && i < 400; i++) {
            SimConfig c = RandomScenarios.qdisc(rnd, i % 2 == 1);
            TcxSimulation sim = new TcxSimulation(c);
            Outcomes dp = new Outcomes(ExecutionListener.NONE);
            ExplorationResult rp = new DporExplorer().explore(sim, new Budget(DPOR_AT_SIZE, 0, false), dp);
            if (!rp.complete) {
                continue;
            }
            StateGraphSearch all = new StateGraphSearch(sim);
            if (!all.run(STATES_AT_SIZE)) {
                continue;
            }
            checked++;
            assertTrue(rp.footprintContractHeld(), "scenario " + i + ": footprint contract");
            assertEquals(all.outcomes, dp.seen, "scenario " + i + ": outcomes differ");
            assertEquals(Invariant.names(all.violations), Invariant.names(dp.violations),
                    "scenario " + i + ": violated invariants differ");
            traces += dp.maximal;
            violating += dp.violations != 0 ? 1 : 0;
        }
        System.out.println("qdisc scenarios: " + checked + ", " + traces + " traces, " + violating
                + " with a violation");
        assertEquals(80, checked, "too many qdisc scenarios over the budget");
        assertTrue(violating >= 3, "only " + violating + " qdisc scenarios break an invariant");
    }

    private static final long DPOR_AT_SIZE = 20_000;
    private static final int STATES_AT_SIZE = 30_000;

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
        long violations;
        private final ExecutionListener next;

        Outcomes(ExecutionListener next) {
            this.next = next;
        }

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal) {
            if (maximal) {
                seen.add(program.outcome());
                this.maximal++;
                this.violations |= ((TcxSimulation) program).allViolations();
            }
            next.executionEnded(program, schedule, length, violations, maximal);
        }
    }
}
