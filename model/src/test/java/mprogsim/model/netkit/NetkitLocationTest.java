package mprogsim.model.netkit;

import static mprogsim.model.mprog.MprogFlags.BEFORE;
import static mprogsim.model.tcx.TcxState.INGRESS;
import static mprogsim.model.tcx.TcxState.NETKIT_PEER;
import static mprogsim.model.tcx.TcxState.NETKIT_PRIMARY;
import static mprogsim.model.tcx.TcxState.progRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.OpContext;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxPlanner;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;
import org.junit.jupiter.api.Test;

/**
 * netkit as an attach location (drivers/net/netkit.c): the device lookup's errors, the embedded bundle as the
 * attach fallback, an emptied device publishing NULL and freeing nothing, teardown per device, and the revision that
 * survives the emptying. The plans are compared action by action, as TcxPlannerTest does for tcx.
 */
class NetkitLocationTest {
    private static SequentialTcx world(int variants) {
        int[] types = new int[6];
        Arrays.fill(types, 1, 6, TcxState.TYPE_SCHED_CLS);
        return new SequentialTcx(new TcxState(4, types, 2, 6, 10, false, true), variants);
    }

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
                out.add(Plan.codeName(p.code(i)) + (p.code(i) == Plan.PUBLISH ? " " + p.arg(i, 0) + "=" + p.arg(i, 1)
                        : "") + (p.code(i) == Plan.PUT_PROG || p.code(i) == Plan.LINK_DEV ? " " + p.arg(i, 0) : ""));
            }
        }
        out.add("ret " + Errno.format(p.ret));
        return out;
    }

    @Test
    void devFetchRefusesEachWrongIfindexBeforeAnythingElse() {
        SequentialTcx w = world(0);
        TcxOp attach = TcxOp.attach(NETKIT_PRIMARY, 1, 0, 0, 0, 0);
        assertEquals(-Errno.ENODEV, w.run(attach.withTarget(TcxOp.TARGET_MISSING)));
        assertEquals(-Errno.ENXIO, w.run(attach.withTarget(TcxOp.TARGET_OTHER)));
        assertEquals(-Errno.EACCES, w.run(attach.withTarget(TcxOp.TARGET_PEER)));
        assertEquals(-Errno.EACCES, w.run(TcxOp.query(NETKIT_PEER, 4, 0).withTarget(TcxOp.TARGET_PEER)));
        assertEquals(-Errno.EACCES, w.run(TcxOp.linkCreate(NETKIT_PEER, 0, 2, 0, 0, 0).withTarget(TcxOp.TARGET_PEER)));
        assertEquals(1, w.state.progRefcnt[1], "a refused attach gives its prog reference back");
        assertEquals(1, w.state.progRefcnt[2]);
        assertEquals(TcxState.NULL_ENTRY, w.state.hookEntry[NETKIT_PRIMARY]);
        // an attach type that is not the pair's (only reachable from inside the model)
        assertEquals(-Errno.EINVAL, new NetkitLocation(0).fetchDevice(w.state, TcxOp.attach(INGRESS, 1, 0, 0, 0, 0)));
        // the tcx device's hooks ignore the target altogether
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 1, 0, 0, 0, 0).withTarget(TcxOp.TARGET_PEER)));
    }

    @Test
    void attachStartsFromTheEmbeddedBundleAndAllocatesNothing() {
        SequentialTcx w = world(0);
        int bundlesBefore = w.state.bundlesUsed;
        assertEquals(List.of("count", "rcu_assign_pointer 3=3", "synchronize_rcu", "complete_release",
                "revision_new", "unlock", "ret 0"), plan(w, TcxOp.attach(NETKIT_PEER, 1, 0, 0, 0, 0)));
        assertEquals(bundlesBefore, w.state.bundlesUsed);
        // a failed attach on an empty device frees nothing (tcx frees the bundle it just created)
        assertEquals(List.of("unlock", "prog_put 2", "ret -ENOENT"),
                plan(world(0), TcxOp.attach(NETKIT_PRIMARY, 2, BEFORE, progRef(3), 0, 0)));
    }

    @Test
    void detachOfTheLastProgPublishesNullAndFreesNoBundle() {
        SequentialTcx planned = world(0);
        assertEquals(0, planned.run(TcxOp.attach(NETKIT_PRIMARY, 1, 0, 0, 0, 0)));
        assertEquals(List.of("count", "mark_for_release", "rcu_assign_pointer 2=-1", "synchronize_rcu",
                "complete_release", "revision_new", "unlock", "prog_put 1", "ret 0"),
                plan(planned, TcxOp.detach(NETKIT_PRIMARY, 1, 0, 0, 0)));
        SequentialTcx w = world(0);
        assertEquals(-Errno.ENOENT, w.run(TcxOp.detach(NETKIT_PRIMARY, 1, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(NETKIT_PRIMARY, 1, 0, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.detach(NETKIT_PRIMARY, 1, 0, 0, 0)));
        assertEquals(TcxState.NULL_ENTRY, w.state.hookEntry[NETKIT_PRIMARY]);
        assertEquals(TcxState.LIVE, w.state.bundleLife[0]);
        assertEquals(3, w.state.bundleRevision[0], "the bundle's revision carries on");
        assertEquals(0, w.run(TcxOp.query(NETKIT_PRIMARY, 4, 0)));
        assertEquals(1, w.query.revision, "bpf_mprog_query of a NULL entry says 1");
        assertEquals(-Errno.ESTALE, w.run(TcxOp.attach(NETKIT_PRIMARY, 2, 0, 0, 0, 1)));
        assertEquals(0, w.run(TcxOp.attach(NETKIT_PRIMARY, 2, 0, 0, 0, 3)));
    }

    @Test
    void teardownEmptiesEachDeviceWithAGracePeriodAndFreesNothing() {
        SequentialTcx w = world(0);
        assertEquals(0, w.run(TcxOp.attach(NETKIT_PRIMARY, 1, 0, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.linkCreate(NETKIT_PEER, 0, 2, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(NETKIT_PEER, 3, 0, 0, 0, 0)));
        assertEquals(0, w.run(TcxOp.attach(INGRESS, 4, 0, 0, 0, 0)));
        int link = w.state.nameBinding[0];
        // teardown makes no lookup, so planning it leaves the world as it was
        assertEquals(List.of("unlist_device", "rcu_assign_pointer 2=-1", "synchronize_rcu", "prog_put 1",
                "rcu_assign_pointer 3=-1", "synchronize_rcu", "link_dev " + link, "prog_put 3", "unlock", "ret 0"),
                plan(w, TcxOp.netkitTeardown()));
        SequentialTcx noSync = world(Variant.UNINSTALL_NO_SYNC.bit());
        assertEquals(0, noSync.run(TcxOp.attach(NETKIT_PRIMARY, 1, 0, 0, 0, 0)));
        assertEquals(List.of("unlist_device", "rcu_assign_pointer 2=-1", "prog_put 1", "unlock", "ret 0"),
                plan(noSync, TcxOp.netkitTeardown()));

        assertEquals(0, w.run(TcxOp.netkitTeardown()));
        assertFalse(w.state.netkitRegistered);
        assertTrue(w.state.deviceRegistered, "the tcx device is another device");
        assertEquals(TcxState.LIVE, w.state.bundleLife[0]);
        assertEquals(TcxState.LIVE, w.state.bundleLife[1]);
        assertEquals(-Errno.ENODEV, w.run(TcxOp.query(NETKIT_PEER, 4, 0)));
        assertEquals(-Errno.ENXIO, w.run(TcxOp.query(NETKIT_PEER, 4, 0).withTarget(TcxOp.TARGET_OTHER)));
        assertEquals(-Errno.ENOLINK, w.run(TcxOp.linkUpdate(0, 5, 0)));
        assertEquals(-Errno.ENODEV, w.run(TcxOp.netkitTeardown()));
        assertEquals(0, w.run(TcxOp.query(INGRESS, 4, 0)));
        assertEquals(1, w.query.count);
        assertEquals(0, w.refcountUnderflows);
    }

    @Test
    void aStateWithoutThePairHasTheTcxLayoutUnchanged() {
        TcxState tcx = new TcxState(4, new int[] {0, 3}, 1, 2, 4, false);
        assertEquals(2, tcx.hooks());
        assertEquals(0, tcx.bundlesUsed);
        TcxState nk = new TcxState(4, new int[] {0, 3}, 1, 2, 6, false, true);
        assertEquals(4, nk.hooks());
        assertEquals(2, nk.bundlesUsed, "the two embedded bundles exist from the start");
        // the same capacity without the pair: three ints more (the pair's two entry pointers and whether it is listed)
        assertEquals(new TcxState(4, new int[] {0, 3}, 1, 2, 6, false).stateInts() + 3, nk.stateInts());
        int[] saved = new int[nk.stateInts()];
        nk.hookEntry[NETKIT_PEER] = 2;
        nk.netkitRegistered = false;
        nk.saveState(saved, 0);
        TcxState back = nk.copy();
        back.hookEntry[NETKIT_PEER] = TcxState.NULL_ENTRY;
        back.netkitRegistered = true;
        back.restoreState(saved, 0);
        assertEquals(2, back.hookEntry[NETKIT_PEER]);
        assertFalse(back.netkitRegistered);
    }
}
