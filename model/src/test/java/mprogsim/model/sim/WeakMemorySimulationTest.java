package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DfsExplorer;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.stateful.StatefulExplorer;
import org.junit.jupiter.api.Test;

/**
 * The simulator in weak memory as a stateful program: save and restore give back the whole state (histories, views,
 * read choices included), and the stateful search with its canonical form and sleep sets over the read-choice
 * processes finds exactly the invariants and outcomes of plain DFS over every interleaving and every read choice.
 */
class WeakMemorySimulationTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);

    /** The config in weak memory, sometimes with prog_init "racing", sometimes with one weak-only variant added. */
    private static SimConfig weak(SimConfig c, SplittableRandom rnd) {
        int v = rnd.nextInt(5);
        SimConfig w = c.withMemory(new MemoryModel(true, rnd.nextInt(3) == 0, null));
        if (v < 3) {
            mprogsim.model.tcx.Variant[] weakOnly = {mprogsim.model.tcx.Variant.PUBLISH_WITHOUT_RELEASE,
                    mprogsim.model.tcx.Variant.ENTRY_LOAD_PLAIN, mprogsim.model.tcx.Variant.SYNC_WITHOUT_BARRIER};
            w = new SimConfig(w.maxProgs(), w.progTypes(), w.progNames(), w.linkNames(), w.initial(), w.threads(),
                    w.variants() | weakOnly[v].bit(), w.progFreeImmediate(), w.strictReleaseCheck(), w.memory());
        }
        return w;
    }

    @Test
    void restoreGivesBackTheWholeWeakState() {
        SplittableRandom rnd = new SplittableRandom(11);
        int compared = 0;
        for (int i = 0; i < 150; i++) {
            SimConfig c = weak(RandomScenarios.sized(rnd, i % 2 == 1), rnd);
            TcxSimulation sim = new TcxSimulation(c);
            TcxSimulation other = new TcxSimulation(c);
            int[] saved = new int[sim.maxStateInts()];
            for (int depth = 0; depth < 200; depth++) {
                int p = StatefulSimulationTest.pickEnabled(sim, rnd);
                if (p < 0) {
                    break;
                }
                String before = sim.stateText() + StatefulSimulationTest.statuses(sim);
                int len = sim.saveState(saved, 0);
                assertTrue(len <= sim.maxStateInts());
                int[] canon = new int[sim.maxStateInts()];
                int clen = sim.canonicalState(canon, 0, true, new int[sim.processes()]);
                assertTrue(clen <= sim.maxStateInts());
                for (int k = 0; k < 3; k++) {
                    int q = StatefulSimulationTest.pickEnabled(sim, rnd);
                    if (q >= 0) {
                        sim.step(q);
                    }
                }
                sim.restoreState(saved, 0);
                assertEquals(before, sim.stateText() + StatefulSimulationTest.statuses(sim),
                        "scenario " + i + " depth " + depth);
                other.restoreState(saved, 0);
                assertEquals(before, other.stateText() + StatefulSimulationTest.statuses(other),
                        "scenario " + i + " fresh copy");
                sim.step(p);
                other.step(p);
                assertEquals(sim.stateText(), other.stateText(), "scenario " + i + " step after restore");
                compared++;
            }
        }
        assertTrue(compared > 2000, "only " + compared + " states compared");
    }

    @Test
    void statefulMatchesPlainDfsInWeakMemory() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        int checked = 0;
        long dfsExecutions = 0;
        long withViolations = 0;
        for (int i = 0; checked < 60 && i < 600; i++) {
            SimConfig c = weak(RandomScenarios.small(rnd, i % 2 == 1), rnd);
            StatefulSimulationTest.Outcomes dfs = new StatefulSimulationTest.Outcomes();
            TcxSimulation ref = new TcxSimulation(c);
            ref.canonicalKeepsOutcome(true);
            ExplorationResult rd = new DfsExplorer().explore(ref, new Budget(100_000, 0, false), dfs);
            if (!rd.complete) {
                continue;
            }
            checked++;
            dfsExecutions += rd.executions;
            if (dfs.violations != 0) {
                withViolations++;
            }
            StatefulSimulationTest.Outcomes st = new StatefulSimulationTest.Outcomes();
            ExplorationResult rs = new StatefulExplorer().explore(new TcxSimulation(c), ALL, st);
            assertTrue(rs.complete, "scenario " + i);
            assertEquals(Invariant.names(dfs.violations), Invariant.names(st.violations),
                    "scenario " + i + ": violated invariants differ");
            TcxSimulation keep = new TcxSimulation(c);
            keep.canonicalKeepsOutcome(true);
            StatefulSimulationTest.Outcomes so = new StatefulSimulationTest.Outcomes();
            new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false)).explore(keep, ALL, so);
            assertEquals(dfs.seen, so.seen, "scenario " + i + ": outcomes differ");
        }
        System.out.println("weak memory: stateful vs plain DFS on " + checked + " random scenarios, "
                + dfsExecutions + " DFS executions, " + withViolations + " with violations");
        assertEquals(60, checked);
        assertTrue(withViolations > 0, "some scenarios must break an invariant for the comparison to mean much");
    }
}
