package mprogsim.model.tcx;

import static mprogsim.model.tcx.TcxState.EGRESS;
import static mprogsim.model.tcx.TcxState.INGRESS;
import static mprogsim.model.tcx.TcxState.linkRef;
import static mprogsim.model.tcx.TcxState.progRef;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogEntry;
import org.junit.jupiter.api.Test;

/** The object table under the tcx layer: lookups by fd and by id, bundle and link allocation, copies, summaries. */
class TcxStateTest {
    private static final int[] TYPES = {0, TcxState.TYPE_SCHED_CLS, TcxState.TYPE_SOCKET_FILTER,
            TcxState.TYPE_SCHED_CLS};

    private static TcxState state(int linkCapacity, int bundles, boolean recycle) {
        return new TcxState(2, TYPES, 2, linkCapacity, bundles, recycle);
    }

    private static String dump(TcxState s) {
        StringBuilder sb = new StringBuilder();
        s.dump(sb);
        return sb.toString();
    }

    @Test
    void freshState() {
        TcxState s = state(3, 2, true);
        assertEquals(3, s.progs);
        assertEquals(3, s.slots);
        assertEquals(1, s.progRefcnt[3]);
        assertEquals(TcxState.UNBORN, s.linkLife[3]);
        assertEquals(TcxState.UNBORN, s.bundleLife[1]);
        assertEquals("none", s.hookSummary(INGRESS));
        assertArrayEquals(new int[0], s.entryProgs(TcxState.NULL_ENTRY));
    }

    @Test
    void progLookups() {
        TcxState s = state(3, 2, true);
        assertEquals(1, s.progGetByFd(progRef(1), TcxState.TYPE_SCHED_CLS));
        assertEquals(2, s.progGetByFd(progRef(2), 0));
        assertEquals(-Errno.EINVAL, s.progGetByFd(progRef(2), TcxState.TYPE_SCHED_CLS));
        s.progFd[1] = false;
        assertEquals(-Errno.EBADF, s.progGetByFd(progRef(1), 0));
        // by id the prog is found while it holds a reference, whatever its fd
        assertEquals(1, s.progByRef(progRef(1), true));
        assertEquals(-Errno.EBADF, s.progByRef(progRef(1), false));
        s.progRefcnt[1] = 0;
        assertEquals(-Errno.ENOENT, s.progByRef(progRef(1), true));
        // a link's fd or id where a prog belongs
        assertEquals(-Errno.EBADF, s.progGetByFd(linkRef(0), 0));
        assertEquals(-Errno.ENOENT, s.progByRef(linkRef(0), true));
        int l = s.allocLink();
        s.nameBinding[0] = l;
        s.linkFd[l] = true;
        s.linkLife[l] = TcxState.LIVE;
        assertEquals(-Errno.EINVAL, s.progGetByFd(linkRef(0), 0));
        assertEquals(-Errno.ENOENT, s.progByRef(linkRef(0), true));
    }

    @Test
    void linkLookups() {
        TcxState s = state(3, 2, true);
        assertEquals(-Errno.EBADF, s.linkGetByFd(linkRef(1)));
        assertEquals(-Errno.ENOENT, s.linkByRef(linkRef(1), true));
        int l = s.allocLink();
        s.nameBinding[1] = l;
        s.linkLife[l] = TcxState.LIVE;
        assertEquals(-Errno.EBADF, s.linkGetByFd(linkRef(1)), "no fd yet");
        assertEquals(l, s.linkByRef(linkRef(1), true));
        s.linkFd[l] = true;
        assertEquals(l, s.linkGetByFd(linkRef(1)));
        assertEquals(l, s.linkByRef(linkRef(1), false));
        s.linkLife[l] = TcxState.RELEASED;
        assertEquals(-Errno.ENOENT, s.linkByRef(linkRef(1), true));
        // a prog's fd or id where a link belongs
        assertEquals(-Errno.EINVAL, s.linkGetByFd(progRef(1)));
        assertEquals(-Errno.ENOENT, s.linkByRef(progRef(1), true));
        s.progFd[1] = false;
        assertEquals(-Errno.EBADF, s.linkGetByFd(progRef(1)));
    }

    @Test
    void bundlesAreZeroedRecycledAndRunOut() {
        TcxState s = state(3, 2, true);
        assertEquals(0, s.createBundle());
        assertEquals(2, s.createBundle());
        assertEquals(-1, s.createBundle());
        s.fp[s.fpIndex(2, 0)] = 3;
        s.fp[s.fpIndex(3, 1)] = 3;
        s.cp[s.cpIndex(1, 0)] = 2;
        s.bundleCount[1] = 1;
        s.bundleRef[1] = 3;
        s.bundleRevision[1] = 9;
        s.fp[s.fpIndex(0, 0)] = 1;
        s.bundleLife[1] = TcxState.FREED;
        assertEquals(2, s.createBundle(), "the freed bundle comes back");
        for (int i = 0; i < s.slots; i++) {
            assertEquals(0, s.fp[s.fpIndex(2, i)]);
            assertEquals(0, s.fp[s.fpIndex(3, i)]);
            assertEquals(0, s.cp[s.cpIndex(1, i)]);
        }
        assertEquals(0, s.bundleCount[1]);
        assertEquals(0, s.bundleRef[1]);
        assertEquals(1, s.bundleRevision[1]);
        assertEquals(TcxState.LIVE, s.bundleLife[1]);
        assertEquals(1, s.fp[s.fpIndex(0, 0)], "the other bundle is left alone");
        TcxState once = state(3, 2, false);
        once.createBundle();
        once.bundleLife[0] = TcxState.FREED;
        assertEquals(2, once.createBundle());
        assertEquals(-1, once.createBundle(), "without recycling a freed bundle stays gone");
    }

    @Test
    void linksAreNumberedRecycledAndRunOut() {
        TcxState s = state(2, 2, true);
        assertEquals(1, s.allocLink());
        assertEquals(2, s.allocLink());
        assertEquals(-1, s.allocLink());
        s.linkLife[1] = TcxState.LIVE;
        s.linkLife[2] = TcxState.FREED;
        s.nameBinding[0] = 2;
        s.nameBinding[1] = 1;
        assertEquals(2, s.allocLink());
        assertEquals(0, s.nameBinding[0], "a recycled link's old name names nothing");
        assertEquals(1, s.nameBinding[1]);
        TcxState once = state(1, 2, false);
        assertEquals(1, once.allocLink());
        once.linkLife[1] = TcxState.FREED;
        assertEquals(-1, once.allocLink());
    }

    @Test
    void entriesSummariesAndCopies() {
        TcxState s = state(3, 2, true);
        s.createBundle();
        int e = s.createBundle() + 1; // entry b of bundle 1
        assertEquals(1, TcxState.bundleOf(e));
        s.hookEntry[EGRESS] = e;
        s.fp[s.fpIndex(e, 0)] = 3;
        s.fp[s.fpIndex(e, 1)] = 1;
        s.cp[s.cpIndex(1, 1)] = 2;
        s.bundleCount[1] = 2;
        s.bundleRevision[1] = 4;
        MprogEntry view = s.entry(e);
        assertEquals(2, view.total());
        assertEquals(3, view.prog(0));
        assertEquals(2, view.link(1));
        assertEquals(4, view.revision());
        assertEquals(3, view.slots());
        assertEquals(0, s.entry(e - 1).prog(0), "entry a of the same bundle is another array");
        assertEquals(2, s.entry(e - 1).link(1), "but shares the links");
        assertArrayEquals(new int[] {3, 1}, s.entryProgs(e));
        assertEquals(2, s.walkLength(e));
        assertEquals("rev 4 [3 1/2]", s.hookSummary(EGRESS));
        // a full array has no terminator: walks stop at its end, the summary at count
        s.fp[s.fpIndex(e, 2)] = 2;
        assertArrayEquals(new int[] {3, 1, 2}, s.entryProgs(e));
        assertEquals(3, s.walkLength(e));
        s.bundleCount[1] = 5;
        assertEquals("rev 4 [3 1/2 2]", s.hookSummary(EGRESS));
        s.bundleCount[1] = 1;
        assertEquals("rev 4 [3]", s.hookSummary(EGRESS));

        int l = s.allocLink();
        s.linkRefcnt[l] = 1;
        s.linkLife[l] = TcxState.LIVE;
        s.linkProg[l] = 3;
        s.linkHook[l] = EGRESS;
        s.linkName[l] = 1;
        s.linkFd[l] = true;
        s.linkAttached[l] = true;
        s.nameBinding[1] = l;
        s.progRefcnt[2] = 5;
        s.progLife[2] = TcxState.RELEASED;
        s.progFd[2] = false;
        s.bundleRef[1] = 3;
        s.bundleLife[0] = TcxState.FREED;
        s.deviceRegistered = false;
        s.hookEntry[INGRESS] = 0;
        TcxState c = s.copy();
        assertEquals(dump(s), dump(c));
        c.fp[0] = 7;
        assertNotEquals(dump(s), dump(c), "a copy shares no array");
        TcxState back = state(3, 2, true);
        back.copyFrom(c);
        assertEquals(dump(c), dump(back));
        assertEquals("rev 4 [3]", back.hookSummary(EGRESS));
    }

    @Test
    void puts() {
        TcxState s = state(2, 2, true);
        s.progRefcnt[1] = 2;
        assertEquals(0, s.putProg(1));
        assertEquals(TcxState.LIVE, s.progLife[1]);
        assertEquals(1, s.putProg(1));
        assertEquals(TcxState.RELEASED, s.progLife[1]);
        assertEquals(-1, s.putProg(1));
        int l = s.allocLink();
        s.linkRefcnt[l] = 2;
        s.linkLife[l] = TcxState.LIVE;
        assertEquals(0, s.putLink(l));
        assertEquals(1, s.putLink(l));
        assertEquals(TcxState.RELEASED, s.linkLife[l]);
        assertEquals(-1, s.putLink(l));
    }
}
