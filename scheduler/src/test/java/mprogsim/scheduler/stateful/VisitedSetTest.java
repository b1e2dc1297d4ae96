package mprogsim.scheduler.stateful;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import mprogsim.scheduler.WorkerThreads;
import org.junit.jupiter.api.Test;

/**
 * The visited set's sleep-set visit is one atomic step per state, as the shared sleep sets need
 * (docs/exploration.md, "Sleep sets shared between workers"): whatever the interleaving of visitors, the stored set
 * ends as the intersection of every sleep set a visitor brought, and each process removed from it is handed to
 * exactly one visitor to explore (the one whose visit removed it). Reading the stored set and writing the
 * intersection under two separate locks fails this: two visitors read the same set, and the later write undoes part
 * of the earlier one.
 */
class VisitedSetTest {
    private static final int THREADS = 4;
    private static final int KEYS = 16;
    private static final int ROUNDS = 3000;

    @Test
    void concurrentVisitsIntersectAtomicallyAndHandEachProcessToOneVisitor() throws Exception {
        long all = (1L << 20) - 1;
        // sleeps[round][thread][key]: the sleep set each visitor brings, drawn before the threads start.
        long[][][] sleeps = new long[ROUNDS][THREADS][KEYS];
        SplittableRandom rnd = new SplittableRandom(14);
        for (long[][] round : sleeps) {
            for (long[] thread : round) {
                for (int k = 0; k < KEYS; k++) {
                    // Random, but never a superset of the stored set's start: every visit is a revisit.
                    thread[k] = rnd.nextLong() & all & ~(1L << rnd.nextInt(20));
                }
            }
        }
        long[][][] explored = new long[ROUNDS][THREADS][KEYS];
        int[][][] results = new int[ROUNDS][THREADS][KEYS];
        VisitedSet[] sets = new VisitedSet[ROUNDS];
        int[] none = new int[0];
        for (int r = 0; r < ROUNDS; r++) {
            sets[r] = new VisitedSet(64, false, 16, true);
            for (int k = 0; k < KEYS; k++) {
                assertEquals(VisitedSet.NEW, sets[r].visitSleep(hash(k), none, 0, 0, all, new long[1]));
            }
        }
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        WorkerThreads.runAll("visited-set-test-", THREADS, t -> {
            long[] stored = new long[1];
            for (int r = 0; r < ROUNDS; r++) {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int k = 0; k < KEYS; k++) {
                    long sleep = sleeps[r][t][k];
                    int res = sets[r].visitSleep(hash(k), none, 0, 0, sleep, stored);
                    results[r][t][k] = res;
                    explored[r][t][k] = res == VisitedSet.REVISIT ? stored[0] & ~sleep : 0;
                }
            }
        }, () -> { });
        long revisits = 0;
        for (int r = 0; r < ROUNDS; r++) {
            for (int k = 0; k < KEYS; k++) {
                long expected = all;
                long union = 0;
                for (int t = 0; t < THREADS; t++) {
                    expected &= sleeps[r][t][k];
                    long e = explored[r][t][k];
                    assertEquals(0, union & e, "round " + r + " state " + k + ": a process handed to two visitors");
                    union |= e;
                    revisits += results[r][t][k] == VisitedSet.REVISIT ? 1 : 0;
                }
                long stored = sets[r].value(hash(k), none, 0, 0);
                assertEquals(expected, stored, "round " + r + " state " + k + ": stored sleep set");
                assertEquals(all & ~expected, union, "round " + r + " state " + k + ": processes explored");
            }
        }
        assertTrue(revisits >= (long) ROUNDS * KEYS, "only " + revisits + " revisits");
    }

    private static long hash(int k) {
        return (k + 1) * 0x9E3779B97F4A7C15L;
    }
}
