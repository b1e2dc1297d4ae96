package mprogsim.stress.tcx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.stress.rcu.Rcu;
import org.junit.jupiter.api.Test;

/**
 * With one thread, the concurrent implementation must be the sequential spec: same return values, same query
 * output, readers see exactly the spec's lists, and after a barrier every released prog is freed.
 */
class ConcurrentTcxSequentialTest {
    private static final int PROGS = 5;
    private static final int LINK_NAMES = 3;

    private static SequentialTcx spec(int maxProgs) {
        int[] types = new int[PROGS + 1];
        Arrays.fill(types, 1, types.length, TcxState.TYPE_SCHED_CLS);
        return new SequentialTcx(new TcxState(maxProgs, types, LINK_NAMES, 400, 64, true), 0);
    }

    @Test
    void randomOperationSequencesMatchTheSpec() {
        for (long seed = 1; seed <= 40; seed++) {
            int maxProgs = 2 + (int) (seed % 3);
            TcxConfig config = TcxConfig.of(maxProgs, PROGS, LINK_NAMES).withLinkCapacity(400)
                    .withReleaseCheck(TcxConfig.ReleaseCheck.STRICT);
            ConcurrentTcx tcx = new ConcurrentTcx(config);
            SequentialTcx spec = spec(maxProgs);
            Rcu.Reader reader = tcx.registerReader();
            PassRecord pass = new PassRecord(8);
            QueryResult query = new QueryResult();
            RandomOps ops = new RandomOps(seed, PROGS, LINK_NAMES);
            for (int step = 0; step < 120; step++) {
                TcxOp op = ops.next();
                int expected = spec.run(op);
                int actual = tcx.run(op, query);
                String where = "seed " + seed + " step " + step + " " + op.kind;
                assertEquals(Errno.format(expected), Errno.format(actual), where);
                assertTrue(query.sameAs(spec.query), where + ": query output differs");
                for (int h = TcxState.INGRESS; h <= TcxState.EGRESS; h++) {
                    tcx.pass(reader, h, pass);
                    assertTrue(pass.clean(), where + ": " + pass.describe());
                    assertArrayEquals(spec.state.entryProgs(spec.state.hookEntry[h]), pass.progs(), where);
                    assertEquals(spec.state.hookSummary(h), tcx.controlSummary(h), where);
                }
            }
            tcx.quiesce();
            assertEquals(java.util.List.of(), tcx.problems(), "seed " + seed);
            assertEquals(java.util.List.of(), tcx.misuse(), "seed " + seed);
        }
    }

    @Test
    void teardownEmptiesBothHooksAndFreesWhatNothingHolds() {
        ConcurrentTcx tcx = new ConcurrentTcx(TcxConfig.of(4, 3, 1));
        assertEquals(0, tcx.run(TcxOp.attach(TcxState.INGRESS, 1, 0, 0, 0, 0)));
        assertEquals(0, tcx.run(TcxOp.attach(TcxState.EGRESS, 2, 0, 0, 0, 0)));
        assertEquals(0, tcx.run(TcxOp.linkCreate(TcxState.INGRESS, 0, 3, 0, 0, 0)));
        assertEquals(0, tcx.run(TcxOp.closeProg(1)));
        tcx.teardown();
        assertArrayEquals(new int[0], tcx.visibleProgs(TcxState.INGRESS));
        assertArrayEquals(new int[0], tcx.visibleProgs(TcxState.EGRESS));
        assertEquals(-Errno.ENODEV, tcx.run(TcxOp.attach(TcxState.INGRESS, 2, 0, 0, 0, 0)));
        tcx.quiesce();
        assertEquals(Prog.FREED, tcx.prog(1).life());
        assertEquals(Prog.LIVE, tcx.prog(2).life());
        assertEquals(java.util.List.of(), tcx.problems());
    }
}
