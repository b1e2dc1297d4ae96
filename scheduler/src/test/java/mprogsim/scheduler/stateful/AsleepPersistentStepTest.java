package mprogsim.scheduler.stateful;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mprogsim.scheduler.Budget;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.RunOptions;
import mprogsim.scheduler.StatefulProgram;
import org.junit.jupiter.api.Test;

/**
 * A persistent step that raises a violation the run does not ask for, and so ends the execution (the simulator's
 * {@code endAtOtherViolation}), is no persistent set: the search expands the state fully once it sees the step raise.
 * When that step is asleep in a new state it is not taken there, and the search must still find out (it steps it and
 * undoes it): otherwise the state is expanded with nothing, and a violation the other processes reach without it is
 * lost. docs/exploration.md, "A hole found on the way".
 */
class AsleepPersistentStepTest {
    /** Raised by {@code q} when it reads the flag {@code u} set: the violation the run looks for. */
    static final long EXPECTED = 1;
    /** Raised by {@code t}, which then ends the execution. */
    static final long OTHER = 2;

    /**
     * Three processes of one step each. t writes x and raises OTHER, after which every process is done; u sets y;
     * q reads y and raises EXPECTED if it is set. t's step conflicts with nothing the others do, so the program
     * names it persistent wherever it is enabled, as a footprint-based analysis would.
     */
    static final class Cut implements StatefulProgram {
        int done;
        int y;
        long raised;
        boolean cut;

        @Override
        public int processes() {
            return 3;
        }

        @Override
        public String processName(int p) {
            return "tuq".substring(p, p + 1);
        }

        @Override
        public void reset() {
            done = 0;
            y = 0;
            raised = 0;
            cut = false;
        }

        @Override
        public int status(int p) {
            return cut || (done & (1 << p)) != 0 ? DONE : ENABLED;
        }

        @Override
        public int footprint(int p, long[] out, int off) {
            out[off] = p == 0 ? Footprint.write(0, 0) : p == 1 ? Footprint.write(0, 1) : Footprint.read(0, 1);
            return 1;
        }

        @Override
        public int maxFootprint() {
            return 1;
        }

        @Override
        public void step(int p) {
            done |= 1 << p;
            if (p == 0) {
                raised |= OTHER;
                cut = true;
            } else if (p == 1) {
                y = 1;
            } else if (y == 1) {
                raised |= EXPECTED;
            }
        }

        @Override
        public long violations() {
            return raised & EXPECTED;
        }

        @Override
        public long violationsRaised() {
            return raised;
        }

        @Override
        public long finish() {
            return violations();
        }

        @Override
        public void continueAfterViolation(boolean on) {
        }

        @Override
        public String outcome() {
            return "y=" + y;
        }

        @Override
        public String describeNextStep(int p) {
            return processName(p);
        }

        @Override
        public String violationName(int bit) {
            return bit == 0 ? "expected" : "other";
        }

        @Override
        public String violationDetail() {
            return "";
        }

        @Override
        public long persistentProcesses() {
            return status(0) == ENABLED ? 1 : 0;
        }

        @Override
        public int maxStateInts() {
            return 4;
        }

        @Override
        public int saveState(int[] out, int off) {
            out[off] = done;
            out[off + 1] = y;
            out[off + 2] = (int) raised;
            out[off + 3] = cut ? 1 : 0;
            return 4;
        }

        @Override
        public void restoreState(int[] in, int off) {
            done = in[off];
            y = in[off + 1];
            raised = in[off + 2];
            cut = in[off + 3] != 0;
        }

        @Override
        public int canonicalState(int[] out, int off, boolean symmetry, int[] perm) {
            for (int p = 0; p < 3; p++) {
                perm[p] = p;
            }
            return saveState(out, off);
        }
    }

    @Test
    void aViolationReachedWithoutTheAsleepPersistentStepIsFound() {
        Budget all = new Budget(Long.MAX_VALUE, 0, false);
        for (int threads = 1; threads <= 2; threads++) {
            for (boolean persistent : new boolean[] {false, true}) {
                StatefulExplorer.Options o = StatefulExplorer.Options.defaults().withPersistentSets(persistent);
                ExplorationResult r = new StatefulExplorer(o).explore(Cut::new, all, RunOptions.threads(threads),
                        ExecutionListener.NONE);
                assertTrue(r.complete);
                assertEquals(EXPECTED, r.violationsSeen, "u then q breaks the expected invariant (persistent sets "
                        + persistent + ", " + threads + " threads)");
            }
        }
    }
}
