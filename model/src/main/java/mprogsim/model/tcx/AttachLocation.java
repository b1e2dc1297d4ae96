package mprogsim.model.tcx;

import mprogsim.model.mprog.Plan;

/**
 * Where an in-kernel user of bpf_mprog keeps its entries, and what it does around the bpf_mprog core: how an op
 * finds its device (and fails to), which entry an attach starts from when none is published, what a detach that
 * empties the list publishes and frees, and how the device's teardown empties the hooks. The core itself (the
 * decision of {@link mprogsim.model.mprog.MprogAlgorithm}, the stores of {@link mprogsim.model.mprog.MprogEdits},
 * publish, grace period and commit) is the same for every location and stays in {@link TcxPlanner}.
 *
 * <p>The reader path is the same for all: under rcu_read_lock, load the hook's entry pointer and walk it; with no
 * entry published the user's default applies (tcx: TCX_NEXT, netkit: the device's policy), which touches no
 * bpf_mprog memory. Implementations: {@link TcxLocation} (kernel/bpf/tcx.c) and
 * {@link mprogsim.model.netkit.NetkitLocation} (drivers/net/netkit.c). A new user is one more implementation and
 * its hooks in {@link TcxState}.
 */
public interface AttachLocation {
    /**
     * The device lookup under the lock of an op addressed to a device (attach, detach, query, link_create).
     * Returns 0, or the negative errno with which the op fails before bpf_mprog is asked anything.
     */
    int fetchDevice(TcxState s, TcxOp op);

    /**
     * The entry an attach (prog or link) starts from when the hook has none published: a new bundle's entry a
     * (tcx_entry_create), or the device's embedded bundle's entry a (netkit). Returns -1 when none can be had
     * (-ENOMEM).
     */
    int attachFallback(TcxState s, int hook);

    /** Whether {@link #attachFallback} allocated the entry, which a failed attach must then free again. */
    boolean fallbackAllocates();

    /** Whether a detach that leaves the list empty keeps the entry published anyway (tcx: a qdisc side uses it). */
    boolean keepsEmptyEntry(TcxState s, int bundle);

    /** Whether the bundle of an entry a detach left empty and unpublished is freed (kfree_rcu). */
    boolean freesEmptyBundle();

    /**
     * The device's teardown under the lock: the device unlisted, every hook of the location emptied, the programs
     * and links let go; the plan ends with the unlock. A device already gone plans -ENODEV.
     */
    void planTeardown(TcxState s, Plan plan);

    /**
     * What every user's teardown does to the progs still attached to an entry after it is unpublished and a grace
     * period passed: a link loses its device (it outlives the device, and its later ops see that), a prog attached
     * without a link is put.
     */
    static void planReleaseAttached(TcxState s, int entry, Plan plan) {
        int bundle = TcxState.bundleOf(entry);
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
    }
}
