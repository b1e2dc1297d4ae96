package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.RunOptions;
import mprogsim.scheduler.stateful.StatefulExplorer;
import org.junit.jupiter.api.Test;

/**
 * The stateful search on several workers, which share sleep sets through the visited set (docs/exploration.md,
 * "Sleep sets shared between workers"), on random simulator scenarios against a plain search of every canonical
 * state ({@link StatefulSimulationTest.Reference}): with persistent sets off, two and three workers store exactly the
 * reachable canonical states (exact storage, no symmetry); with them on, they reach exactly its final states and
 * violations. Each parallel run is repeated, since which worker meets a state first is timing.
 */
class ParallelStatefulSimulationTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);

    @Test
    void severalWorkersStoreEveryStateAndReachEveryFinalState() {
        SplittableRandom rnd = new SplittableRandom(1414);
        int checked = 0;
        long states = 0;
        StatefulExplorer.Options exact = StatefulExplorer.Options.defaults().withSymmetry(false).withExact(true);
        for (int i = 0; checked < 60 && i < 400; i++) {
            SimConfig c = i % 4 == 3 ? RandomScenarios.qdisc(rnd, i % 3 != 0) : RandomScenarios.sized(rnd, i % 2 == 1);
            StatefulSimulationTest.Reference ref = StatefulSimulationTest.Reference.of(new TcxSimulation(c), 100_000);
            if (ref == null) {
                continue;
            }
            checked++;
            states += ref.states.size();
            for (int threads = 2; threads <= 3; threads++) {
                for (int rep = 0; rep < 2; rep++) {
                    String run = "scenario " + i + ", " + threads + " threads, run " + (rep + 1);
                    Finals plain = new Finals();
                    ExplorationResult r = new StatefulExplorer(exact.withPersistentSets(false))
                            .explore(() -> new TcxSimulation(c), ALL, RunOptions.threads(threads), plain);
                    assertTrue(r.complete, run);
                    assertEquals(ref.states.size(), r.statesStored, run + ": states stored (persistent sets off)");
                    assertEquals(ref.finals, plain.finals, run + ": final states (persistent sets off)");
                    assertEquals(ref.violations, plain.violations, run + ": violations (persistent sets off)");

                    Finals reduced = new Finals();
                    ExplorationResult rp = new StatefulExplorer(exact)
                            .explore(() -> new TcxSimulation(c), ALL, RunOptions.threads(threads), reduced);
                    assertTrue(rp.complete, run);
                    assertEquals(ref.finals, reduced.finals, run + ": final states (persistent sets)");
                    assertEquals(ref.violations, reduced.violations, run + ": violations (persistent sets)");
                }
            }
        }
        assertTrue(checked >= 50, "only " + checked + " scenarios");
        System.out.println("several workers on random scenarios: " + checked + " scenarios, " + states + " states");
    }

    /** Final states (canonical, no symmetry) and violations of maximal executions, from any worker. */
    private static final class Finals implements ExecutionListener {
        final Set<String> finals = new HashSet<>();
        long violations;

        @Override
        public synchronized void executionEnded(Program program, int[] schedule, int length, long bits,
                                                boolean maximal) {
            if (maximal) {
                TcxSimulation sim = (TcxSimulation) program;
                violations |= sim.allViolations();
                assertTrue(finals.add(StatefulSimulationTest.canonicalKey(sim, false)), "a final state reported twice");
            }
        }
    }
}
