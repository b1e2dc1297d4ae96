package mprogsim.model.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;

/** Small random scenarios for checking the explorers on the simulator: few threads, few ops, tiny arrays. */
final class RandomScenarios {
    private RandomScenarios() {
    }

    /** A scenario small enough for plain DFS: one reader pass, few and short writer ops. */
    static SimConfig small(SplittableRandom rnd, boolean withVariants) {
        int progs = 3;
        int[] types = schedClsTypes(progs);
        String[] names = progNames(progs);
        int[] ingress = rnd.nextBoolean() ? new int[] {1} : new int[0];
        List<SimThread> threads = new ArrayList<>();
        int writers = 1 + rnd.nextInt(2);
        for (int w = 0; w < writers; w++) {
            int k = writers == 1 ? 1 + rnd.nextInt(2) : 1;
            TcxOp[] ops = new TcxOp[k];
            for (int i = 0; i < k; i++) {
                int p = 1 + rnd.nextInt(progs);
                ops[i] = switch (rnd.nextInt(w == 0 && i == 0 ? 5 : 3)) {
                    case 0 -> TcxOp.closeProg(p);
                    case 1 -> TcxOp.query(TcxState.INGRESS, 4, 0);
                    case 2 -> TcxOp.detach(TcxState.INGRESS, p, 0, 0, 0);
                    default -> TcxOp.attach(TcxState.INGRESS, p, 0, 0, 0, 0);
                };
            }
            String[] labels = new String[k];
            Arrays.fill(labels, "op");
            threads.add(SimThread.writer("w" + (w + 1), ops, new OpExpectation[k], labels));
        }
        threads.add(SimThread.reader("r1", TcxState.INGRESS, 1));
        int variants = 0;
        if (withVariants && rnd.nextBoolean()) {
            Variant[] vs = Variant.sequentiallyVisible();
            variants = vs[rnd.nextInt(vs.length)].bit();
        }
        return new SimConfig(1, types, names, new String[] {"l0"}, new int[][] {ingress, new int[0]}, threads,
                variants, rnd.nextBoolean(), rnd.nextInt(4) == 0);
    }

    /** A scenario of moderate size: several writers and readers, links, teardown; too big for plain DFS. */
    static SimConfig random(SplittableRandom rnd, boolean withVariants) {
        int progs = 3 + rnd.nextInt(2);
        int[] types = schedClsTypes(progs);
        String[] names = progNames(progs);
        int maxProgs = 2 + rnd.nextInt(2);
        int initialCount = rnd.nextInt(3);
        int[] ingress = new int[initialCount];
        for (int i = 0; i < initialCount; i++) {
            ingress[i] = i + 1;
        }
        List<SimThread> threads = new ArrayList<>();
        int writers = 1 + rnd.nextInt(2);
        boolean links = rnd.nextInt(3) == 0;
        for (int w = 0; w < writers; w++) {
            int k = 1 + rnd.nextInt(2);
            TcxOp[] ops = new TcxOp[k];
            for (int i = 0; i < k; i++) {
                ops[i] = randomOp(rnd, progs, links, w);
            }
            String[] labels = new String[k];
            Arrays.fill(labels, "op");
            threads.add(SimThread.writer("w" + (w + 1), ops, new OpExpectation[k], labels));
        }
        int readers = 1 + rnd.nextInt(2);
        for (int r = 0; r < readers; r++) {
            threads.add(SimThread.reader("r" + (r + 1), TcxState.INGRESS, 1 + rnd.nextInt(2)));
        }
        return withTeardownAndVariant(rnd, maxProgs, types, names, ingress, threads, withVariants);
    }

    private static TcxOp randomOp(SplittableRandom rnd, int progs, boolean links, int writer) {
        int p = 1 + rnd.nextInt(progs);
        int q = 1 + rnd.nextInt(progs);
        int choice = rnd.nextInt(links ? 9 : 6);
        return switch (choice) {
            case 0, 1 -> TcxOp.attach(TcxState.INGRESS, p, rnd.nextBoolean() ? 0 : MprogFlags.BEFORE,
                    rnd.nextBoolean() ? 0 : TcxState.progRef(q), 0, 0);
            case 2 -> TcxOp.detach(TcxState.INGRESS, p, 0, 0, 0);
            case 3 -> TcxOp.detach(TcxState.INGRESS, 0, MprogFlags.AFTER, 0, 0);
            case 4 -> TcxOp.closeProg(p);
            case 5 -> TcxOp.attach(TcxState.INGRESS, p, MprogFlags.REPLACE, 0, q, 0);
            case 6 -> TcxOp.linkCreate(TcxState.INGRESS, writer, p, 0, 0, 0);
            case 7 -> TcxOp.linkUpdate(writer, p, 0);
            default -> TcxOp.closeLink(writer);
        };
    }

    /**
     * A link detached (by link_detach or a teardown) before its fd is closed, so that its release puts its prog
     * with no grace period between, against a second writer and a reader; the random ops of sized() never detach a
     * link explicitly.
     */
    static SimConfig detachedLink(SplittableRandom rnd) {
        int progs = 3;
        int p = 1 + rnd.nextInt(progs);
        List<SimThread> threads = new ArrayList<>();
        TcxOp[] first = {TcxOp.linkCreate(TcxState.INGRESS, 0, p, 0, 0, 0), TcxOp.linkDetach(0), TcxOp.closeLink(0)};
        String[] labels = new String[first.length];
        Arrays.fill(labels, "op");
        threads.add(SimThread.writer("w1", first, new OpExpectation[first.length], labels));
        TcxOp[] second = {randomOp(rnd, progs, false, 1)};
        threads.add(SimThread.writer("w2", second, new OpExpectation[1], new String[] {"op"}));
        threads.add(SimThread.reader("r1", TcxState.INGRESS, 1));
        int[] ingress = rnd.nextBoolean() ? new int[] {p} : new int[0];
        return new SimConfig(2 + rnd.nextInt(2), schedClsTypes(progs), progNames(progs), new String[] {"l0", "l1"},
                new int[][] {ingress, new int[0]}, threads, 0, rnd.nextBoolean(), rnd.nextInt(4) == 0);
    }

    /** The same scenario under one variant only. */
    static SimConfig withVariant(SimConfig c, Variant v) {
        return new SimConfig(c.maxProgs(), c.progTypes(), c.progNames(), c.linkNames(), c.initial(), c.threads(),
                v.bit(), c.progFreeImmediate(), c.strictReleaseCheck());
    }

    /** Two progs attached, a writer that attaches and detaches, two readers that keep walking the hook. */
    static SimConfig sharedEntry(SplittableRandom rnd) {
        return sharedEntry(rnd, 2);
    }

    /**
     * Readers walking an entry that a writer changes in place (attach with REPLACE: a WRITE_ONCE into the published
     * entry before the grace period), then a second op, with no variant: the case where a reader in the middle of
     * its walk must not be taken as persistent although the protocol is correct.
     */
    static SimConfig replacedInPlace(SplittableRandom rnd) {
        int progs = 4;
        int[] types = schedClsTypes(progs);
        String[] names = progNames(progs);
        int replaced = 1 + rnd.nextInt(2);
        TcxOp[] ops = {
            TcxOp.attach(TcxState.INGRESS, 3, MprogFlags.REPLACE, 0, replaced, 0),
            rnd.nextBoolean() ? TcxOp.detach(TcxState.INGRESS, 3 - replaced, 0, 0, 0)
                : TcxOp.attach(TcxState.INGRESS, 4, MprogFlags.REPLACE, 0, 3, 0)
        };
        List<SimThread> threads = new ArrayList<>();
        threads.add(SimThread.writer("w1", ops, new OpExpectation[2], new String[] {"op", "op"}));
        if (rnd.nextBoolean()) {
            // The replaced prog's fd goes too: then the replace drops its last reference while readers may run it.
            threads.add(SimThread.writer("w2", new TcxOp[] {TcxOp.closeProg(replaced)}, new OpExpectation[1],
                    new String[] {"op"}));
        }
        threads.add(SimThread.reader("r1", TcxState.INGRESS, 1 + rnd.nextInt(2)));
        if (rnd.nextBoolean()) {
            threads.add(SimThread.reader("r2", TcxState.INGRESS, 1));
        }
        return new SimConfig(3, types, names, new String[] {"l0"}, new int[][] {{1, 2}, new int[0]}, threads, 0,
                rnd.nextBoolean(), false);
    }

    /** {@link #sharedEntry(SplittableRandom)} with the readers' passes given. */
    static SimConfig sharedEntry(SplittableRandom rnd, int passes) {
        int progs = 3;
        int[] types = schedClsTypes(progs);
        String[] names = progNames(progs);
        TcxOp[] ops = {
            TcxOp.attach(TcxState.INGRESS, 3, rnd.nextBoolean() ? 0 : MprogFlags.BEFORE, 0, 0, 0),
            TcxOp.detach(TcxState.INGRESS, 1 + rnd.nextInt(2), 0, 0, 0)
        };
        List<SimThread> threads = new ArrayList<>();
        threads.add(SimThread.writer("w1", ops, new OpExpectation[2], new String[] {"op", "op"}));
        threads.add(SimThread.reader("r1", TcxState.INGRESS, passes));
        threads.add(SimThread.reader("r2", TcxState.INGRESS, passes));
        return new SimConfig(3, types, names, new String[] {"l0"}, new int[][] {{1, 2}, new int[0]}, threads, 0,
                rnd.nextBoolean(), false);
    }

    /**
     * A scenario of the size the soundness check against plain DFS runs at: one or two writers with one or two ops,
     * one or two readers with one or two passes, max_progs 2 or 3, links and a teardown sometimes. Plain DFS runs
     * every interleaving, so the sizes are drawn to keep most scenarios within its budget.
     */
    static SimConfig sized(SplittableRandom rnd, boolean withVariants) {
        int progs = 3;
        int[] types = schedClsTypes(progs);
        String[] names = progNames(progs);
        int maxProgs = 2 + rnd.nextInt(2);
        int initialCount = rnd.nextInt(maxProgs + 1);
        int[] ingress = new int[initialCount];
        for (int i = 0; i < initialCount; i++) {
            ingress[i] = i + 1;
        }
        boolean links = rnd.nextInt(3) == 0;
        List<SimThread> threads = new ArrayList<>();
        int writers = 1 + rnd.nextInt(2);
        int ops = 0;
        for (int w = 0; w < writers; w++) {
            int k = 1 + rnd.nextInt(2);
            ops += k;
            TcxOp[] list = new TcxOp[k];
            for (int i = 0; i < k; i++) {
                list[i] = randomOp(rnd, progs, links, w);
            }
            String[] labels = new String[k];
            Arrays.fill(labels, "op");
            threads.add(SimThread.writer("w" + (w + 1), list, new OpExpectation[k], labels));
        }
        // Every op and every pass multiplies plain DFS's interleavings: more writer work, fewer reader passes.
        int readers = ops >= 3 ? 1 : 1 + rnd.nextInt(2);
        for (int r = 0; r < readers; r++) {
            threads.add(SimThread.reader("r" + (r + 1), TcxState.INGRESS, ops >= 2 ? 1 : 1 + rnd.nextInt(2)));
        }
        return withTeardownAndVariant(rnd, maxProgs, types, names, ingress, threads, withVariants);
    }

    /** The part both sized generators share: sometimes a teardown, sometimes one variant, then the config. */
    private static SimConfig withTeardownAndVariant(SplittableRandom rnd, int maxProgs, int[] types, String[] names,
                                                    int[] ingress, List<SimThread> threads, boolean withVariants) {
        if (rnd.nextInt(6) == 0) {
            threads.add(SimThread.teardown("t1"));
        }
        int variants = 0;
        if (withVariants && rnd.nextInt(2) == 0) {
            Variant[] vs = Variant.sequentiallyVisible();
            variants = vs[rnd.nextInt(vs.length)].bit();
        }
        return new SimConfig(maxProgs, types, names, new String[] {"l0", "l1"}, new int[][] {ingress, new int[0]},
                threads, variants, rnd.nextBoolean(), rnd.nextInt(4) == 0);
    }

    /** The variants that act on the qdisc side of the entry, and those whose frees and grace periods meet it. */
    private static final Variant[] QDISC_VARIANTS = {Variant.MINIQ_FLAG_BEFORE_1CB6F0BAE504,
        Variant.INGRESS_DESTROY_CLEARS_EGRESS_BEFORE_DC644B540A2D, Variant.UNINSTALL_FREES_ACTIVE_ENTRY_BEFORE_079082C60AFF,
        Variant.DETACH_EMPTY_BEFORE_D210F9735E13, Variant.QUERY_NULL_ENTRY_ENOENT_BEFORE_EDFA9AF0A73E,
        Variant.BUNDLE_FREE_NO_RCU, Variant.UNINSTALL_NO_SYNC, Variant.NO_SYNC_AFTER_SWAP};

    /**
     * A scenario with a qdisc thread (RTNL writer of ingress/clsact qdiscs, chain 0, shared blocks, holds), a
     * bpf writer on the ingress hook, one reader pass and sometimes a teardown: small enough for plain DFS's
     * reference searches, so that the qdisc steps' footprints and saved state are checked like the others.
     */
    static SimConfig qdisc(SplittableRandom rnd, boolean withVariants) {
        int progs = 3;
        int[] types = schedClsTypes(progs);
        String[] names = progNames(progs);
        int[] ingress = rnd.nextInt(3) == 0 ? new int[] {1} : new int[0];
        List<SimThread> threads = new ArrayList<>();
        int kind = rnd.nextBoolean() ? TcxState.QDISC_CLSACT : TcxState.QDISC_INGRESS;
        int other = kind == TcxState.QDISC_CLSACT ? TcxState.QDISC_INGRESS : TcxState.QDISC_CLSACT;
        int k = 2 + rnd.nextInt(2);
        TcxOp[] q = new TcxOp[k];
        q[0] = TcxOp.qdiscAdd(kind, rnd.nextBoolean() ? 1 : 0, 0);
        for (int i = 1; i < k; i++) {
            q[i] = switch (rnd.nextInt(7)) {
                case 0 -> TcxOp.chainAddOnHook(TcxState.INGRESS);
                case 1 -> TcxOp.chainAddOnBlock(1);
                case 2 -> TcxOp.qdiscReplace(other, rnd.nextBoolean() ? 2 : 0, 0);
                case 3 -> TcxOp.qdiscDelete(kind);
                case 4 -> TcxOp.qdiscHold();
                case 5 -> TcxOp.qdiscPut();
                default -> TcxOp.query(TcxState.INGRESS, 4, 0);
            };
        }
        String[] qLabels = new String[k];
        Arrays.fill(qLabels, "op");
        threads.add(SimThread.writer("q1", q, new OpExpectation[k], qLabels));
        int w = 1 + rnd.nextInt(2);
        TcxOp[] ops = new TcxOp[w];
        for (int i = 0; i < w; i++) {
            int p = 1 + rnd.nextInt(progs);
            // A hold from this thread races with the qdisc thread's add: it may find no qdisc yet.
            ops[i] = switch (rnd.nextInt(5)) {
                case 0 -> TcxOp.detach(TcxState.INGRESS, 0, 0, 0, 0);
                case 1 -> TcxOp.detach(TcxState.INGRESS, p, 0, 0, 0);
                case 2 -> TcxOp.qdiscHold();
                default -> TcxOp.attach(TcxState.INGRESS, p, 0, 0, 0, 0);
            };
        }
        String[] labels = new String[w];
        Arrays.fill(labels, "op");
        threads.add(SimThread.writer("w1", ops, new OpExpectation[w], labels));
        threads.add(SimThread.reader("r1", TcxState.INGRESS, 1));
        if (rnd.nextInt(3) == 0) {
            threads.add(SimThread.teardown("t1"));
        }
        int variants = 0;
        if (withVariants && rnd.nextInt(3) != 0) {
            variants = QDISC_VARIANTS[rnd.nextInt(QDISC_VARIANTS.length)].bit();
        }
        return new SimConfig(2, types, names, new String[] {"l0"}, new int[][] {ingress, new int[0]}, threads,
                variants, rnd.nextBoolean(), false);
    }

    /**
     * A qdisc scenario small enough for plain DFS to list every interleaving: one qdisc op on a device whose hook
     * may hold a prog, against one short op of another thread (a close, a query, a hold or a detach) and sometimes
     * one reader pass.
     */
    static SimConfig qdiscTiny(SplittableRandom rnd, boolean withVariants) {
        int progs = 2;
        int[] types = schedClsTypes(progs);
        String[] names = progNames(progs);
        int[] ingress = rnd.nextBoolean() ? new int[] {1} : new int[0];
        List<SimThread> threads = new ArrayList<>();
        int kind = rnd.nextBoolean() ? TcxState.QDISC_CLSACT : TcxState.QDISC_INGRESS;
        TcxOp q = rnd.nextInt(3) == 0 ? TcxOp.qdiscReplace(kind, 0, 0) : TcxOp.qdiscAdd(kind, 0, 0);
        threads.add(SimThread.writer("q1", new TcxOp[] {q}, new OpExpectation[1], new String[] {"op"}));
        TcxOp other = switch (rnd.nextInt(4)) {
            case 0 -> TcxOp.closeProg(1);
            case 1 -> TcxOp.query(TcxState.INGRESS, 4, 0);
            case 2 -> TcxOp.qdiscHold();
            default -> TcxOp.detach(TcxState.INGRESS, 0, 0, 0, 0);
        };
        threads.add(SimThread.writer("w1", new TcxOp[] {other}, new OpExpectation[1], new String[] {"op"}));
        if (rnd.nextBoolean()) {
            threads.add(SimThread.reader("r1", TcxState.INGRESS, 1));
        }
        int variants = 0;
        if (withVariants && rnd.nextBoolean()) {
            variants = QDISC_VARIANTS[rnd.nextInt(QDISC_VARIANTS.length)].bit();
        }
        return new SimConfig(2, types, names, new String[] {"l0"}, new int[][] {ingress, new int[0]}, threads,
                variants, rnd.nextBoolean(), false);
    }

    /** Program types 1..progs, all sched_cls (index 0 is NULL). */
    private static int[] schedClsTypes(int progs) {
        int[] types = new int[progs + 1];
        Arrays.fill(types, 1, progs + 1, TcxState.TYPE_SCHED_CLS);
        return types;
    }

    /** Names p1..pN (index 0 is NULL). */
    private static String[] progNames(int progs) {
        String[] names = new String[progs + 1];
        for (int p = 1; p <= progs; p++) {
            names[p] = "p" + p;
        }
        return names;
    }
}
