package mprogsim.model.tcx;

import static mprogsim.model.mprog.MprogFlags.BEFORE;
import static mprogsim.model.mprog.MprogFlags.REPLACE;
import static mprogsim.model.tcx.TcxState.EGRESS;
import static mprogsim.model.tcx.TcxState.INGRESS;
import static mprogsim.model.tcx.TcxState.progRef;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;
import org.junit.jupiter.api.Test;

/**
 * The order of the non-store actions of each tcx plan (publish, grace period, commit, revision, frees, puts,
 * unlock) and how each protocol variant bends it. The slot stores themselves are pinned in MprogEditsTest.
 */
class TcxPlannerTest {
    private static SequentialTcx world(int maxProgs, int progs, int links, int variants) {
        int[] types = new int[progs + 1];
        Arrays.fill(types, 1, progs + 1, TcxState.TYPE_SCHED_CLS);
        return new SequentialTcx(new TcxState(maxProgs, types, links, links + 4, 8, true), variants);
    }

    private static int bits(Variant... vs) {
        int b = 0;
        for (Variant v : vs) {
            b |= v.bit();
        }
        return b;
    }

    /** Plans {@code op} on the world as it is, after its lookups, and lists its actions other than slot stores. */
    private static List<String> plan(SequentialTcx w, TcxOp op) {
        OpContext c = new OpContext();
        for (int i = 0; i < TcxPlanner.lookups(op); i++) {
            assertEquals(0, w.lookup(op, i, c));
        }
        Plan p = new Plan();
        w.plan(op, c, p, new QueryResult());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            if (p.code(i) != Plan.SLOT_STORE) {
                out.add(Plan.codeName(p.code(i)) + (p.code(i) == Plan.PUBLISH ? " " + p.arg(i, 1) : "")
                        + (p.code(i) == Plan.FREE_BUNDLE ? " rcu=" + p.arg(i, 1) : "")
                        + (p.code(i) == Plan.PUT_PROG || p.code(i) == Plan.LINK_DEV ? " " + p.arg(i, 0) : ""));
            }
        }
        out.add("ret " + Errno.format(p.ret));
        return out;
    }

    private static final TcxOp ATTACH_3 = TcxOp.attach(INGRESS, 3, 0, 0, 0, 0);

    private static SequentialTcx twoAttached(int variants) {
        SequentialTcx w = world(4, 4, 2, variants);
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 1, 0, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 2, 0, 0, 0, 0)));
        return w;
    }

    @Test
    void attachSwapsEntriesThenWaitsThenCommits() {
        assertEquals(List.of("count", "rcu_assign_pointer 1", "synchronize_rcu", "complete_release", "revision_new",
                "unlock", "ret 0"), plan(twoAttached(0), ATTACH_3));
        assertEquals(List.of("count", "rcu_assign_pointer 1", "complete_release", "revision_new", "unlock", "ret 0"),
                plan(twoAttached(bits(Variant.NO_SYNC_AFTER_SWAP)), ATTACH_3));
        assertEquals(List.of("count", "rcu_assign_pointer 1", "complete_release", "revision_new", "synchronize_rcu",
                "unlock", "ret 0"), plan(twoAttached(bits(Variant.COMMIT_BEFORE_SYNC)), ATTACH_3));
        assertEquals(List.of("count", "rcu_assign_pointer 1", "synchronize_rcu", "complete_release", "unlock",
                "ret 0"), plan(twoAttached(bits(Variant.NO_REVISION_BUMP)), ATTACH_3));
        assertEquals(List.of("rcu_assign_pointer 1", "count", "synchronize_rcu", "complete_release", "revision_new",
                "unlock", "ret 0"), plan(twoAttached(bits(Variant.PUBLISH_BEFORE_FILL)), ATTACH_3));
        // an in-place insert publishes the same entry again, and there is no old entry to wait for
        assertEquals(List.of("count", "rcu_assign_pointer 0", "complete_release", "revision_new", "unlock", "ret 0"),
                plan(twoAttached(bits(Variant.IN_PLACE_UPDATE)), ATTACH_3));
    }

    @Test
    void replaceWritesTheActiveEntryWithoutAGracePeriod() {
        SequentialTcx w = twoAttached(0);
        // the replaced prog is put by the edit, the transient reference of the lookup after the commit
        assertEquals(List.of("write_once", "prog_put 1", "complete_release", "revision_new", "prog_put 1", "unlock",
                "ret 0"), plan(w, TcxOp.attach(INGRESS, 3, REPLACE, 0, 1, 0)));
        SequentialTcx w2 = twoAttached(0);
        assertEquals(-Errno.EINVAL, w2.run(TcxOp.attach(INGRESS, 3, REPLACE, 0, 0, 0))); // fd 0 is stdin
        assertEquals(0, w2.run(TcxOp.closeProg(1)));
        assertEquals(-Errno.EBADF, w2.run(TcxOp.attach(INGRESS, 3, REPLACE, 0, 1, 0)));
        assertEquals(1, w2.state.progRefcnt[3], "the failed attach gave its prog reference back");
        assertEquals(0, w2.refcountUnderflows);
    }

    @Test
    void aFailedFirstAttachFreesTheNewBundle() {
        SequentialTcx w = world(4, 4, 0, 0);
        assertEquals(List.of("free_bundle rcu=1", "unlock", "prog_put 3", "ret -ENOENT"),
                plan(w, TcxOp.attach(INGRESS, 3, BEFORE, progRef(1), 0, 0)));
        SequentialTcx noRcu = world(4, 4, 0, bits(Variant.BUNDLE_FREE_NO_RCU));
        assertEquals(List.of("free_bundle rcu=0", "unlock", "prog_put 3", "ret -ENOENT"),
                plan(noRcu, TcxOp.attach(INGRESS, 3, BEFORE, progRef(1), 0, 0)));
        // on a hook that has an entry nothing is freed
        assertEquals(List.of("unlock", "prog_put 3", "ret -ESTALE"),
                plan(twoAttached(0), TcxOp.attach(INGRESS, 3, 0, 0, 0, 9)));
    }

    @Test
    void detachPublishesNullForTheLastProgAndFreesTheBundle() {
        SequentialTcx w = twoAttached(0);
        assertEquals(List.of("count", "mark_for_release", "rcu_assign_pointer 1", "synchronize_rcu",
                "complete_release", "revision_new", "unlock", "prog_put 2", "ret 0"),
                plan(w, TcxOp.detach(INGRESS, 2, 0, 0, 0)));
        SequentialTcx one = world(4, 4, 0, 0);
        assertEquals(0, one.run(TcxOp.attach(INGRESS, 1, 0, 0, 0, 0)));
        assertEquals(List.of("count", "mark_for_release", "rcu_assign_pointer -1", "synchronize_rcu",
                "complete_release", "revision_new", "free_bundle rcu=1", "unlock", "prog_put 1", "ret 0"),
                plan(one, TcxOp.detach(INGRESS, 1, 0, 0, 0)));
        SequentialTcx early = twoAttached(bits(Variant.PUBLISH_BEFORE_FILL, Variant.PUT_ON_DELETE));
        assertEquals(List.of("rcu_assign_pointer 1", "count", "prog_put 2", "synchronize_rcu", "complete_release",
                "revision_new", "unlock", "prog_put 2", "ret 0"), plan(early, TcxOp.detach(INGRESS, 2, 0, 0, 0)));
        // by position: nothing was looked up, nothing is put after the unlock
        assertEquals(List.of("count", "mark_for_release", "rcu_assign_pointer 1", "synchronize_rcu",
                "complete_release", "revision_new", "unlock", "ret 0"),
                plan(twoAttached(0), TcxOp.detach(INGRESS, 0, 0, 0, 0)));
        assertEquals(-Errno.ENOENT, world(4, 4, 0, 0).run(TcxOp.detach(INGRESS, 1, 0, 0, 0)));
        assertEquals(-Errno.ENOENT, twoAttached(0).run(TcxOp.detach(EGRESS, 1, 0, 0, 0)));
    }

    @Test
    void teardownUnpublishesEachHookAndDropsItsReferences() {
        SequentialTcx w = twoAttached(0);
        assertEquals(0, w.run(TcxOp.linkCreate(EGRESS, 0, 3, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(EGRESS, 4, 0, 0, 0, 0)));
        int link = w.state.nameBinding[0];
        assertEquals(List.of("unlist_device", "rcu_assign_pointer -1", "synchronize_rcu", "prog_put 1", "prog_put 2",
                "free_bundle rcu=1", "rcu_assign_pointer -1", "synchronize_rcu", "link_dev " + link, "prog_put 4",
                "free_bundle rcu=1", "unlock", "ret 0"), plan(w, TcxOp.teardown()));
        SequentialTcx fast = twoAttached(bits(Variant.UNINSTALL_NO_SYNC, Variant.BUNDLE_FREE_NO_RCU));
        assertEquals(List.of("unlist_device", "rcu_assign_pointer -1", "prog_put 1", "prog_put 2", "free_bundle rcu=0",
                "unlock", "ret 0"), plan(fast, TcxOp.teardown()));
    }

    @Test
    void afterTeardownTheDeviceIsGone() {
        SequentialTcx w = twoAttached(0);
        assertEquals(0, w.run(TcxOp.teardown()));
        assertEquals(1, w.state.progRefcnt[1], "the hook's reference is gone, the fd's stays");
        assertEquals(-Errno.ENODEV, w.run(TcxOp.attach(INGRESS, 3, 0, 0, 0, 0)));
        assertEquals(-Errno.ENODEV, w.run(TcxOp.attach(INGRESS, 3, REPLACE, 0, 4, 0)));
        assertEquals(-Errno.ENODEV, w.run(TcxOp.detach(INGRESS, 3, 0, 0, 0)));
        assertEquals(-Errno.ENODEV, w.run(TcxOp.linkCreate(INGRESS, 0, 3, 0, 0, 0)));
        assertEquals(-Errno.ENODEV, w.run(TcxOp.query(INGRESS, 8, 0)));
        assertEquals(1, w.state.progRefcnt[3]);
        assertEquals(1, w.state.progRefcnt[4]);
        assertEquals(0, w.refcountUnderflows);
    }

    @Test
    void queryFlags() {
        SequentialTcx w = twoAttached(0);
        assertEquals(-Errno.EINVAL, w.run(TcxOp.query(INGRESS, 8, 2)));
        // BPF_F_QUERY_EFFECTIVE gets past the syscall layer; tcx refuses it
        assertEquals(-Errno.EINVAL, w.run(TcxOp.query(INGRESS, 8, MprogFlags.QUERY_EFFECTIVE)));
        assertEquals(0, w.query.count);
        assertEquals(0, w.run(TcxOp.query(INGRESS, 8, 0)));
        assertEquals(2, w.query.count);
        assertEquals(0, w.run(TcxOp.query(EGRESS, 8, 0)));
        assertEquals(0, w.query.count);
        assertEquals(1, w.query.revision);
    }

    @Test
    void attachFlagsOutsideTheMprogMaskAreRefused() {
        SequentialTcx w = twoAttached(0);
        assertEquals(-Errno.EINVAL, w.run(TcxOp.attach(INGRESS, 3, 1, 0, 0, 0)));
        assertEquals(-Errno.EINVAL, w.run(TcxOp.detach(INGRESS, 1, 1 << 6, 0, 0)));
        assertEquals(-Errno.EINVAL, w.run(TcxOp.linkCreate(INGRESS, 0, 3, 1 << 1, 0, 0)));
        assertEquals(1, w.state.progRefcnt[3]);
    }

    @Test
    void lookupsPerOperation() {
        assertEquals(1, TcxPlanner.lookups(ATTACH_3));
        assertEquals(1, TcxPlanner.lookups(TcxOp.detach(INGRESS, 3, 0, 0, 0)));
        assertEquals(0, TcxPlanner.lookups(TcxOp.detach(INGRESS, 0, 0, 0, 0)));
        assertEquals(1, TcxPlanner.lookups(TcxOp.linkCreate(INGRESS, 0, 3, 0, 0, 0)));
        assertEquals(1, TcxPlanner.lookups(TcxOp.linkDetach(0)));
        assertEquals(2, TcxPlanner.lookups(TcxOp.linkUpdate(0, 3, 0)));
        assertEquals(3, TcxPlanner.lookups(TcxOp.linkUpdate(0, 3, 2)));
        assertEquals(0, TcxPlanner.lookups(TcxOp.query(INGRESS, 8, 0)));
        assertEquals(0, TcxPlanner.lookups(TcxOp.teardown()));
        TcxOp update = TcxOp.linkUpdate(1, 3, 2);
        assertEquals(-2, TcxPlanner.lookupTarget(update, 0));
        assertEquals(3, TcxPlanner.lookupTarget(update, 1));
        assertEquals(2, TcxPlanner.lookupTarget(update, 2));
        assertEquals(-2, TcxPlanner.lookupTarget(TcxOp.linkDetach(1), 0));
        assertEquals(3, TcxPlanner.lookupTarget(ATTACH_3, 0));
        assertEquals(0, TcxPlanner.lookupTarget(TcxOp.teardown(), 0));
    }

    @Test
    void lookupsTakeReferencesAndFailedOnesGiveThemBack() {
        int[] types = {0, TcxState.TYPE_SCHED_CLS, TcxState.TYPE_SOCKET_FILTER};
        SequentialTcx w = new SequentialTcx(new TcxState(4, types, 2, 6, 8, true), 0);
        assertEquals(-Errno.EINVAL, w.run(TcxOp.attach(INGRESS, 2, 0, 0, 0, 0)));
        assertEquals(-Errno.EINVAL, w.run(TcxOp.linkCreate(INGRESS, 0, 2, 0, 0, 0)));
        assertEquals(1, w.state.progRefcnt[2]);
        assertEquals(0, w.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(2, w.state.progRefcnt[1]);
        int link = w.state.nameBinding[0];
        assertEquals(-Errno.EBADF, w.run(TcxOp.linkUpdate(1, 1, 0))); // name 1 binds no link
        assertEquals(0, w.run(TcxOp.linkUpdate(0, 1, 0)));
        assertEquals(1, w.state.linkRefcnt[link]);
        assertEquals(0, w.refcountUnderflows);
    }

    @Test
    void linkUpdate() {
        SequentialTcx w = world(4, 4, 2, 0);
        assertEquals(0, w.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        int link = w.state.nameBinding[0];
        assertEquals(-Errno.EPERM, w.run(TcxOp.linkUpdate(0, 2, 3))); // old prog is not the link's
        assertEquals(0, w.run(TcxOp.linkUpdate(0, 1, 1))); // same prog: nothing to do
        assertEquals(2, w.state.progRefcnt[1]);
        assertEquals(List.of("write_once", "link_prog_xchg", "prog_put 1", "complete_release", "revision_new",
                "unlock", "prog_put 1", "link_put", "ret 0"), plan(w, TcxOp.linkUpdate(0, 2, 1)));
        SequentialTcx w2 = world(4, 4, 2, 0);
        assertEquals(0, w2.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(0, w2.run(TcxOp.linkUpdate(0, 2, 0)));
        assertEquals(2, w2.state.linkProg[link]);
        assertEquals(1, w2.state.progRefcnt[1]);
        assertEquals(2, w2.state.progRefcnt[2]);
        assertEquals(0, w2.run(TcxOp.linkDetach(0)));
        assertEquals(-Errno.ENOLINK, w2.run(TcxOp.linkUpdate(0, 3, 0)));
        assertEquals(1, w2.state.progRefcnt[3]);
        assertEquals(0, w2.refcountUnderflows);
    }

    @Test
    void closeLinkTwice() {
        SequentialTcx w = world(4, 4, 2, 0);
        assertEquals(-Errno.EBADF, w.run(TcxOp.closeLink(0)));
        assertEquals(0, w.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.closeLink(0)));
        assertEquals(-Errno.EBADF, w.run(TcxOp.closeLink(0)));
        assertEquals(0, w.run(TcxOp.closeProg(1)));
        assertEquals(-Errno.EBADF, w.run(TcxOp.closeProg(1)));
    }

    @Test
    void fullArrayInsertBeforeOnlyWithTheOldMaxCheck() {
        SequentialTcx now = world(2, 4, 0, 0);
        SequentialTcx old = world(2, 4, 0, bits(Variant.MAX_CHECK_BEFORE_F9B0E1088BBF));
        for (SequentialTcx w : List.of(now, old)) {
            assertEquals(0, w.run(TcxOp.attach(INGRESS, 1, 0, 0, 0, 0)));
            assertEquals(0, w.run(TcxOp.attach(INGRESS, 2, 0, 0, 0, 0)));
        }
        assertEquals(-Errno.ERANGE, now.run(TcxOp.attach(INGRESS, 3, BEFORE, progRef(1), 0, 0)));
        assertEquals(0, old.run(TcxOp.attach(INGRESS, 3, BEFORE, progRef(1), 0, 0)));
        assertEquals(3, old.state.walkLength(old.state.hookEntry[INGRESS]));
    }

    @Test
    void prechecksBeforeAnyLookup() {
        assertEquals(0, TcxPlanner.precheck(TcxOp.query(INGRESS, 8, MprogFlags.QUERY_EFFECTIVE)));
        assertEquals(-Errno.EINVAL, TcxPlanner.precheck(TcxOp.query(INGRESS, 8, 2)));
        assertEquals(0, TcxPlanner.precheck(TcxOp.attach(INGRESS, 3, MprogFlags.ATTACH_MASK, 0, 0, 0)));
        assertEquals(-Errno.EINVAL, TcxPlanner.precheck(TcxOp.attach(INGRESS, 3, 1, 0, 0, 0)));
        assertEquals(-Errno.EINVAL, TcxPlanner.precheck(TcxOp.detach(INGRESS, 3, 1 << 6, 0, 0)));
        assertEquals(-Errno.EINVAL, TcxPlanner.precheck(TcxOp.linkCreate(INGRESS, 0, 3, 1 << 1, 0, 0)));
        assertEquals(0, TcxPlanner.precheck(TcxOp.linkUpdate(0, 3, 2)));
        assertEquals(0, TcxPlanner.precheck(TcxOp.teardown()));
    }

    @Test
    void failingEarlyPutsWhatTheLookupsTook() {
        SequentialTcx w = world(4, 4, 2, 0);
        OpContext c = new OpContext();
        c.prog = 2;
        c.oldProg = 3;
        c.link = 1;
        Plan p = new Plan();
        w.failEarlyPlan(TcxOp.linkUpdate(0, 2, 3), c, -Errno.EBADF, p);
        assertEquals(-Errno.EBADF, p.ret);
        assertEquals(3, p.size());
        assertEquals(List.of(Plan.PUT_PROG, 3), List.of(p.code(0), p.arg(0, 0)));
        assertEquals(List.of(Plan.PUT_PROG, 2), List.of(p.code(1), p.arg(1, 0)));
        assertEquals(List.of(Plan.PUT_LINK, 1), List.of(p.code(2), p.arg(2, 0)));
        OpContext none = new OpContext();
        w.failEarlyPlan(TcxOp.linkUpdate(0, 2, 3), none, -Errno.EBADF, p);
        assertEquals(0, p.size());
        // a link update whose new prog fd is bad gives the link back
        assertEquals(0, w.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.closeProg(2)));
        OpContext u = new OpContext();
        TcxOp update = TcxOp.linkUpdate(0, 2, 0);
        assertEquals(0, w.lookup(update, 0, u));
        assertEquals(1, u.lookupsDone);
        assertEquals(-Errno.EBADF, w.lookup(update, 1, u));
        assertEquals(2, u.lookupsDone);
    }

    @Test
    void linkDetachAndRelease() {
        SequentialTcx w = world(4, 4, 2, 0);
        assertEquals(0, w.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 2, 0, 0, 0, 0)));
        int link = w.state.nameBinding[0];
        assertEquals(List.of("count", "rcu_assign_pointer 1", "synchronize_rcu", "complete_release", "revision_new",
                "link_dev " + link, "unlock", "link_put", "ret 0"), plan(w, TcxOp.linkDetach(0)));
        SequentialTcx r = world(4, 4, 2, 0);
        assertEquals(0, r.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(List.of("count", "rcu_assign_pointer -1", "synchronize_rcu", "complete_release", "revision_new",
                "free_bundle rcu=1", "link_dev " + link, "unlock", "prog_put 1", "link_free", "ret 0"),
                plan(r, TcxOp.linkRelease(link)));
        // a detached link's release detaches nothing
        SequentialTcx d = world(4, 4, 2, 0);
        assertEquals(0, d.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(0, d.run(TcxOp.linkDetach(0)));
        assertEquals(List.of("unlock", "prog_put 1", "link_free", "ret 0"), plan(d, TcxOp.linkRelease(link)));
    }

    @Test
    void aFailedQueryClearsTheCallersResult() {
        SequentialTcx w = twoAttached(0);
        QueryResult q = new QueryResult();
        q.count = 5;
        q.revision = 3;
        Plan p = new Plan();
        w.plan(TcxOp.query(INGRESS, 8, MprogFlags.QUERY_EFFECTIVE), new OpContext(), p, q);
        assertEquals(-Errno.EINVAL, p.ret);
        assertEquals(0, q.count);
        assertEquals(0, q.revision);
        assertEquals(0, w.run(TcxOp.teardown()));
        q.count = 5;
        w.plan(TcxOp.query(INGRESS, 8, 0), new OpContext(), p, q);
        assertEquals(-Errno.ENODEV, p.ret);
        assertEquals(0, q.count);
        assertEquals(INGRESS, p.hook);
    }

    @Test
    void outOfMemory() {
        int[] types = {0, TcxState.TYPE_SCHED_CLS, TcxState.TYPE_SCHED_CLS, TcxState.TYPE_SCHED_CLS};
        SequentialTcx w = new SequentialTcx(new TcxState(4, types, 3, 1, 1, false), 0);
        assertEquals(0, w.run(TcxOp.linkCreate(INGRESS, 0, 1, 0, 0, 0)));
        assertEquals(-Errno.ENOMEM, w.run(TcxOp.linkCreate(INGRESS, 1, 2, 0, 0, 0)));
        assertEquals(-Errno.ENOMEM, w.run(TcxOp.attach(EGRESS, 3, 0, 0, 0, 0)));
        assertEquals(1, w.state.progRefcnt[2]);
        assertEquals(1, w.state.progRefcnt[3]);
        assertEquals(0, w.refcountUnderflows);
    }

    @Test
    void aFailedLinkCreateLeavesNoLinkAndGivesItsProgBack() {
        SequentialTcx w = world(4, 4, 2, 0);
        assertEquals(-Errno.ENOENT, w.run(TcxOp.linkCreate(INGRESS, 0, 1, BEFORE, progRef(2), 0)));
        assertEquals(1, w.state.progRefcnt[1]);
        assertEquals(TcxState.FREED, w.state.linkLife[1]);
        assertEquals(0, w.state.nameBinding[0]);
        assertEquals(0, w.refcountUnderflows);
    }

    @Test
    void shrinkByTotalMovesOnlyTheLiveSlots() {
        SequentialTcx full = twoAttached(0);
        SequentialTcx byTotal = twoAttached(bits(Variant.SHRINK_BY_TOTAL));
        assertEquals(5 + 4, stores(full, TcxOp.detach(INGRESS, 1, 0, 0, 0)), "copy of 5 slots, then slots 0..3");
        assertEquals(5 + 1, stores(byTotal, TcxOp.detach(INGRESS, 1, 0, 0, 0)), "copy of 5 slots, then slot 0");
        assertEquals(bits(Variant.SHRINK_BY_TOTAL), new TcxPlanner(bits(Variant.SHRINK_BY_TOTAL)).variants());
    }

    private static int stores(SequentialTcx w, TcxOp op) {
        OpContext c = new OpContext();
        for (int i = 0; i < TcxPlanner.lookups(op); i++) {
            assertEquals(0, w.lookup(op, i, c));
        }
        Plan p = new Plan();
        w.plan(op, c, p, new QueryResult());
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            n += p.code(i) == Plan.SLOT_STORE ? 1 : 0;
        }
        return n;
    }
}
