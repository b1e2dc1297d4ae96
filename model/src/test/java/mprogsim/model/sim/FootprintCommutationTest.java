package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
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
    @Test
    void independentStepsCommuteAndKeepTheirFootprints() {
        SplittableRandom rnd = new SplittableRandom(7);
        int pairs = 0;
        for (int i = 0; i < 150; i++) {
            SimConfig c = i % 2 == 0 ? RandomScenarios.small(rnd, true) : RandomScenarios.random(rnd, true);
            TcxSimulation sim = new TcxSimulation(c);
            sim.continueAfterViolation(true);
            int[] walk = randomWalk(sim, rnd);
            for (int at = 0; at < walk.length; at += 1 + rnd.nextInt(3)) {
                pairs += checkAt(sim, c, walk, at, i);
            }
        }
        System.out.println("independent step pairs checked: " + pairs);
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

    private static String state(TcxSimulation sim) {
        StringBuilder sb = new StringBuilder(sim.outcome());
        for (int p = 0; p < sim.processes(); p++) {
            sb.append('|').append(sim.status(p)).append(':').append(sim.describeNextStep(p));
        }
        return sb.append('|').append(sim.allViolations()).toString();
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
