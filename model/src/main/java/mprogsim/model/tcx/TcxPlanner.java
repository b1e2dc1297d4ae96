package mprogsim.model.tcx;

import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogAlgorithm;
import mprogsim.model.mprog.MprogDecision;
import mprogsim.model.mprog.MprogEdits;
import mprogsim.model.mprog.MprogEntry;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;

/**
 * The tcx layer (kernel/bpf/tcx.c and the bpf syscall entry points in front of it) as plans: for each operation,
 * the fd lookups made before the lock, then, under the lock, the decision of {@link MprogAlgorithm} and every store,
 * publish, grace period, commit and put that follows, in the kernel's order. Protocol variants change only the
 * plan. One planner per thread of execution; it keeps reusable scratch objects.
 */
public final class TcxPlanner {
    private final int variants;
    private final int editSwitches;
    private final MprogDecision decision = new MprogDecision();

    public TcxPlanner(int variants) {
        this.variants = variants;
        int sw = 0;
        if (Variant.IN_PLACE_UPDATE.in(variants)) {
            sw |= MprogEdits.IN_PLACE;
        }
        if (Variant.SHRINK_BY_TOTAL.in(variants)) {
            sw |= MprogEdits.SHRINK_BY_TOTAL;
        }
        if (Variant.PUT_ON_DELETE.in(variants)) {
            sw |= MprogEdits.PUT_ON_DELETE;
        }
        this.editSwitches = sw;
    }

    public int variants() {
        return variants;
    }

    private boolean has(Variant v) {
        return v.in(variants);
    }

    // ---- before the lock ------------------------------------------------------------------------------------

    /** How many fd lookups the syscall layer makes before the lock (each one a step of its own). */
    public static int lookups(TcxOp op) {
        return switch (op.kind) {
            case ATTACH, LINK_CREATE, LINK_DETACH -> 1;
            case DETACH -> op.prog != 0 ? 1 : 0;
            case LINK_UPDATE -> op.oldProg != 0 ? 3 : 2;
            default -> 0;
        };
    }

    /** Which object lookup {@code i} of {@code op} touches, as a prog handle (positive) or link name (negative - 1). */
    public static int lookupTarget(TcxOp op, int i) {
        return switch (op.kind) {
            case ATTACH, DETACH, LINK_CREATE -> op.prog;
            case LINK_DETACH -> -1 - op.link;
            case LINK_UPDATE -> i == 0 ? -1 - op.link : i == 1 ? op.prog : op.oldProg;
            default -> 0;
        };
    }

    /**
     * Performs lookup {@code i}: takes a reference on success and records it in {@code ctx}. Returns 0, or the
     * negative errno with which the whole operation fails.
     */
    public int lookup(TcxState s, TcxOp op, int i, OpContext ctx) {
        int r;
        switch (op.kind) {
            case ATTACH, DETACH -> {
                r = s.progGetByFd(TcxState.progRef(op.prog), TcxState.TYPE_SCHED_CLS);
                if (r > 0) {
                    s.progRefcnt[r]++;
                    ctx.prog = r;
                }
            }
            case LINK_CREATE -> {
                r = s.progGetByFd(TcxState.progRef(op.prog), 0);
                if (r > 0) {
                    s.progRefcnt[r]++;
                    ctx.prog = r;
                    // bpf_prog_attach_check_attach_type passes; only sched_cls progs reach tcx_link_attach.
                    if (s.progType[r] != TcxState.TYPE_SCHED_CLS) {
                        r = -Errno.EINVAL;
                    }
                }
            }
            case LINK_DETACH -> {
                r = s.linkGetByFd(TcxState.linkRef(op.link));
                if (r > 0) {
                    s.linkRefcnt[r]++;
                    ctx.link = r;
                }
            }
            case LINK_UPDATE -> {
                if (i == 0) {
                    r = s.linkGetByFd(TcxState.linkRef(op.link));
                    if (r > 0) {
                        s.linkRefcnt[r]++;
                        ctx.link = r;
                    }
                } else {
                    r = s.progGetByFd(TcxState.progRef(i == 1 ? op.prog : op.oldProg), 0);
                    if (r > 0) {
                        s.progRefcnt[r]++;
                        if (i == 1) {
                            ctx.prog = r;
                        } else {
                            ctx.oldProg = r;
                        }
                    }
                }
            }
            default -> r = 0;
        }
        ctx.lookupsDone = i + 1;
        return r < 0 ? r : 0;
    }

    /** Checks the syscall layer makes without any lookup (query flags). Returns 0 or a negative errno. */
    public static int precheck(TcxOp op) {
        if (op.kind == OpKind.QUERY && (op.queryFlags & ~MprogFlags.QUERY_EFFECTIVE) != 0) {
            return -Errno.EINVAL;
        }
        if ((op.kind == OpKind.ATTACH || op.kind == OpKind.DETACH || op.kind == OpKind.LINK_CREATE)
                && (op.flags & ~MprogFlags.ATTACH_MASK) != 0) {
            return -Errno.EINVAL;
        }
        return 0;
    }

    /** The puts an operation makes when it fails before taking the lock, after its successful lookups. */
    public void failEarly(TcxOp op, OpContext ctx, int ret, Plan plan) {
        plan.clear();
        plan.ret = ret;
        if (ctx.oldProg != 0) {
            plan.add(Plan.PUT_PROG, ctx.oldProg);
        }
        if (ctx.prog != 0) {
            plan.add(Plan.PUT_PROG, ctx.prog);
        }
        if (ctx.link != 0) {
            plan.add(Plan.PUT_LINK, ctx.link);
        }
    }

    // ---- under the lock -----------------------------------------------------------------------------------

    /**
     * Plans the rest of {@code op} from the current state: everything from the entry fetch to the final puts, the
     * lock release included ({@link Plan#UNLOCK}) for locked operations. Allocations (a new bundle, a new link) and
     * the transient reference on a replaced prog happen here, as the kernel makes them under the lock.
     */
    public void plan(TcxState s, TcxOp op, OpContext ctx, Plan plan, QueryResult query) {
        plan.clear();
        switch (op.kind) {
            case ATTACH -> planAttach(s, op, ctx, plan);
            case DETACH -> planDetach(s, op, ctx, plan);
            case LINK_CREATE -> planLinkCreate(s, op, ctx, plan);
            case LINK_UPDATE -> planLinkUpdate(s, op, ctx, plan);
            case LINK_DETACH -> {
                releaseLink(s, ctx.link, plan);
                plan.add(Plan.UNLOCK);
                plan.add(Plan.PUT_LINK, ctx.link);
                plan.ret = 0;
            }
            case LINK_RELEASE -> {
                int l = op.link;
                releaseLink(s, l, plan);
                plan.add(Plan.UNLOCK);
                plan.add(Plan.PUT_PROG, s.linkProg[l]);
                plan.add(Plan.FREE_LINK, l);
                plan.ret = 0;
            }
            case QUERY -> {
                plan.hook = op.hook;
                if (!s.deviceRegistered) {
                    plan.ret = -Errno.ENODEV;
                    query.reset();
                } else if (op.queryFlags != 0) {
                    plan.ret = -Errno.EINVAL;
                    query.reset();
                } else {
                    int e = s.hookEntry[op.hook];
                    plan.ret = MprogAlgorithm.query(e == TcxState.NULL_ENTRY ? null : s.entry(e), op.countCapacity,
                            query);
                }
                plan.add(Plan.UNLOCK);
            }
            case CLOSE_PROG -> {
                if (!s.progFd[op.prog]) {
                    plan.ret = -Errno.EBADF;
                } else {
                    plan.add(Plan.CLOSE_PROG_FD, op.prog);
                    plan.ret = 0;
                }
            }
            case CLOSE_LINK -> {
                int l = s.nameBinding[op.link];
                if (l == 0 || !s.linkFd[l]) {
                    plan.ret = -Errno.EBADF;
                } else {
                    plan.add(Plan.CLOSE_LINK_FD, l);
                    plan.ret = 0;
                }
            }
            case TEARDOWN -> planTeardown(s, plan);
            case QDISC_ADD, QDISC_REPLACE -> planQdiscNew(s, op, plan);
            case QDISC_DELETE -> planQdiscDelete(s, op, plan);
            case CHAIN_ADD -> planChainAdd(s, op, plan);
            case QDISC_PUT -> planQdiscPut(s, plan);
            default -> throw new IllegalStateException(op.kind.toString());
        }
    }

    private void planAttach(TcxState s, TcxOp op, OpContext ctx, Plan plan) {
        int h = op.hook;
        plan.hook = h;
        int ret = 0;
        int replaceProg = 0;
        if (!s.deviceRegistered) {
            ret = -Errno.ENODEV;
        } else if ((op.flags & MprogFlags.REPLACE) != 0) {
            // replace_bpf_fd 0 is the caller's stdin: not a bpf object.
            int r = op.replace == 0 ? -Errno.EINVAL
                    : s.progGetByFd(TcxState.progRef(op.replace), TcxState.TYPE_SCHED_CLS);
            if (r < 0) {
                ret = r;
            } else {
                replaceProg = r;
                s.progRefcnt[r]++;
            }
        }
        if (ret == 0) {
            ret = attachToHook(s, h, ctx.prog, 0, replaceProg, op.flags, op.relative, op.expectedRevision, plan);
        }
        if (replaceProg != 0) {
            plan.add(Plan.PUT_PROG, replaceProg);
        }
        plan.add(Plan.UNLOCK);
        if (ret != 0) {
            plan.add(Plan.PUT_PROG, ctx.prog);
        }
        plan.ret = ret;
    }

    private void planLinkCreate(TcxState s, TcxOp op, OpContext ctx, Plan plan) {
        int h = op.hook;
        plan.hook = h;
        int ret;
        int l = s.deviceRegistered ? s.allocLink() : 0;
        if (!s.deviceRegistered) {
            ret = -Errno.ENODEV;
        } else if (l < 0) {
            ret = -Errno.ENOMEM;
        } else {
            s.linkRefcnt[l] = 1;
            s.linkLife[l] = TcxState.LIVE;
            s.linkProg[l] = ctx.prog;
            s.linkHook[l] = h;
            s.linkName[l] = op.link;
            s.linkAttached[l] = true;
            s.linkFd[l] = false;
            ret = attachToHook(s, h, ctx.prog, l, 0, op.flags, op.relative, op.expectedRevision, plan);
            if (ret == 0) {
                plan.add(Plan.LINK_SETTLE, l, op.link);
            } else {
                // bpf_link_cleanup: the link never becomes visible and gives its prog reference back below.
                s.linkAttached[l] = false;
                s.linkProg[l] = 0;
                s.linkRefcnt[l] = 0;
                s.linkLife[l] = TcxState.FREED;
            }
        }
        plan.add(Plan.UNLOCK);
        if (ret != 0) {
            plan.add(Plan.PUT_PROG, ctx.prog);
        }
        plan.ret = ret;
    }

    /** tcx_prog_attach / tcx_link_prog_attach after the device lookup: fetch or create, attach, publish, commit. */
    private int attachToHook(TcxState s, int h, int prog, int link, int replaceProg, int flags, int relative,
                             long expectedRevision, Plan plan) {
        int entry = s.hookEntry[h];
        boolean created = false;
        if (entry == TcxState.NULL_ENTRY) {
            entry = s.createBundle();
            if (entry < 0) {
                return -Errno.ENOMEM;
            }
            created = true;
        }
        int bundle = TcxState.bundleOf(entry);
        MprogEntry view = s.entry(entry);
        MprogAlgorithm.attach(view, s, prog, link, replaceProg, flags, relative, expectedRevision,
                has(Variant.MAX_CHECK_BEFORE_F9B0E1088BBF), decision);
        if (decision.ret != 0) {
            if (created) {
                plan.add(Plan.FREE_BUNDLE, bundle, bundleFreeRcu());
            }
            return decision.ret;
        }
        int version = MprogEdits.resultList(decision, view, plan);
        int fillStart = plan.size();
        int entryNew = MprogEdits.emit(decision, view, entry, bundle, editSwitches, plan, version);
        boolean inPlaceInsert = decision.kind == MprogDecision.INSERT && entryNew == entry;
        if (entryNew != entry || inPlaceInsert) {
            // An in-place edit stores the same pointer again: the moment the writer considers the version out.
            plan.add(Plan.PUBLISH, h, entryNew, 0, 0, version);
            if (has(Variant.PUBLISH_BEFORE_FILL)) {
                plan.moveLastTo(fillStart);
            }
            commit(bundle, !inPlaceInsert, plan);
        } else {
            commit(bundle, false, plan);
        }
        return 0;
    }

    private void planDetach(TcxState s, TcxOp op, OpContext ctx, Plan plan) {
        int h = op.hook;
        plan.hook = h;
        int ret;
        if (!s.deviceRegistered) {
            ret = -Errno.ENODEV;
        } else if (s.hookEntry[h] == TcxState.NULL_ENTRY) {
            ret = -Errno.ENOENT;
        } else {
            int entry = s.hookEntry[h];
            MprogAlgorithm.detach(s.entry(entry), s, ctx.prog, 0, op.flags, op.relative, op.expectedRevision,
                    decision);
            ret = decision.ret;
            if (ret == 0) {
                detachFromHook(s, h, entry, plan);
            }
        }
        plan.add(Plan.UNLOCK);
        if (ctx.prog != 0) {
            plan.add(Plan.PUT_PROG, ctx.prog);
        }
        plan.ret = ret;
    }

    /** After a successful bpf_mprog_detach decision: edit, publish (NULL when empty), sync, commit, free. */
    private void detachFromHook(TcxState s, int h, int entry, Plan plan) {
        int bundle = TcxState.bundleOf(entry);
        MprogEntry view = s.entry(entry);
        int version = MprogEdits.resultList(decision, view, plan);
        int fillStart = plan.size();
        int entryNew = MprogEdits.emit(decision, view, entry, bundle, editSwitches, plan, 0);
        // tcx_entry_is_active: a qdisc side still pointing into the entry keeps it, empty, in place.
        boolean empty = decision.total - 1 == 0 && s.bundleMiniq[bundle] == 0;
        plan.add(Plan.PUBLISH, h, empty ? TcxState.NULL_ENTRY : entryNew, 0, 0, version);
        if (has(Variant.PUBLISH_BEFORE_FILL)) {
            plan.moveLastTo(fillStart);
        }
        commit(bundle, true, plan);
        if (empty) {
            plan.add(Plan.FREE_BUNDLE, bundle, bundleFreeRcu());
        }
    }

    /** synchronize_rcu (when the entry was swapped) and bpf_mprog_commit, in the order the variants allow. */
    private void commit(int bundle, boolean swapped, Plan plan) {
        boolean sync = swapped && !has(Variant.NO_SYNC_AFTER_SWAP);
        boolean early = has(Variant.COMMIT_BEFORE_SYNC);
        if (sync && !early) {
            plan.add(Plan.SYNC);
        }
        plan.add(Plan.COMMIT_RELEASE, bundle);
        if (!has(Variant.NO_REVISION_BUMP)) {
            plan.add(Plan.REVISION_BUMP, bundle);
        }
        if (sync && early) {
            plan.add(Plan.SYNC);
        }
    }

    private int bundleFreeRcu() {
        return has(Variant.BUNDLE_FREE_NO_RCU) ? 0 : 1;
    }

    private void planLinkUpdate(TcxState s, TcxOp op, OpContext ctx, Plan plan) {
        int l = ctx.link;
        int nprog = ctx.prog;
        plan.hook = s.linkHook[l];
        int ret = 0;
        if (!s.linkAttached[l]) {
            ret = -Errno.ENOLINK;
        } else if (ctx.oldProg != 0 && s.linkProg[l] != ctx.oldProg) {
            ret = -Errno.EPERM;
        } else if (s.linkProg[l] == nprog) {
            plan.add(Plan.PUT_PROG, nprog);
        } else if (s.hookEntry[s.linkHook[l]] == TcxState.NULL_ENTRY) {
            ret = -Errno.ENOENT;
        } else {
            int entry = s.hookEntry[s.linkHook[l]];
            int oprog = s.linkProg[l];
            MprogEntry view = s.entry(entry);
            MprogAlgorithm.attach(view, s, nprog, l, oprog, MprogFlags.REPLACE | MprogFlags.ID,
                    TcxState.progRef(oprog), 0, has(Variant.MAX_CHECK_BEFORE_F9B0E1088BBF), decision);
            ret = decision.ret;
            if (ret == 0) {
                int version = MprogEdits.resultList(decision, view, plan);
                MprogEdits.emit(decision, view, entry, TcxState.bundleOf(entry), editSwitches, plan, version);
                plan.add(Plan.LINK_PROG, l, nprog);
                plan.add(Plan.PUT_PROG, oprog);
                commit(TcxState.bundleOf(entry), false, plan);
            }
        }
        plan.add(Plan.UNLOCK);
        if (ctx.oldProg != 0) {
            plan.add(Plan.PUT_PROG, ctx.oldProg);
        }
        if (ret != 0) {
            plan.add(Plan.PUT_PROG, nprog);
        }
        plan.add(Plan.PUT_LINK, l);
        plan.ret = ret;
    }

    /** tcx_link_release under the lock: detach the link's slot if it is still attached. */
    private void releaseLink(TcxState s, int l, Plan plan) {
        plan.hook = s.linkHook[l];
        if (!s.linkAttached[l]) {
            return;
        }
        int h = s.linkHook[l];
        int entry = s.hookEntry[h];
        if (entry == TcxState.NULL_ENTRY) {
            return;
        }
        MprogAlgorithm.detach(s.entry(entry), s, s.linkProg[l], l, 0, 0, 0, decision);
        if (decision.ret == 0) {
            detachFromHook(s, h, entry, plan);
            plan.add(Plan.LINK_DEV, l, 0);
        }
    }

    private void planTeardown(TcxState s, Plan plan) {
        if (!s.deviceRegistered) {
            // The device is gone already: RTM_DELLINK finds no such ifindex.
            plan.ret = -Errno.ENODEV;
            plan.add(Plan.UNLOCK);
            return;
        }
        beginShadow(s);
        plan.add(Plan.UNREGISTER_DEVICE);
        // dev_shutdown puts the qdisc before dev_tcx_uninstall runs; with another reference held, the destroy (and
        // its tcx_miniq_dec) happens later, when that reference goes.
        if (s.qdiscKind != TcxState.QDISC_NONE) {
            if (s.qdiscHolds == 0) {
                destroyQdisc(s, plan);
            } else {
                s.qdiscDestroyPending = true;
            }
        }
        for (int h = TcxState.INGRESS; h <= TcxState.EGRESS; h++) {
            int entry = hookNow[h];
            if (entry == TcxState.NULL_ENTRY) {
                continue;
            }
            int bundle = TcxState.bundleOf(entry);
            // An entry a qdisc side still points into must outlive the uninstall: the readers get the peer, emptied
            // (bpf_mprog_clear_all), and the qdisc's destroy frees the entry later.
            boolean active = miniqNow(s, bundle) > 0;
            int version = plan.beginList();
            if (active) {
                int peer = entry ^ 1;
                for (int i = 0; i < s.slots; i++) {
                    plan.add(Plan.SLOT_STORE, peer, i, 0, s.cp[s.cpIndex(bundle, i)], 0);
                }
                plan.add(Plan.COUNT_STORE, bundle, 0);
                publish(h, peer, plan, version);
            } else {
                publish(h, TcxState.NULL_ENTRY, plan, version);
            }
            if (!has(Variant.UNINSTALL_NO_SYNC)) {
                plan.add(Plan.SYNC);
            }
            for (int i = 0; i < s.slots; i++) {
                int p = s.fp[s.fpIndex(entry, i)];
                if (p == 0) {
                    break;
                }
                int l = s.cp[s.cpIndex(bundle, i)];
                if (l != 0) {
                    plan.add(Plan.LINK_DEV, l, 0);
                } else {
                    plan.add(Plan.PUT_PROG, p);
                }
            }
            if (!active) {
                plan.add(Plan.FREE_BUNDLE, bundle, bundleFreeRcu());
            }
        }
        plan.add(Plan.UNLOCK);
        plan.ret = 0;
    }

    // ---- the qdisc side of the entry (net/sched/sch_ingress.c, sch_api.c, cls_api.c) ---------------------------

    /** The hooks' entry pointers as the plan being built leaves them. */
    private final int[] hookNow = new int[2];
    /** tcx_miniq_inc/dec planned but not executed yet, per bundle touched (a plan touches at most a few). */
    private final int[] shadowBundle = new int[8];
    private final int[] shadowDelta = new int[8];
    private int shadowUsed;

    private void beginShadow(TcxState s) {
        hookNow[0] = s.hookEntry[0];
        hookNow[1] = s.hookEntry[1];
        shadowUsed = 0;
    }

    private int miniqNow(TcxState s, int bundle) {
        int v = s.bundleMiniq[bundle];
        for (int i = 0; i < shadowUsed; i++) {
            if (shadowBundle[i] == bundle) {
                v += shadowDelta[i];
            }
        }
        return v;
    }

    private void miniq(int bundle, int delta, Plan plan) {
        plan.add(delta > 0 ? Plan.MINIQ_INC : Plan.MINIQ_DEC, bundle);
        for (int i = 0; i < shadowUsed; i++) {
            if (shadowBundle[i] == bundle) {
                shadowDelta[i] += delta;
                return;
            }
        }
        shadowBundle[shadowUsed] = bundle;
        shadowDelta[shadowUsed++] = delta;
    }

    private void publish(int h, int entry, Plan plan, int version) {
        plan.add(Plan.PUBLISH, h, entry, 0, 0, version);
        hookNow[h] = entry;
    }

    /**
     * qdisc_create's checks before init: the block indices must suit the kind (0 passes none). Returns 0 or the
     * errno with which the create fails, nothing touched.
     */
    private static int checkBlocks(TcxOp op) {
        if (op.qdiscKind == TcxState.QDISC_INGRESS && op.egressBlock != 0) {
            return -Errno.EOPNOTSUPP;
        }
        return 0;
    }

    /**
     * ingress_init / clsact_init for one side, up to the block: fetch or create the hook's entry, count the side in
     * miniq_active, point the side's mini_Qdisc_pair into the entry (from here on the side counts as initialised),
     * publish a created entry. Returns the bundle the side points into.
     */
    private int initSide(TcxState s, int h, Plan plan) {
        int entry = hookNow[h];
        boolean created = false;
        if (entry == TcxState.NULL_ENTRY) {
            entry = s.createBundle();
            if (entry < 0) {
                throw new IllegalStateException("bundle capacity exhausted");
            }
            created = true;
        }
        int bundle = TcxState.bundleOf(entry);
        miniq(bundle, 1, plan);
        if (created) {
            // The fresh, empty entry is published at once, without a grace period: nothing can be inside it yet.
            publish(h, entry, plan, plan.beginList());
        }
        return bundle;
    }

    /**
     * tcf_block_get_ext for one initialised side. A shared block tracks the devices bound to it through clsact or
     * ingress sides, once each: a second side of the same device on the same block fails (-EBUSY), and the error path
     * unregisters the side's chain-head callback, which stores into the side's entry when the block has chain 0.
     */
    private int bindSide(TcxState s, int block, int bundle, Plan plan) {
        if (block == 0) {
            return 0;
        }
        if (s.blockBinders[block] > 0) {
            if (s.blockChain0[block]) {
                plan.add(Plan.MINIQ_WRITE, bundle);
            }
            return -Errno.EBUSY;
        }
        s.blockBinders[block]++;
        return 0;
    }

    /**
     * The destroy of a qdisc (ingress_destroy / clsact_destroy): every bound block is put first (a block with chain
     * 0 calls the chain-head callback, mini_qdisc_pair_swap, which stores into the entry the side points to), then
     * each initialised side is uncounted and the hook's entry freed once nothing keeps it.
     */
    private void destroySides(TcxState s, int sides, int[] blocks, boolean[] bound, int[] bundles,
                              boolean[] privateChain0, Plan plan) {
        for (int side = 0; side < sides; side++) {
            if (!bound[side]) {
                continue;
            }
            int block = blocks[side];
            boolean chain0 = block != 0 ? s.blockChain0[block] : privateChain0[side];
            if (chain0 && bundles[side] >= 0) {
                plan.add(Plan.MINIQ_WRITE, bundles[side]);
            }
            if (block != 0 && --s.blockBinders[block] == 0) {
                s.blockChain0[block] = false;
            }
        }
        for (int side = 0; side < sides; side++) {
            if (bundles[side] < 0) {
                continue;
            }
            int entry = hookNow[side];
            if (entry != TcxState.NULL_ENTRY) {
                int bundle = TcxState.bundleOf(entry);
                miniq(bundle, -1, plan);
                if (s.bundleCount[bundle] == 0 && miniqNow(s, bundle) == 0) {
                    publish(side, TcxState.NULL_ENTRY, plan, plan.beginList());
                    plan.add(Plan.FREE_BUNDLE, bundle, bundleFreeRcu());
                }
            }
        }
    }

    private final boolean[] allBound = {true, true};
    private final int[] newBlocks = new int[2];
    private final boolean[] newBound = new boolean[2];
    private final int[] newBundles = new int[2];
    private final boolean[] noChain0 = new boolean[2];

    /** The destroy of the device's qdisc, which forgets it. */
    private void destroyQdisc(TcxState s, Plan plan) {
        destroySides(s, s.qdiscKind == TcxState.QDISC_CLSACT ? 2 : 1, s.qdiscBlock, allBound, s.qdiscMiniqBundle,
                s.privateChain0, plan);
        s.qdiscKind = TcxState.QDISC_NONE;
        s.qdiscDestroyPending = false;
        for (int side = 0; side < 2; side++) {
            s.qdiscBlock[side] = 0;
            s.qdiscMiniqBundle[side] = -1;
            s.privateChain0[side] = false;
        }
    }

    /** qdisc_add (exclusive, handle ffff:) and qdisc_replace (create or replace, handle 0). */
    private void planQdiscNew(TcxState s, TcxOp op, Plan plan) {
        plan.hook = -1;
        int ret = 0;
        if (!s.deviceRegistered) {
            ret = -Errno.ENODEV;
        } else {
            s.ingressQueue = true;
            boolean exists = s.qdiscKind != TcxState.QDISC_NONE;
            if (exists && op.kind == OpKind.QDISC_ADD) {
                ret = -Errno.EEXIST;
            } else if (exists && op.qdiscKind == s.qdiscKind) {
                // The same kind again is a change request; with no options there is nothing to change (a block
                // index given with it is not looked at).
                ret = 0;
            } else {
                ret = checkBlocks(op);
                if (ret == 0) {
                    beginShadow(s);
                    int sides = op.qdiscKind == TcxState.QDISC_CLSACT ? 2 : 1;
                    newBlocks[0] = op.ingressBlock;
                    newBlocks[1] = sides == 2 ? op.egressBlock : 0;
                    for (int side = 0; side < 2; side++) {
                        newBound[side] = false;
                        newBundles[side] = -1;
                    }
                    for (int side = 0; side < sides && ret == 0; side++) {
                        newBundles[side] = initSide(s, side, plan);
                        ret = bindSide(s, newBlocks[side], newBundles[side], plan);
                        newBound[side] = ret == 0;
                    }
                    if (ret != 0) {
                        // qdisc_create destroys the half-initialised qdisc; the present one stays.
                        destroySides(s, sides, newBlocks, newBound, newBundles, noChain0, plan);
                    } else {
                        if (exists) {
                            // qdisc_graft puts the old qdisc after the new one is initialised.
                            destroyQdisc(s, plan);
                        }
                        s.qdiscKind = op.qdiscKind;
                        for (int side = 0; side < 2; side++) {
                            s.qdiscBlock[side] = newBlocks[side];
                            s.qdiscMiniqBundle[side] = newBundles[side];
                            s.privateChain0[side] = false;
                        }
                    }
                }
            }
        }
        plan.add(Plan.UNLOCK);
        plan.ret = ret;
    }

    /** tc qdisc del with the kind named, as tc sends it (handle ffff:). */
    private void planQdiscDelete(TcxState s, TcxOp op, Plan plan) {
        plan.hook = -1;
        int ret = 0;
        if (!s.deviceRegistered) {
            ret = -Errno.ENODEV;
        } else if (!s.ingressQueue) {
            ret = -Errno.ENOENT;
        } else if (s.qdiscKind == TcxState.QDISC_NONE || s.qdiscKind != op.qdiscKind) {
            // The placeholder left after a delete has handle 0; another kind does not match the name given.
            ret = -Errno.EINVAL;
        } else {
            beginShadow(s);
            destroyQdisc(s, plan);
        }
        plan.add(Plan.UNLOCK);
        plan.ret = ret;
    }

    /** tc chain add ... chain 0: by shared block index, or through the device's qdisc and a hook. */
    private void planChainAdd(TcxState s, TcxOp op, Plan plan) {
        plan.hook = -1;
        int ret;
        if (op.hook < 0) {
            int b = op.ingressBlock;
            if (s.blockBinders[b] == 0) {
                ret = -Errno.EINVAL;
            } else if (s.blockChain0[b]) {
                ret = -Errno.EEXIST;
            } else {
                s.blockChain0[b] = true;
                ret = 0;
            }
        } else if (!s.deviceRegistered) {
            ret = -Errno.ENODEV;
        } else if (s.qdiscKind == TcxState.QDISC_NONE) {
            ret = -Errno.EINVAL;
        } else {
            // The ingress qdisc has one block, found through either hook's class.
            int side = s.qdiscKind == TcxState.QDISC_INGRESS ? 0 : op.hook;
            if (s.qdiscBlock[side] != 0) {
                ret = -Errno.EOPNOTSUPP;
            } else if (s.privateChain0[side]) {
                ret = -Errno.EEXIST;
            } else {
                s.privateChain0[side] = true;
                ret = 0;
            }
        }
        plan.add(Plan.UNLOCK);
        plan.ret = ret;
    }

    /** The holder of the last extra reference on the qdisc drops it: a destroy left pending by teardown runs now. */
    private void planQdiscPut(TcxState s, Plan plan) {
        plan.hook = -1;
        if (s.qdiscHolds > 0 && --s.qdiscHolds == 0 && s.qdiscDestroyPending) {
            beginShadow(s);
            destroyQdisc(s, plan);
        }
        plan.add(Plan.UNLOCK);
        plan.ret = 0;
    }
}
