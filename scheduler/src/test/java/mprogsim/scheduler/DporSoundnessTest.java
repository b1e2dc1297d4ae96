package mprogsim.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DporSoundnessTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);

    @Test
    void dporReachesExactlyTheOutcomesOfPlainDfsAndOneExecutionPerTrace() {
        SplittableRandom rnd = new SplittableRandom(20261125);
        long dporTotal = 0;
        long traceTotal = 0;
        for (int i = 0; i < 400; i++) {
            // Wide and shallow programs as well as narrow and deep ones, small enough for plain DFS.
            ToyProgram p = i % 4 == 3 ? ToyProgram.random(rnd, 4 + rnd.nextInt(2), 2, 3)
                    : ToyProgram.random(rnd, 2 + rnd.nextInt(2), 4, 3);
            TraceCanonicalizer dfs = new TraceCanonicalizer();
            ExplorationResult rd = new DfsExplorer().explore(p, ALL, dfs);
            assertTrue(rd.complete);
            TraceCanonicalizer dp = new TraceCanonicalizer();
            DporExplorer dpor = new DporExplorer();
            ExplorationResult rp = dpor.explore(p, ALL, dp);
            assertTrue(rp.complete);
            String where = "program " + i + " " + describe(p);
            assertEquals(dfs.outcomes(), dp.outcomes(), "outcomes differ for " + where);
            assertEquals(0, dpor.footprintMismatches, where);
            assertEquals(0, dpor.infeasible, where);
            assertEquals(0, rp.sleepBlocked, "sleep-set blocked executions for " + where);
            assertEquals(dfs.traceCount(), dp.traceCount(), "traces reached differ for " + where);
            dporTotal += rp.executions;
            traceTotal += dfs.traceCount();
        }
        System.out.println("toy programs: DPOR executions " + dporTotal + ", Mazurkiewicz traces " + traceTotal);
        assertTrue(dporTotal >= traceTotal);
    }

    static String describe(ToyProgram p) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < p.kind.length; t++) {
            sb.append(" t").append(t).append(':');
            for (int i = 0; i < p.kind[t].length; i++) {
                sb.append(' ').append("R W L U S Z r w".split(" ")[p.kind[t][i]]).append(p.arg[t][i]);
            }
        }
        return sb.toString();
    }
}
