package mprogsim.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormalFormExplorerTest {
    @Test
    void reachesOneExecutionPerTraceAndEveryOutcome() {
        SplittableRandom rnd = new SplittableRandom(1202);
        Budget all = new Budget(Long.MAX_VALUE, 0, false);
        for (int i = 0; i < 300; i++) {
            ToyProgram p = i % 3 == 2 ? ToyProgram.random(rnd, 4, 2, 3) : ToyProgram.random(rnd, 3, 4, 3);
            TraceCanonicalizer dfs = new TraceCanonicalizer();
            assertTrue(new DfsExplorer().explore(p, all, dfs).complete);
            TraceCanonicalizer nf = new TraceCanonicalizer();
            ExplorationResult r = new NormalFormExplorer().explore(p, all, nf);
            assertTrue(r.complete);
            String where = "program " + i;
            assertEquals(dfs.traceCount(), r.executions, where);
            assertEquals(0, nf.duplicates(), where);
            assertEquals(dfs.outcomes(), nf.outcomes(), where);
        }
    }
}
