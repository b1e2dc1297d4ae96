package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import mprogsim.model.tcx.Variant;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on (the footprint contract of {@link Program}), checked directly on the simulator: another
 * process's step never changes a process's next footprint; it changes whether that process is enabled only by
 * writing a location the process's next step waits on or acquires; and two enabled steps whose footprints do not
 * conflict reach the same state in either order.
 */
class FootprintCommutationTest {
    /** Fewer pairs than this and the walks no longer exercise the footprints (2,453 when this was written). */
    private static final int MIN_PAIRS = 2_000;
    /** The same for the walks under variants that let a writer store into an entry a reader is walking. */
    private static final int MIN_SHARED_ENTRY_PAIRS = 100;

    @Test
    void independentStepsCommuteAndKeepTheirFootprints() {
        SplittableRandom rnd = new SplittableRandom(7);
        int pairs = 0;
        for (int i = 0; i < 150; i++) {
            SimConfig c = i % 2 == 0 ? RandomScenarios.small(rnd, true) : RandomScenarios.random(rnd, true);
            TcxSimulation sim = new TcxSimulation(c);
            int[] walk = randomWalk(sim, rnd);
            for (int at = 0; at < walk.length; at += 1 + rnd.nextInt(3)) {
                pairs += checkAt(sim, c, walk, at, i);
            }
        }
        System.out.println("independent step pairs checked: " + pairs);
        assertTrue(pairs >= MIN_PAIRS, "only " + pairs + " independent step pairs checked");
    }

    /**
     * The qdisc ops as RTNL writers next to a bpf writer, a reader and sometimes a teardown, under the qdisc-side
     * variants too: every independent pair commutes and keeps its footprints, the qdisc steps included.
     */
    @Test
    void qdiscStepsCommuteAndKeepTheirFootprints() {
        SplittableRandom rnd = new SplittableRandom(9);
        int pairs = 0;
        int qdiscPairs = 0;
        for (int i = 0; i < 150; i++) {
            SimConfig c = RandomScenarios.qdisc(rnd, i % 2 == 1);
            TcxSimulation sim = new TcxSimulation(c);
            int[] walk = randomWalk(sim, rnd);
            for (int at = 0; at < walk.length; at++) {
                int here = checkAt(sim, c, walk, at, 3000 + i);
                pairs += here;
                replay(sim, walk, at);
                if (here > 0 && sim.status(0) == Program.ENABLED
                        && sim.describeNextStep(0).matches(".*(qdisc|miniq|mini_qdisc).*")) {
                    qdiscPairs += here;
                }
            }
        }
        System.out.println("qdisc walks: independent step pairs checked " + pairs + ", with a qdisc step ready "
                + qdiscPairs);
        assertTrue(pairs >= MIN_PAIRS, "only " + pairs + " independent step pairs checked");
        assertTrue(qdiscPairs >= 200, "only " + qdiscPairs + " pairs with a qdisc step ready");
    }

    /**
     * Writers that store into an entry a reader may be walking (the variants that publish before filling, skip the
     * grace period or edit in place), checked at every step of their walks: a slot store and a reader's load of
     * the same slot must be ordered, whatever else the footprints say.
     */
    @Test
    void storesIntoAWalkedEntryConflictWithItsReaders() {
        SplittableRandom rnd = new SplittableRandom(11);
        Variant[] sharing = {Variant.PUBLISH_BEFORE_FILL, Variant.NO_SYNC_AFTER_SWAP, Variant.IN_PLACE_UPDATE};
        int pairs = 0;
        int slotPairs = 0;
        for (int i = 0; i < 30; i++) {
            SimConfig c = RandomScenarios.withVariant(RandomScenarios.random(rnd, false), sharing[i % sharing.length]);
            TcxSimulation sim = new TcxSimulation(c);
            int[] walk = randomWalk(sim, rnd);
            for (int at = 0; at < walk.length; at++) {
                pairs += checkAt(sim, c, walk, at, 1000 + i);
            }
        }
        // Walks of one writer against two readers, checked where a store meets a load of its slot.
        for (int i = 0; i < 300; i++) {
            SimConfig c = RandomScenarios.withVariant(RandomScenarios.sharedEntry(rnd), sharing[i % sharing.length]);
            TcxSimulation sim = new TcxSimulation(c);
            int[] walk = randomWalk(sim, rnd);
            for (int at = 0; at < walk.length; at++) {
                int here = slotStoreAgainstSlotLoad(sim, walk, at);
                if (here > 0) {
                    slotPairs += here;
                    pairs += checkAt(sim, c, walk, at, 2000 + i);
                }
            }
        }
        System.out.println("shared-entry walks: independent step pairs checked " + pairs + ", a slot store next to "
                + "a load of the same slot " + slotPairs + " times");
        assertTrue(pairs >= MIN_PAIRS, "only " + pairs + " independent step pairs checked");
        assertTrue(slotPairs >= MIN_SHARED_ENTRY_PAIRS, "a slot store met a load of its slot only " + slotPairs
                + " times");
    }

    /** How many pairs at this point are a writer's slot store and a reader's load of that same slot. */
    private static int slotStoreAgainstSlotLoad(TcxSimulation sim, int[] walk, int at) {
        replay(sim, walk, at);
        int found = 0;
        for (int p = 0; p < sim.processes(); p++) {
            String w = sim.status(p) == Program.ENABLED ? sim.describeNextStep(p) : "";
            int store = w.indexOf(": store ");
            if (store < 0) {
                continue;
            }
            String target = w.substring(store + 8, w.indexOf(" = ", store));
            for (int q = 0; q < sim.processes(); q++) {
                String r = sim.status(q) == Program.ENABLED ? sim.describeNextStep(q) : "";
                if (r.contains("READ_ONCE " + target + " ")) {
                    found++;
                }
            }
        }
        return found;
    }

    private static boolean writesWhatItWaitsOn(long[] writer, int wl, long[] waiter, int al) {
        for (int i = 0; i < wl; i++) {
            if (!Footprint.writes(writer[i])) {
                continue;
            }
            for (int j = 0; j < al; j++) {
                int mode = Footprint.mode(waiter[j]);
                if ((mode == Footprint.WAIT || mode == Footprint.ACQUIRE) && Footprint.overlaps(writer[i], waiter[j])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int[] randomWalk(TcxSimulation sim, SplittableRandom rnd) {
        sim.reset();
        int[] out = new int[4096];
        int n = 0;
        int[] enabled = new int[sim.processes()];
        while (n < out.length) {
            int k = 0;
            for (int p = 0; p < sim.processes(); p++) {
                if (sim.status(p) == Program.ENABLED) {
                    enabled[k++] = p;
                }
            }
            if (k == 0) {
                break;
            }
            int p = enabled[rnd.nextInt(k)];
            out[n++] = p;
            sim.step(p);
        }
        return Arrays.copyOf(out, n);
    }

    private static void replay(TcxSimulation sim, int[] walk, int upTo) {
        sim.reset();
        for (int i = 0; i < upTo; i++) {
            sim.step(walk[i]);
        }
    }

    /** Every owner's execution state, with each process's status. */
    private static String state(TcxSimulation sim) {
        StringBuilder sb = new StringBuilder(sim.stateText());
        for (int p = 0; p < sim.processes(); p++) {
            sb.append('|').append(sim.status(p));
        }
        return sb.toString();
    }

    private static int checkAt(TcxSimulation sim, SimConfig c, int[] walk, int at, int scenario) {
        int n = sim.processes();
        long[] a = new long[sim.maxFootprint()];
        long[] b = new long[sim.maxFootprint()];
        long[] a2 = new long[sim.maxFootprint()];
        int checked = 0;
        replay(sim, walk, at);
        boolean[] enabled = new boolean[n];
        for (int p = 0; p < n; p++) {
            enabled[p] = sim.status(p) == Program.ENABLED;
        }
        for (int q = 0; q < n; q++) {
            if (!enabled[q]) {
                continue;
            }
            for (int p = 0; p < n; p++) {
                if (p == q || sim.status(p) == Program.DONE) {
                    continue;
                }
                replay(sim, walk, at);
                int lp = sim.footprint(p, a, 0);
                int lq = sim.footprint(q, b, 0);
                int before = sim.status(p);
                String where = "scenario " + scenario + " at step " + at + ", " + sim.processName(p) + " ("
                        + sim.describeNextStep(p) + ") while " + sim.processName(q) + " (" + sim.describeNextStep(q)
                        + ") moves";
                sim.step(q);
                if (sim.status(p) == Program.DONE) {
                    fail(where + ": " + sim.processName(p) + " finishes by another's step");
                }
                int lp2 = sim.footprint(p, a2, 0);
                if (lp2 != lp || !Arrays.equals(Arrays.copyOf(a, lp), Arrays.copyOf(a2, lp2))) {
                    fail(where + ": the footprint of " + sim.processName(p) + " changes");
                }
                if (sim.status(p) != before && !writesWhatItWaitsOn(b, lq, a, lp)) {
                    fail(where + ": " + sim.processName(p) + " becomes " + (before == Program.ENABLED ? "blocked"
                            : "enabled") + " though nothing it waits on was written");
                }
            }
        }
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                if (!enabled[p] || !enabled[q]) {
                    continue;
                }
                replay(sim, walk, at);
                int la = sim.footprint(p, a, 0);
                int lb = sim.footprint(q, b, 0);
                if (Footprint.conflict(a, 0, la, b, 0, lb)) {
                    continue;
                }
                String where = "scenario " + scenario + " at step " + at + ", " + sim.processName(p) + " ("
                        + sim.describeNextStep(p) + ") and " + sim.processName(q) + " (" + sim.describeNextStep(q)
                        + ")";
                sim.step(q);
                if (sim.status(p) != Program.ENABLED) {
                    fail(where + ": " + sim.processName(q) + " disables " + sim.processName(p));
                }
                int la2 = sim.footprint(p, a2, 0);
                if (la2 != la || !Arrays.equals(Arrays.copyOf(a, la), Arrays.copyOf(a2, la2))) {
                    fail(where + ": the footprint of " + sim.processName(p) + " changes when "
                            + sim.processName(q) + " moves first");
                }
                sim.step(p);
                String pq = state(sim);
                replay(sim, walk, at);
                sim.step(p);
                sim.step(q);
                assertEquals(state(sim), pq, where + ": the two orders reach different states");
                checked++;
            }
        }
        return checked;
    }
}
