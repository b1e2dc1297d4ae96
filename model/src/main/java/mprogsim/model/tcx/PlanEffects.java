package mprogsim.model.tcx;

import mprogsim.model.mprog.Plan;

/**
 * The memory effect of the plan actions that are plain stores, shared by every executor of a plan. Actions with
 * lifecycle consequences (puts, frees, grace periods) are left to the executor, which knows whether readers exist.
 */
public final class PlanEffects {
    private PlanEffects() {
    }

    /** Applies action {@code i} if it is a plain store; returns false for the actions the executor must handle. */
    public static boolean applyStore(TcxState s, Plan plan, int i) {
        switch (plan.code(i)) {
            case Plan.SLOT_STORE, Plan.SLOT_PUBLISH -> {
                int e = plan.arg(i, 0);
                int slot = plan.arg(i, 1);
                s.fp[s.fpIndex(e, slot)] = plan.arg(i, 2);
                s.cp[s.cpIndex(TcxState.bundleOf(e), slot)] = plan.arg(i, 3);
            }
            case Plan.COUNT_STORE -> s.bundleCount[plan.arg(i, 0)] = plan.arg(i, 1);
            case Plan.MARK_RELEASE -> s.bundleRef[plan.arg(i, 0)] = plan.arg(i, 1);
            case Plan.PUBLISH -> s.hookEntry[plan.arg(i, 0)] = plan.arg(i, 1);
            case Plan.REVISION_BUMP -> s.bundleRevision[plan.arg(i, 0)]++;
            case Plan.LINK_DEV -> s.linkAttached[plan.arg(i, 0)] = plan.arg(i, 1) != 0;
            case Plan.LINK_PROG -> s.linkProg[plan.arg(i, 0)] = plan.arg(i, 1);
            case Plan.LINK_SETTLE -> {
                int l = plan.arg(i, 0);
                s.linkFd[l] = true;
                s.nameBinding[plan.arg(i, 1)] = l;
            }
            case Plan.UNREGISTER_DEVICE -> {
                if (plan.arg(i, 0) == Plan.DEVICE_NETKIT) {
                    s.netkitRegistered = false;
                } else {
                    s.deviceRegistered = false;
                }
            }
            case Plan.MINIQ_INC -> {
                int b = plan.arg(i, 0);
                s.bundleMiniq[b] = plan.arg(i, 1) != 0 ? 1 : s.bundleMiniq[b] + 1;
            }
            case Plan.MINIQ_DEC -> {
                int b = plan.arg(i, 0);
                s.bundleMiniq[b] = plan.arg(i, 1) != 0 ? 0 : s.bundleMiniq[b] - 1;
            }
            case Plan.UNLOCK, Plan.SYNC -> {
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
