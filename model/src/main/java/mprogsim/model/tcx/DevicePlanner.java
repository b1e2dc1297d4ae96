package mprogsim.model.tcx;

import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.Plan;

/**
 * The device side of the tcx entry's lifetime as plans: device teardown (dev_tcx_uninstall) and the ingress and
 * clsact qdiscs (net/sched/sch_ingress.c, sch_api.c, cls_api.c) as far as they touch the entry: creation by qdisc
 * init, the miniq_active count, chain-0 stores into the entry, shared blocks, and the free once neither programs nor
 * a qdisc side keep the entry. {@link TcxPlanner} hands these ops here; the bpf_mprog decisions stay there.
 */
final class DevicePlanner {
    private final int variants;
    /** kfree_rcu for a freed bundle (1), or kfree at once under bundle_free_no_rcu (0). */
    private final int bundleFreeRcu;
    /** miniq_active is the flag it was before 1cb6f0bae504 (1), or today's count (0): the MINIQ actions' argument. */
    private final int miniqFlag;
    /** ingress_destroy clears the egress pointer, as before dc644b540a2d. */
    private final boolean ingressDestroyClearsEgress;
    /** dev_tcx_uninstall ignores miniq_active, as before 079082c60aff. */
    private final boolean uninstallIgnoresMiniq;

    DevicePlanner(int variants) {
        this.variants = variants;
        this.bundleFreeRcu = Variant.BUNDLE_FREE_NO_RCU.in(variants) ? 0 : 1;
        this.miniqFlag = Variant.MINIQ_FLAG_BEFORE_1CB6F0BAE504.in(variants) ? 1 : 0;
        this.ingressDestroyClearsEgress = Variant.INGRESS_DESTROY_CLEARS_EGRESS_BEFORE_DC644B540A2D.in(variants);
        this.uninstallIgnoresMiniq = Variant.UNINSTALL_FREES_ACTIVE_ENTRY_BEFORE_079082C60AFF.in(variants);
    }

    /** dev_tcx_uninstall behind unregister_netdevice, with the qdisc destroyed first as dev_shutdown does. */
    void planTeardown(TcxState s, Plan plan) {
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
            boolean active = miniqNow(s, bundle) > 0 && !uninstallIgnoresMiniq;
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
            if (!Variant.UNINSTALL_NO_SYNC.in(variants)) {
                plan.add(Plan.SYNC);
            }
            AttachLocation.planReleaseAttached(s, entry, plan);
            if (!active) {
                plan.add(Plan.FREE_BUNDLE, bundle, bundleFreeRcu);
            }
        }
        plan.add(Plan.UNLOCK);
        plan.ret = 0;
    }

    // ---- the qdisc side of the entry (net/sched/sch_ingress.c, sch_api.c, cls_api.c) ---------------------------

    /** The hooks' entry pointers as the plan being built leaves them. */
    private final int[] hookNow = new int[2];
    /** miniq_active as the tcx_miniq_inc/dec planned so far leave it, per bundle touched (a plan touches a few). */
    private final int[] shadowBundle = new int[8];
    private final int[] shadowValue = new int[8];
    private int shadowUsed;

    private void beginShadow(TcxState s) {
        hookNow[0] = s.hookEntry[0];
        hookNow[1] = s.hookEntry[1];
        shadowUsed = 0;
    }

    private int miniqNow(TcxState s, int bundle) {
        for (int i = 0; i < shadowUsed; i++) {
            if (shadowBundle[i] == bundle) {
                return shadowValue[i];
            }
        }
        return s.bundleMiniq[bundle];
    }

    /** tcx_miniq_inc (delta 1) or tcx_miniq_dec (-1); the old flag is set or cleared instead. */
    private void miniq(TcxState s, int bundle, int delta, Plan plan) {
        plan.add(delta > 0 ? Plan.MINIQ_INC : Plan.MINIQ_DEC, bundle, miniqFlag);
        int now = miniqNow(s, bundle);
        int after = miniqFlag != 0 ? (delta > 0 ? 1 : 0) : now + delta;
        for (int i = 0; i < shadowUsed; i++) {
            if (shadowBundle[i] == bundle) {
                shadowValue[i] = after;
                return;
            }
        }
        shadowBundle[shadowUsed] = bundle;
        shadowValue[shadowUsed++] = after;
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
        miniq(s, bundle, 1, plan);
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
                miniq(s, bundle, -1, plan);
                if (s.bundleCount[bundle] == 0 && miniqNow(s, bundle) == 0) {
                    // Before dc644b540a2d the ingress qdisc's destroy cleared the other hook's pointer.
                    boolean wrongHook = sides == 1 && ingressDestroyClearsEgress;
                    publish(wrongHook ? TcxState.EGRESS : side, TcxState.NULL_ENTRY, plan, plan.beginList());
                    plan.add(Plan.FREE_BUNDLE, bundle, bundleFreeRcu);
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
    void planQdiscNew(TcxState s, TcxOp op, Plan plan) {
        plan.hook = -1;
        int ret = 0;
        if (!s.deviceRegistered) {
            ret = -Errno.ENODEV;
        } else {
            s.ingressQueue = true;
            boolean exists = s.qdiscKind != TcxState.QDISC_NONE;
            if (exists && op.kind == OpKind.QDISC_ADD) {
                ret = -Errno.EEXIST;
            } else if (exists && op.qdiscKind != s.qdiscKind && s.qdiscHolds > 0) {
                ret = HELD;
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
    void planQdiscDelete(TcxState s, TcxOp op, Plan plan) {
        plan.hook = -1;
        int ret = 0;
        if (!s.deviceRegistered) {
            ret = -Errno.ENODEV;
        } else if (!s.ingressQueue) {
            ret = -Errno.ENOENT;
        } else if (s.qdiscKind == TcxState.QDISC_NONE || s.qdiscKind != op.qdiscKind) {
            // The placeholder left after a delete has handle 0; another kind does not match the name given.
            ret = -Errno.EINVAL;
        } else if (s.qdiscHolds > 0) {
            ret = HELD;
        } else {
            beginShadow(s);
            destroyQdisc(s, plan);
        }
        plan.add(Plan.UNLOCK);
        plan.ret = ret;
    }

    /** tc chain add ... chain 0: by shared block index, or through the device's qdisc and a hook. */
    void planChainAdd(TcxState s, TcxOp op, Plan plan) {
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

    /**
     * What the model answers when a qdisc would be grafted out (deleted or replaced) while a {@code qdisc_hold} is
     * out: the kernel defers that qdisc's destroy to the holder's put, which the model follows only for teardown, so
     * it refuses instead. A model answer (-EBUSY), never the kernel's; docs/scenario-format.md says so.
     */
    static final int HELD = -Errno.EBUSY;

    /**
     * A tc request finds the device's qdisc and takes a reference (see {@link OpKind#QDISC_HOLD} for the lock).
     * -ENODEV once the device is gone, -EINVAL with no ingress or clsact qdisc.
     */
    void planQdiscHold(TcxState s, Plan plan) {
        plan.hook = -1;
        if (!s.deviceRegistered) {
            plan.ret = -Errno.ENODEV;
        } else if (s.qdiscKind == TcxState.QDISC_NONE) {
            plan.ret = -Errno.EINVAL;
        } else {
            s.qdiscHolds++;
            plan.ret = 0;
        }
        plan.add(Plan.UNLOCK);
    }

    /**
     * The holder of a reference on the qdisc drops it: a destroy left pending by teardown runs now. With no hold
     * out, nothing is dropped and the model answers -EINVAL.
     */
    void planQdiscPut(TcxState s, Plan plan) {
        plan.hook = -1;
        int ret = 0;
        if (s.qdiscHolds == 0) {
            ret = -Errno.EINVAL;
        } else if (--s.qdiscHolds == 0 && s.qdiscDestroyPending) {
            beginShadow(s);
            destroyQdisc(s, plan);
        }
        plan.add(Plan.UNLOCK);
        plan.ret = ret;
    }
}
