package mprogsim.model.netkit;

import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.Plan;
import mprogsim.model.tcx.AttachLocation;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;

/**
 * netkit (drivers/net/netkit.c) as an attach location. Each device of the pair has its own entry pointer and its
 * own bundle, embedded in the device and living as long as it: {@link TcxState#NETKIT_PRIMARY} is the primary
 * device's, {@link TcxState#NETKIT_PEER} the peer's, always reached through the primary's ifindex.
 *
 * <ul>
 *   <li>An attach with nothing published starts from the embedded bundle's entry a: nothing is allocated, so an
 *       attach never fails for memory and a failed attach frees nothing.</li>
 *   <li>Detach, query and link release look at the published entry only (-ENOENT for a detach when there is
 *       none); a detach that empties the list publishes NULL and frees nothing, so the bundle, and its revision,
 *       carry on into the next attach.</li>
 *   <li>Link update, detach and release go through the link's own device pointer, without the lookup checks.</li>
 *   <li>Teardown (netkit_uninit, once per device, primary first) publishes NULL, waits for a grace period, clears
 *       the device of each link and drops the reference of each prog attached without a link; it frees no bundle
 *       and leaves the list in the unpublished entry as it was.</li>
 * </ul>
 */
public final class NetkitLocation implements AttachLocation {
    private final boolean uninstallSync;

    public NetkitLocation(int variants) {
        this.uninstallSync = !Variant.UNINSTALL_NO_SYNC.in(variants);
    }

    /**
     * netkit_dev_fetch: the attach type must be one of the pair's, the ifindex must name a device, that device
     * must be netkit, and it must be the primary (the peer's own ifindex is refused); a peer that is gone is
     * -ENODEV like a missing device.
     */
    @Override
    public int fetchDevice(TcxState s, TcxOp op) {
        if (!TcxState.isNetkitHook(op.hook)) {
            return -Errno.EINVAL;
        }
        switch (op.target) {
            case TcxOp.TARGET_MISSING:
                return -Errno.ENODEV;
            case TcxOp.TARGET_OTHER:
                return -Errno.ENXIO;
            default:
                break;
        }
        if (!s.netkitRegistered) {
            // Both devices of the pair are unregistered together: the ifindex names nothing any more.
            return -Errno.ENODEV;
        }
        return op.target == TcxOp.TARGET_PEER ? -Errno.EACCES : 0;
    }

    @Override
    public int attachFallback(TcxState s, int hook) {
        return TcxState.netkitBundle(hook) * 2;
    }

    @Override
    public boolean fallbackAllocates() {
        return false;
    }

    @Override
    public boolean keepsEmptyEntry(TcxState s, int bundle) {
        return false;
    }

    @Override
    public boolean freesEmptyBundle() {
        return false;
    }

    @Override
    public void planTeardown(TcxState s, Plan plan) {
        plan.hook = -1;
        if (!s.netkitRegistered) {
            plan.ret = -Errno.ENODEV;
            plan.add(Plan.UNLOCK);
            return;
        }
        // netkit_del_link unregisters both devices: both leave the device list before either is uninitialised.
        plan.add(Plan.UNREGISTER_DEVICE, Plan.DEVICE_NETKIT);
        for (int h = TcxState.NETKIT_PRIMARY; h <= TcxState.NETKIT_PEER; h++) {
            releaseAll(s, h, plan);
        }
        plan.add(Plan.UNLOCK);
        plan.ret = 0;
    }

    /** netkit_release_all of one device: nothing to do when nothing is published. */
    private void releaseAll(TcxState s, int hook, Plan plan) {
        int entry = s.hookEntry[hook];
        if (entry == TcxState.NULL_ENTRY) {
            return;
        }
        plan.add(Plan.PUBLISH, hook, TcxState.NULL_ENTRY, 0, 0, plan.beginList());
        if (uninstallSync) {
            plan.add(Plan.SYNC);
        }
        AttachLocation.planReleaseAttached(s, entry, plan);
    }
}
