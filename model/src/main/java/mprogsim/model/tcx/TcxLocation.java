package mprogsim.model.tcx;

import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.Plan;

/**
 * tcx (kernel/bpf/tcx.c): the device's ingress and egress entry pointers. An attach to a hook with no entry
 * creates a bundle (and frees it again if the attach fails); a detach that empties the entry publishes NULL and
 * frees the bundle after a grace period, unless a qdisc side still counts on the entry; teardown is
 * dev_tcx_uninstall behind the qdisc's destroy ({@link DevicePlanner}).
 */
final class TcxLocation implements AttachLocation {
    private final DevicePlanner device;

    TcxLocation(DevicePlanner device) {
        this.device = device;
    }

    @Override
    public int fetchDevice(TcxState s, TcxOp op) {
        return s.deviceRegistered ? 0 : -Errno.ENODEV;
    }

    @Override
    public int attachFallback(TcxState s, int hook) {
        return s.createBundle();
    }

    @Override
    public boolean fallbackAllocates() {
        return true;
    }

    @Override
    public boolean keepsEmptyEntry(TcxState s, int bundle) {
        // tcx_entry_is_active: a qdisc side still pointing into the entry keeps it, empty, in place.
        return s.bundleMiniq[bundle] != 0;
    }

    @Override
    public boolean freesEmptyBundle() {
        return true;
    }

    @Override
    public void planTeardown(TcxState s, Plan plan) {
        device.planTeardown(s, plan);
    }
}
