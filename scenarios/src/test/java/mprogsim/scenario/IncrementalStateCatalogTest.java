package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.stateful.StatefulExplorer;
import org.junit.jupiter.api.Test;

/**
 * The simulator reuses the writer side's saved and canonical ints across reader steps (and skips restoring a writer
 * side that is already there). On every state and transition of the stateful search of every exhaustive catalog
 * scenario, with and without symmetry, each reuse is checked against the form computed from scratch
 * ({@link TcxSimulation#verifyIncremental}, which throws where they differ; the model's IncrementalStateTest shows
 * that it does).
 */
class IncrementalStateCatalogTest {
    private static final ExecutionListener NONE = (program, schedule, length, violations, maximal) -> { };

    @Test
    void keptFormsEqualTheFormsFromScratchOnTheCatalog() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        int walked = 0;
        long states = 0;
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            TcxSimulation sim = ScenarioRunner.simulation(s, false);
            sim.verifyIncremental(true);
            ExplorationResult r = new StatefulExplorer().explore(sim, new Budget(Long.MAX_VALUE, 0, false), NONE);
            assertTrue(r.complete, f.toString());
            states += r.statesStored;

            TcxSimulation keep = ScenarioRunner.simulation(s, false);
            keep.verifyIncremental(true);
            keep.canonicalKeepsOutcome(true);
            ExplorationResult k = new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false)
                    .withExact(true)).explore(keep, new Budget(Long.MAX_VALUE, 0, false), NONE);
            assertTrue(k.complete, f + " (no symmetry, exact)");
            walked++;
        }
        System.out.println("incremental state on the catalog: " + walked + " scenarios, " + states + " states");
        assertTrue(walked >= 35, "only " + walked + " catalog scenarios walked");
    }
}
