package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Identical-writer symmetry on the catalog files that have identical writers (protocol/identical-writers,
 * invariants/expect-mismatch-two-attaches): the canonical form with symmetry is a congruence; the stateful search
 * with symmetry finds the invariants DPOR finds and those it finds without symmetry, gives the same verdict through
 * the check path, and stores fewer states than without symmetry.
 */
class WriterSymmetryCatalogTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);

    @Test
    void identicalWritersOnTheCatalog() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        int withClasses = 0;
        long pairs = 0;
        StringBuilder figures = new StringBuilder();
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            if (ScenarioRunner.simulation(s, false).identicalWriters() == 0) {
                continue;
            }
            withClasses++;
            pairs += congruencePairs(f, ScenarioRunner.simulation(s, false));

            Seen dpor = new Seen();
            ExplorationResult rd = new DporExplorer().explore(ScenarioRunner.simulation(s, false),
                    new Budget(300_000, 0, false), dpor);
            assertTrue(rd.complete, f + ": DPOR over its budget");
            StatefulExplorer.Options exact = StatefulExplorer.Options.defaults().withExact(true);
            Seen on = new Seen();
            ExplorationResult ron = new StatefulExplorer(exact).explore(ScenarioRunner.simulation(s, false), ALL, on);
            Seen off = new Seen();
            ExplorationResult roff = new StatefulExplorer(exact.withSymmetry(false))
                    .explore(ScenarioRunner.simulation(s, false), ALL, off);
            assertEquals(Invariant.names(dpor.violations), Invariant.names(on.violations), f + ": invariants found");
            assertEquals(Invariant.names(off.violations), Invariant.names(on.violations),
                    f + ": invariants found with symmetry off");
            assertTrue(ron.statesStored < roff.statesStored, f + ": symmetry merged nothing");
            figures.append(' ').append(f.getFileName()).append(' ').append(roff.statesStored).append(" -> ")
                    .append(ron.statesStored).append(';');

            ScenarioRunner.Options run = new ScenarioRunner.Options("stateful", null, null, null, Long.MAX_VALUE,
                    null, false, false, 1, 0, 1, ProgressListener.NONE, null);
            ScenarioVerdict with = ScenarioRunner.run(s, run);
            ScenarioVerdict without = ScenarioRunner.run(s, run.withStateful(false, true, false));
            assertTrue(with.met(), f + ": " + with.summary());
            assertTrue(without.met(), f + " (no symmetry): " + without.summary());
        }
        System.out.println("writer symmetry on the catalog: " + withClasses + " files, " + pairs
                + " second representatives; states stored without and with symmetry:" + figures);
        assertTrue(withClasses >= 2, "only " + withClasses + " catalog files with identical writers");
        assertTrue(pairs > 1_000, "only " + pairs + " second representatives compared");
    }

    /**
     * Breadth-first over complete states: two states with one canonical form (with symmetry) step to the same set
     * of canonical forms. Returns how many second representatives were compared.
     */
    private static long congruencePairs(Path f, TcxSimulation sim) {
        int[] buf = new int[sim.maxStateInts()];
        Map<String, int[]> representative = new HashMap<>();
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        sim.reset();
        int[] start = Arrays.copyOf(buf, sim.saveState(buf, 0));
        representative.put(canonical(sim), start);
        queue.add(start);
        long pairs = 0;
        while (!queue.isEmpty() && representative.size() < 60_000) {
            int[] state = queue.poll();
            for (int q = 0; q < sim.processes(); q++) {
                sim.restoreState(state, 0);
                if (sim.status(q) != Program.ENABLED) {
                    continue;
                }
                sim.step(q);
                int[] full = Arrays.copyOf(buf, sim.saveState(buf, 0));
                int[] first = representative.putIfAbsent(canonical(sim), full);
                if (first == null) {
                    queue.add(full);
                } else if (!Arrays.equals(first, full)) {
                    pairs++;
                    assertEquals(successors(sim, first), successors(sim, full),
                            f + ": two states with one canonical form step to different canonical forms");
                }
            }
        }
        return pairs;
    }

    private static Set<String> successors(TcxSimulation sim, int[] state) {
        Set<String> out = new HashSet<>();
        for (int q = 0; q < sim.processes(); q++) {
            sim.restoreState(state, 0);
            if (sim.status(q) == Program.ENABLED) {
                sim.step(q);
                out.add(canonical(sim));
            }
        }
        return out;
    }

    private static String canonical(TcxSimulation sim) {
        int[] canon = new int[sim.maxStateInts()];
        int[] perm = new int[sim.processes()];
        return Arrays.toString(Arrays.copyOf(canon, sim.canonicalState(canon, 0, true, perm)));
    }

    private static final class Seen implements ExecutionListener {
        long violations;

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long bits, boolean maximal) {
            if (maximal) {
                violations |= ((TcxSimulation) program).allViolations();
            }
        }
    }
}
