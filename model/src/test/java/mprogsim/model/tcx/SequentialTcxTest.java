package mprogsim.model.tcx;

import static mprogsim.model.mprog.MprogFlags.AFTER;
import static mprogsim.model.mprog.MprogFlags.BEFORE;
import static mprogsim.model.mprog.MprogFlags.ID;
import static mprogsim.model.mprog.MprogFlags.LINK;
import static mprogsim.model.mprog.MprogFlags.REPLACE;
import static mprogsim.model.tcx.TcxState.INGRESS;
import static mprogsim.model.tcx.TcxState.linkRef;
import static mprogsim.model.tcx.TcxState.progRef;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import mprogsim.model.mprog.Errno;
import org.junit.jupiter.api.Test;

class SequentialTcxTest {
    private static SequentialTcx world(int maxProgs, int progs, int links) {
        int[] types = new int[progs + 1];
        Arrays.fill(types, 1, progs + 1, TcxState.TYPE_SCHED_CLS);
        return new SequentialTcx(new TcxState(maxProgs, types, links, links + 4, 64, true), 0);
    }

    private static int[] ids(SequentialTcx w) {
        return Arrays.copyOf(w.query.progs, w.query.filled);
    }

    @Test
    void attachOrdersAndRevisions() {
        SequentialTcx w = world(63, 4, 0);
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 1, 0, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 2, 0, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 3, BEFORE, progRef(1), 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 4, AFTER, progRef(3), 0, 4)));
        assertEquals(0, w.run(TcxOp.query(INGRESS, 64, 0)));
        assertArrayEquals(new int[] {3, 4, 1, 2}, ids(w));
        assertEquals(5, w.query.revision);
        assertEquals(-Errno.EEXIST, w.run(TcxOp.attach(INGRESS, 4, 0, 0, 0, 0)));
        assertEquals(-Errno.ESTALE, w.run(TcxOp.detach(INGRESS, 4, 0, 0, 4)));
    }

    @Test
    void lastProgLeavingFreesTheEntryAndResetsTheRevision() {
        SequentialTcx w = world(63, 2, 0);
        w.run(TcxOp.attach(INGRESS, 1, 0, 0, 0, 0));
        w.run(TcxOp.attach(INGRESS, 2, 0, 0, 0, 0));
        assertEquals(0, w.run(TcxOp.detach(INGRESS, 0, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.detach(INGRESS, 1, 0, 0, 0)));
        assertEquals(TcxState.NULL_ENTRY, w.state.hookEntry[INGRESS]);
        assertEquals(0, w.run(TcxOp.query(INGRESS, 64, 0)));
        assertEquals(0, w.query.count);
        assertEquals(1, w.query.revision);
        assertEquals(-Errno.ENOENT, w.run(TcxOp.detach(INGRESS, 1, 0, 0, 0)));
    }

    @Test
    void fullArrayRejectsInsertButAllowsReplace() {
        SequentialTcx w = world(2, 4, 0);
        w.run(TcxOp.attach(INGRESS, 1, 0, 0, 0, 0));
        w.run(TcxOp.attach(INGRESS, 2, 0, 0, 0, 0));
        assertEquals(-Errno.ERANGE, w.run(TcxOp.attach(INGRESS, 3, BEFORE, progRef(1), 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 3, REPLACE, 0, 1, 0)));
        w.run(TcxOp.query(INGRESS, 64, 0));
        assertArrayEquals(new int[] {3, 2}, ids(w));
        assertEquals(TcxState.LIVE, w.state.progLife[1]);
        assertEquals(1, w.state.progRefcnt[1]);
    }

    @Test
    void linksCannotBeDetachedThroughTheOptsPath() {
        SequentialTcx w = world(63, 3, 2);
        assertEquals(0, w.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 2, BEFORE | LINK, linkRef(0), 0, 0)));
        assertEquals(-Errno.EBUSY, w.run(TcxOp.detach(INGRESS, 1, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.linkUpdate(0, 3, 1)));
        w.run(TcxOp.query(INGRESS, 64, 0));
        assertArrayEquals(new int[] {2, 3}, ids(w));
        assertEquals(0, w.run(TcxOp.closeLink(0)));
        w.run(TcxOp.query(INGRESS, 64, 0));
        assertArrayEquals(new int[] {2}, ids(w));
        assertEquals(-Errno.EBADF, w.run(TcxOp.closeLink(0)));
        assertEquals(-Errno.ENOENT, w.run(TcxOp.attach(INGRESS, 1, AFTER | LINK | ID, linkRef(0), 0, 0)));
    }

    @Test
    void closedProgFdGivesEbadfButIdStillWorks() {
        SequentialTcx w = world(63, 3, 0);
        w.run(TcxOp.attach(INGRESS, 1, 0, 0, 0, 0));
        assertEquals(0, w.run(TcxOp.closeProg(1)));
        assertEquals(-Errno.EBADF, w.run(TcxOp.attach(INGRESS, 2, BEFORE, progRef(1), 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 2, BEFORE | ID, progRef(1), 0, 0)));
        assertEquals(0, w.run(TcxOp.detach(INGRESS, 0, AFTER, 0, 0)));
        assertEquals(TcxState.FREED, w.state.progLife[1]);
        assertEquals(-Errno.ENOENT, w.run(TcxOp.attach(INGRESS, 3, BEFORE | ID, progRef(1), 0, 0)));
    }
}
