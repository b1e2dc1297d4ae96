package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mprogsim.model.sim.Invariant;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.ProgressListener;
import mprogsim.scheduler.stateful.StatefulExplorer;
import org.junit.jupiter.api.Test;

/**
 * Every catalog scenario the simulator runs exhaustively: the stateful search finds the invariants DPOR finds (both
 * exploring everything, no stop at the first violation), and with symmetry off and the outcome kept in the
 * canonical form, the same outcomes; stopping at violations as a check does, the same verdict.
 */
class StatefulCatalogTest {
    private static final long DPOR_EXECUTIONS = 300_000;

    @Test
    void statefulAgreesWithDporOnTheCatalog() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        int compared = 0;
        int skipped = 0;
        StringBuilder report = new StringBuilder();
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            if (s.memory().weak() || s.memory().litmus() != null) {
                continue; // DPOR does not run weak memory; MemoryCatalogTest compares stateful with plain DFS there
            }
            TcxSimulation ref = ScenarioRunner.simulation(s, false);
            Seen dp = new Seen();
            ExplorationResult rd = new DporExplorer().explore(ref, new Budget(DPOR_EXECUTIONS, 0, false), dp);
            if (!rd.complete) {
                skipped++;
                report.append(' ').append(f.getFileName());
                continue;
            }
            compared++;
            TcxSimulation sim = ScenarioRunner.simulation(s, false);
            Seen st = new Seen();
            ExplorationResult rs = new StatefulExplorer().explore(sim, new Budget(Long.MAX_VALUE, 0, false), st);
            assertTrue(rs.complete, f.toString());
            assertEquals(Invariant.names(dp.violations), Invariant.names(st.violations), f + ": invariants found");

            TcxSimulation keep = ScenarioRunner.simulation(s, false);
            keep.canonicalKeepsOutcome(true);
            Seen so = new Seen();
            new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false))
                    .explore(keep, new Budget(Long.MAX_VALUE, 0, false), so);
            assertEquals(dp.outcomes, so.outcomes, f + ": outcomes");

            // As a check runs it, through the whole path (the file's expectation, first violations, the judge).
            ScenarioRunner.Options dporRun = new ScenarioRunner.Options("dpor", null, null, null, Long.MAX_VALUE,
                    null, false, false, 1, 0, 1, ProgressListener.NONE, null);
            ScenarioRunner.Options statefulRun = new ScenarioRunner.Options("stateful", null, null, null,
                    Long.MAX_VALUE, null, false, false, 1, 0, 1, ProgressListener.NONE, null);
            ScenarioVerdict vd = ScenarioRunner.run(s, dporRun);
            ScenarioVerdict vs = ScenarioRunner.run(s, statefulRun);
            assertEquals(vd.met(), vs.met(), f + ": verdict (dpor: " + vd.summary() + "; stateful: " + vs.summary()
                    + ")");
            assertTrue(vs.met(), f + ": " + vs.summary());
            ScenarioVerdict vn = ScenarioRunner.run(s, statefulRun.withStateful(false, true, false));
            assertTrue(vn.met(), f + " (no symmetry, exact): " + vn.summary());
            ScenarioVerdict vb = ScenarioRunner.run(s, statefulRun.withStateful(true, false, true));
            assertTrue(vb.met(), f + " (breadth-first): " + vb.summary());
        }
        System.out.println("catalog: stateful agrees with DPOR on " + compared + " scenarios; over DPOR's budget:"
                + report);
        assertTrue(compared >= 35, "only " + compared + " catalog scenarios compared");
    }

    private static final class Seen implements ExecutionListener {
        final Set<String> outcomes = new HashSet<>();
        long violations;

        @Override
        public synchronized void executionEnded(Program program, int[] schedule, int length, long bits,
                                                boolean maximal) {
            if (maximal) {
                outcomes.add(program.outcome());
                violations |= ((TcxSimulation) program).allViolations();
            }
        }
    }
}
