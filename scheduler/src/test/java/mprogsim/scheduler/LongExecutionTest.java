package mprogsim.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Executions far longer than the catalog's: a reader making many passes. Budgets must hold inside one execution, and
 * what the explorer keeps per location must not grow with the number of times one process read it.
 */
class LongExecutionTest {
    /** Process 0 reads variable 0 {@code reads} times; process 1 writes it once. */
    private static ToyProgram longReader(int reads) {
        int[] kinds = new int[reads];
        Arrays.fill(kinds, ToyProgram.READ);
        return new ToyProgram(new int[][] {kinds, {ToyProgram.WRITE}}, new int[][] {new int[reads], {0}}, 1);
    }

    @Test
    void anExpiredTimeLimitStopsTheFirstExecutionBeforeItEnds() {
        // The deadline has passed by the first check; the check must come inside the execution, not after it.
        int reads = 200_000;
        ExplorationResult r = new DporExplorer().explore(longReader(reads), new Budget(Long.MAX_VALUE, 1e-9, true),
                ExecutionListener.NONE);
        assertEquals("time limit", r.stopReason);
        assertFalse(r.complete);
        assertEquals(0, r.executions, "stopped inside the first execution");
        assertTrue(r.steps < reads, r.steps + " steps");
    }

    @Test
    void progressIsReportedInsideALongExecution() {
        List<Progress> seen = new ArrayList<>();
        // An interval of 0: report at every check. The whole run is one execution per position of the write.
        ExplorationResult r = new DporExplorer().progress(seen::add, 0).explore(longReader(50_000),
                new Budget(1, 0, true), ExecutionListener.NONE);
        assertEquals(1, r.executions);
        assertFalse(seen.isEmpty(), "no progress during a 50,000-step execution");
        assertEquals(0, seen.get(0).executions());
        assertTrue(seen.get(0).steps() > 0);
    }

    @Test
    void aLocationKeepsOneReadPerProcessSinceItsLastWrite() {
        LocationTable t = new LocationTable();
        int s = t.getOrCreate(Footprint.location(Footprint.read(1, 0)));
        for (int e = 0; e < 1000; e++) {
            t.addRead(s, e, e % 2 == 0 ? 3 : 5);
        }
        List<Integer> events = new ArrayList<>();
        for (int c = t.readHead[s]; c >= 0; c = t.readNext[c]) {
            events.add(t.readEvent[c]);
        }
        // Newest first; an older read by the same process is ordered before its newer one by program order.
        assertEquals(List.of(999, 998), events);
    }

    @Test
    void theWriteRacesWithTheReadsAroundItOnly() {
        // Exhaustive: the write goes before every read or after one of them: reads + 1 traces, one execution each.
        int reads = 300;
        List<Boolean> maximal = new ArrayList<>();
        ExplorationResult r = new DporExplorer().explore(longReader(reads), new Budget(Long.MAX_VALUE, 0, false),
                (program, schedule, length, violations, isMaximal) -> maximal.add(isMaximal));
        assertTrue(r.complete);
        assertEquals(reads + 1, r.executions);
        assertFalse(maximal.contains(false));
    }
}
