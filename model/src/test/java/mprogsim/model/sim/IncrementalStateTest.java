package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.stateful.StatefulExplorer;
import org.junit.jupiter.api.Test;

/**
 * The simulator keeps the writer side's saved and canonical ints across reader steps and skips restoring a writer
 * side that is already there. With verifyIncremental on, every reuse is compared with the form computed from
 * scratch: here on every state and transition of stateful searches over random scenarios, and a stale kept form
 * is shown to be caught.
 */
class IncrementalStateTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);
    private static final ExecutionListener NONE = (program, schedule, length, violations, maximal) -> { };

    @Test
    void keptFormsEqualTheFormsFromScratchOnEveryStateOfRandomSearches() {
        SplittableRandom rnd = new SplittableRandom(1414);
        long states = 0;
        for (int i = 0; i < 160; i++) {
            SimConfig c = i % 4 == 3 ? RandomScenarios.qdisc(rnd, i % 2 == 1) : RandomScenarios.sized(rnd, i % 2 == 1);
            TcxSimulation checked = new TcxSimulation(c);
            checked.verifyIncremental(true);
            ExplorationResult r = new StatefulExplorer().explore(checked, new Budget(Long.MAX_VALUE, 0, false), NONE);
            TcxSimulation plain = new TcxSimulation(c);
            ExplorationResult p = new StatefulExplorer().explore(plain, ALL, NONE);
            assertEquals(p.statesStored, r.statesStored, "scenario " + i);
            states += r.statesStored;

            TcxSimulation keep = new TcxSimulation(c);
            keep.verifyIncremental(true);
            keep.canonicalKeepsOutcome(true);
            new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false).withSleepSets(false)
                    .withExact(true)).explore(keep, ALL, NONE);
        }
        assertTrue(states > 50_000, "only " + states + " states checked");
    }

    /**
     * The packing of the canonical writer side is one-to-one: unpacked again, every array comes back, small values,
     * large values, the edges of the packable range, odd and even lengths, more than one map int.
     */
    @Test
    void packingTheCanonicalWriterSideLosesNothing() {
        SplittableRandom rnd = new SplittableRandom(77);
        int[] edges = {-2, -1, 0, 1, 65533, 65534, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE};
        int shorter = 0;
        for (int i = 0; i < 3000; i++) {
            int len = rnd.nextInt(i < 100 ? 4 : 300);
            int[] raw = new int[len + 1];
            for (int j = 0; j < len; j++) {
                int kind = rnd.nextInt(10);
                raw[j] = kind < 6 ? rnd.nextInt(-1, 20) : kind < 8 ? edges[rnd.nextInt(edges.length)] : rnd.nextInt();
            }
            int[] original = java.util.Arrays.copyOf(raw, len);
            int[] packed = new int[len + len / 64 + 6];
            int n = TcxSimulation.pack(raw, len, packed, 0);
            assertTrue(n + 1 <= packed.length);
            assertEquals(java.util.Arrays.toString(original), java.util.Arrays.toString(unpack(packed, n)),
                    "array " + i);
            if (n < len) {
                shorter++;
            }
        }
        assertTrue(shorter > 1000, "only " + shorter + " arrays got shorter");
    }

    private static int[] unpack(int[] packed, int n) {
        int len = packed[0];
        int[] out = new int[len + 1];
        int k = 1;
        int pairs = (len + 1) / 2;
        for (int g = 0; g < pairs; g += 32) {
            int map = packed[k++];
            for (int j = g; j < Math.min(pairs, g + 32); j++) {
                if ((map & (1 << (j - g))) != 0) {
                    int w = packed[k++];
                    out[2 * j] = (w >>> 16) - 1;
                    out[2 * j + 1] = (w & 0xffff) - 1;
                } else {
                    out[2 * j] = packed[k++];
                    out[2 * j + 1] = packed[k++];
                }
            }
        }
        assertEquals(n, k, "packed length");
        return java.util.Arrays.copyOf(out, len);
    }

    /** A writer step the kept forms do not hear of: the check sees that they are stale. */
    @Test
    void aStaleKeptWriterSideIsCaught() {
        SplittableRandom rnd = new SplittableRandom(5);
        int caught = 0;
        for (int i = 0; i < 20; i++) {
            SimConfig c = RandomScenarios.sized(rnd, false);
            int writer = -1;
            for (int p = 0; p < c.threads().size(); p++) {
                if (c.threads().get(p).kind() != SimThread.Kind.READER) {
                    writer = p;
                    break;
                }
            }
            if (writer < 0) {
                continue;
            }
            TcxSimulation sim = new TcxSimulation(c);
            sim.verifyIncremental(true);
            sim.reset();
            int[] buf = new int[sim.maxStateInts()];
            int[] perm = new int[sim.processes()];
            sim.saveState(buf, 0);
            sim.canonicalState(buf, 0, true, perm);
            long kept = sim.keptWriterSide();
            if (sim.status(writer) != Program.ENABLED) {
                continue;
            }
            sim.step(writer);
            sim.keptWriterSide(kept);
            assertThrows(IllegalStateException.class, () -> sim.canonicalState(buf, 0, true, perm), "scenario " + i);
            assertThrows(IllegalStateException.class, () -> sim.saveState(buf, 0), "scenario " + i);
            caught++;
        }
        assertTrue(caught >= 10, "only " + caught + " scenarios");
    }

    /** A reader step its kept key does not hear of: the check sees that the key is stale. */
    @Test
    void aStaleKeptReaderKeyIsCaught() {
        SplittableRandom rnd = new SplittableRandom(6);
        int caught = 0;
        for (int i = 0; i < 20; i++) {
            SimConfig c = RandomScenarios.sized(rnd, false);
            int reader = -1;
            for (int p = 0; p < c.threads().size(); p++) {
                if (c.threads().get(p).kind() == SimThread.Kind.READER) {
                    reader = p;
                    break;
                }
            }
            if (reader < 0) {
                continue;
            }
            TcxSimulation sim = new TcxSimulation(c);
            sim.verifyIncremental(true);
            sim.reset();
            int[] buf = new int[sim.maxStateInts()];
            int[] perm = new int[sim.processes()];
            sim.canonicalState(buf, 0, true, perm);
            long kept = sim.keptReaderKeys();
            if (sim.status(reader) != Program.ENABLED) {
                continue;
            }
            sim.step(reader);
            sim.keptReaderKeys(kept);
            assertThrows(IllegalStateException.class, () -> sim.canonicalState(buf, 0, true, perm), "scenario " + i);
            caught++;
        }
        assertTrue(caught >= 10, "only " + caught + " scenarios");
    }
}
