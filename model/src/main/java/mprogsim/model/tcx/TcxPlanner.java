package mprogsim.model.tcx;

import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogAlgorithm;
import mprogsim.model.mprog.MprogDecision;
import mprogsim.model.mprog.MprogEdits;
import mprogsim.model.mprog.MprogEntry;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.netkit.NetkitLocation;

/**
 * The bpf_mprog paths of its in-kernel users (the bpf syscall entry points, then kernel/bpf/tcx.c or
 * drivers/net/netkit.c) as plans: for each operation, the fd lookups made before the lock, then, under the lock,
 * the decision of {@link MprogAlgorithm} and every store, publish, grace period, commit and put that follows, in the
 * kernel's order. What differs between users (device lookup, the entry an attach starts from, what an emptied entry
 * becomes, teardown) is asked of the hook's {@link AttachLocation}. Protocol variants change only the plan. One
 * planner per thread of execution; it keeps reusable scratch objects.
 */
public final class TcxPlanner {
    private final int variants;
    private final int editSwitches;
    private final MprogDecision decision = new MprogDecision();
    /** Device teardown and the qdisc side of the entry: their own planner, over the same state and plans. */
    private final DevicePlanner device;
    private final AttachLocation tcx;
    private final AttachLocation netkit;

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
        this.device = new DevicePlanner(variants);
        this.tcx = new TcxLocation(device);
        this.netkit = new NetkitLocation(variants);
    }

    /** The attach location that owns {@code hook}. */
    private AttachLocation location(int hook) {
        return TcxState.isNetkitHook(hook) ? netkit : tcx;
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
                int dev = location(op.hook).fetchDevice(s, op);
                if (dev != 0) {
                    plan.ret = dev;
                    query.reset();
                } else if (op.queryFlags != 0) {
                    plan.ret = -Errno.EINVAL;
                    query.reset();
                } else if (s.hookEntry[op.hook] == TcxState.NULL_ENTRY
                        && has(Variant.QUERY_NULL_ENTRY_ENOENT_BEFORE_EDFA9AF0A73E)) {
                    plan.ret = -Errno.ENOENT;
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
            case TEARDOWN -> (op.device == Plan.DEVICE_NETKIT ? netkit : tcx).planTeardown(s, plan);
            case QDISC_ADD, QDISC_REPLACE -> device.planQdiscNew(s, op, plan);
            case QDISC_DELETE -> device.planQdiscDelete(s, op, plan);
            case CHAIN_ADD -> device.planChainAdd(s, op, plan);
            case QDISC_HOLD -> device.planQdiscHold(s, plan);
            case QDISC_PUT -> device.planQdiscPut(s, plan);
            default -> throw new IllegalStateException(op.kind.toString());
        }
    }

    private void planAttach(TcxState s, TcxOp op, OpContext ctx, Plan plan) {
        int h = op.hook;
        plan.hook = h;
        int ret = 0;
        int replaceProg = 0;
        int dev = location(h).fetchDevice(s, op);
        if (dev != 0) {
            ret = dev;
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
        int dev = location(h).fetchDevice(s, op);
        int l = dev == 0 ? s.allocLink() : 0;
        if (dev != 0) {
            ret = dev;
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

    /**
     * The attach after the device lookup (tcx_prog_attach, tcx_link_prog_attach, netkit_prog_attach,
     * netkit_link_prog_attach): the published entry or the location's fallback, attach, publish, commit.
     */
    private int attachToHook(TcxState s, int h, int prog, int link, int replaceProg, int flags, int relative,
                             long expectedRevision, Plan plan) {
        AttachLocation at = location(h);
        int entry = s.hookEntry[h];
        boolean created = false;
        if (entry == TcxState.NULL_ENTRY) {
            entry = at.attachFallback(s, h);
            if (entry < 0) {
                return -Errno.ENOMEM;
            }
            created = at.fallbackAllocates();
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
        int ret = location(h).fetchDevice(s, op);
        if (ret == 0 && s.hookEntry[h] == TcxState.NULL_ENTRY) {
            ret = -Errno.ENOENT;
        } else if (ret == 0) {
            int entry = s.hookEntry[h];
            MprogAlgorithm.detach(s.entry(entry), s, ctx.prog, 0, op.flags, op.relative, op.expectedRevision,
                    !has(Variant.DETACH_EMPTY_BEFORE_D210F9735E13), decision);
            ret = decision.ret;
            if (decision.readSlotBeforeFirst) {
                plan.add(Plan.WILD_READ, entry, -1);
            }
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

    /**
     * After a successful bpf_mprog_detach decision: edit, publish (NULL when empty, unless the location keeps the
     * entry), sync, commit, and free the bundle where the location frees emptied ones.
     */
    private void detachFromHook(TcxState s, int h, int entry, Plan plan) {
        AttachLocation at = location(h);
        int bundle = TcxState.bundleOf(entry);
        MprogEntry view = s.entry(entry);
        int version = MprogEdits.resultList(decision, view, plan);
        int fillStart = plan.size();
        int entryNew = MprogEdits.emit(decision, view, entry, bundle, editSwitches, plan, 0);
        boolean empty = decision.total - 1 == 0 && !at.keepsEmptyEntry(s, bundle);
        plan.add(Plan.PUBLISH, h, empty ? TcxState.NULL_ENTRY : entryNew, 0, 0, version);
        if (has(Variant.PUBLISH_BEFORE_FILL)) {
            plan.moveLastTo(fillStart);
        }
        commit(bundle, true, plan);
        if (empty && at.freesEmptyBundle()) {
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
}
