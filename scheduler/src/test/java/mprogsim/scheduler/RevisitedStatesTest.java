package mprogsim.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import mprogsim.scheduler.stateful.StatefulExplorer;
import mprogsim.scheduler.stateful.StatefulExplorer.Options;
import org.junit.jupiter.api.Test;

/**
 * The stateful search with sleep sets on programs whose interleavings often meet in one state by paths that are not
 * reorderings of one another ({@link ConstantWritesProgram}), so that states are reached again with other sleep sets:
 * one, two and three workers, persistent sets off and on, against the plain breadth-first search of
 * {@link StatefulExplorerTest#reference}.
 *
 * <p>What this test does not show: that Godefroid's revisit rule (a state reached again with a process awake that
 * was asleep when it was stored explores that process) is needed. With the rule replaced by a prune, this test and
 * every other one still pass (with persistent sets the search then stores fewer states, never fewer final ones). On
 * one worker that is no gap in the tests: over an acyclic state graph the depth-first search without the rule still
 * stores every reachable state. A process r asleep at a state X was stepped, before the branch that led to X, from
 * an ancestor b on the path that first reached X, and r is independent of every step π from b to X, so X·r is the
 * state b·r·π; b·r had finished before X was reached (a stored state off the stack is finished when there is no
 * cycle). By induction on the order in which states finish, everything reachable from a finished state is stored:
 * a path from X that starts with a process awake at X goes through a child of X, which finished first, and one
 * that can start with an asleep r is a path from b·r. With persistent sets the same induction gives every final
 * state. docs/exploration.md, "Sleep sets shared between workers", argues for several workers, where a frame's
 * sleep set can rest on moves another worker has not finished (or not started: a donor's kept moves), and that
 * argument does use the rule; no program found so far loses anything there without it either.
 */
class RevisitedStatesTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);

    private static ExplorationResult run(ConstantWritesProgram p, boolean persistent, int threads,
                                         ExecutionListener listener) {
        Options o = Options.defaults().withSymmetry(false).withExact(true).withPersistentSets(persistent);
        return new StatefulExplorer(o).explore(p::copy, ALL, RunOptions.threads(threads), listener);
    }

    @Test
    void statesMetByDifferentPathsAreAllStoredAndEveryFinalStateFound() {
        SplittableRandom rnd = new SplittableRandom(1412);
        int programs = 0;
        long plain = 0;
        long withPersistentSets = 0;
        while (programs < 250) {
            ConstantWritesProgram p = ConstantWritesProgram.random(rnd, 2 + rnd.nextInt(3), 2 + rnd.nextInt(4),
                    1 + rnd.nextInt(3), 2 + rnd.nextInt(2));
            StatefulExplorerTest.Reference ref = StatefulExplorerTest.reference(p, false);
            if (ref.states.size() > 20_000) {
                continue;
            }
            programs++;
            for (int threads = 1; threads <= 3; threads++) {
                String where = "program " + programs + " (" + p + "), " + threads + " workers";
                StatefulExplorerTest.Finals finals = new StatefulExplorerTest.Finals(false);
                ExplorationResult all = run(p, false, threads, finals);
                assertTrue(all.complete, where);
                // The search stores only states it reached by stepping: equal counts are equal sets.
                assertEquals(ref.states.size(), all.statesStored, where + ": states stored");
                assertEquals(ref.finals, finals.finals, where + ": final states");
                assertEquals(ref.violations, all.violationsSeen, where + ": violations");

                StatefulExplorerTest.Finals reducedFinals = new StatefulExplorerTest.Finals(false);
                ExplorationResult reduced = run(p, true, threads, reducedFinals);
                assertTrue(reduced.complete, where);
                assertEquals(ref.finals, reducedFinals.finals, where + ", persistent sets: final states");
                assertEquals(ref.violations, reduced.violationsSeen, where + ", persistent sets: violations");
                if (threads == 1) {
                    plain += all.statesStored;
                    withPersistentSets += reduced.statesStored;
                }
            }
        }
        assertTrue(withPersistentSets < plain, "persistent sets pruned no state: the programs name none");
        System.out.println("constant writes: " + programs + " programs, " + plain + " states, " + withPersistentSets
                + " with persistent sets (one worker)");
    }
}
