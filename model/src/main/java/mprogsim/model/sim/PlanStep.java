package mprogsim.model.sim;

import mprogsim.model.mprog.Plan;
import mprogsim.model.tcx.PlanEffects;
import mprogsim.model.tcx.TcxState;

/**
 * The actions of a writer's plan as simulator steps, one constant per {@link Plan} code: what it does to memory and
 * lifetimes, what it touches, its timed kind and span marks, and its trace text, side by side. Plain stores take
 * their effect from {@link PlanEffects}, shared with every other executor of a plan.
 */
enum PlanStep {
    SLOT_STORE(Plan.SLOT_STORE, TimedMetrics.SLOT_WRITE) {
        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return slotFootprint(w, plan, i, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "store " + Names.entry(plan.arg(i, 0)) + "[" + plan.arg(i, 1) + "] = "
                    + w.names.progOrNull(plan.arg(i, 2));
        }
    },
    /** A WRITE_ONCE into the published entry (in-place edits): a slot store that also publishes a version. */
    SLOT_PUBLISH(Plan.SLOT_PUBLISH, TimedMetrics.SLOT_WRITE) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            PlanEffects.applyStore(w.s, plan, i);
            w.versions.publish(plan.hook, plan, plan.arg(i, 4));
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            k = slotFootprint(w, plan, i, out, k);
            return Versions.publishFootprint(plan.hook, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "WRITE_ONCE " + Names.entry(plan.arg(i, 0)) + "[" + plan.arg(i, 1) + "] = "
                    + w.names.progOrNull(plan.arg(i, 2)) + " (in place)";
        }
    },
    COUNT_STORE(Plan.COUNT_STORE, TimedMetrics.SLOT_WRITE) {
        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            out[k++] = Loc.write(Loc.COUNT, plan.arg(i, 0));
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "bundle " + plan.arg(i, 0) + " count = " + plan.arg(i, 1);
        }
    },
    PUT_PROG(Plan.PUT_PROG, TimedMetrics.REFCOUNT) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            w.putProg(p, plan.arg(i, 0));
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            out[k++] = Loc.write(Loc.PROG_REF, plan.arg(i, 0));
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            int q = plan.arg(i, 0);
            return "bpf_prog_put(" + w.names.prog(q) + ")" + w.refNote(q);
        }
    },
    MARK_RELEASE(Plan.MARK_RELEASE, TimedMetrics.SLOT_WRITE) {
        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return bundleFootprint(plan, i, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "mark " + w.names.prog(plan.arg(i, 1)) + " for release";
        }
    },
    /** rcu_assign_pointer of the hook's entry. */
    PUBLISH(Plan.PUBLISH, TimedMetrics.PUBLISH) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            PlanEffects.applyStore(w.s, plan, i);
            w.versions.publish(plan.arg(i, 0), plan, plan.arg(i, 4));
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            out[k++] = Loc.write(Loc.HOOK, plan.arg(i, 0));
            return Versions.publishFootprint(plan.arg(i, 0), out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            int e = plan.arg(i, 1);
            String how = w.weak != null && !w.weak.releasePublish ? "WRITE_ONCE(" : "rcu_assign_pointer(";
            return how + Names.hook(plan.arg(i, 0)) + ", "
                    + (e == TcxState.NULL_ENTRY ? "NULL" : Names.entry(e)) + ")";
        }
    },
    /** synchronize_rcu's start: the grace period waits for the readers inside now. */
    SYNC(Plan.SYNC, TimedMetrics.GP_START) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            w.rcu.startGrace(p);
            w.next[p] = WriterStep.GP_END;
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return Rcu.graceStartFootprint(out, k);
        }

        @Override
        long spans(Writers w) {
            return TimedMetrics.OPEN_SYNC;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "synchronize_rcu: grace period starts";
        }
    },
    /** bpf_mprog_complete_release reads bundle->ref; the put of what it finds is the next step. */
    COMMIT_RELEASE(Plan.COMMIT_RELEASE, TimedMetrics.REFCOUNT) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            int b = plan.arg(i, 0);
            int q = w.s.bundleRef[b];
            if (q != 0) {
                w.s.bundleRef[b] = 0;
                w.followUpProg[p] = q;
                w.next[p] = WriterStep.PUT;
            }
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return bundleFootprint(plan, i, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            int ref = w.s.bundleRef[plan.arg(i, 0)];
            return "bpf_mprog_commit: complete release"
                    + (ref != 0 ? " (finds " + w.names.prog(ref) + ")" : " (nothing marked)");
        }
    },
    REVISION_BUMP(Plan.REVISION_BUMP, TimedMetrics.SLOT_WRITE) {
        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return bundleFootprint(plan, i, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            long rev = w.s.bundleRevision[plan.arg(i, 0)];
            return "bpf_mprog_commit: revision " + rev + " -> " + (rev + 1);
        }
    },
    /** kfree_rcu (argument 1 set) or kfree of a bundle. */
    FREE_BUNDLE(Plan.FREE_BUNDLE, TimedMetrics.FREE) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            int b = plan.arg(i, 0);
            if (plan.arg(i, 1) != 0) {
                w.s.bundleLife[b] = TcxState.FREE_PENDING;
                w.callbacks.queueBundle(b);
            } else {
                w.lifetimes.freeBundle(b, w.names.process(p));
            }
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            int b = plan.arg(i, 0);
            if (plan.arg(i, 1) != 0) {
                out[k++] = Loc.write(Loc.BUNDLE, b);
                return w.callbacks.queueBundleFootprint(b, out, k);
            }
            return Lifetimes.freeBundleFootprint(b, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return (plan.arg(i, 1) != 0 ? "kfree_rcu" : "kfree") + "(bundle " + plan.arg(i, 0) + ")";
        }
    },
    LINK_DEV(Plan.LINK_DEV, TimedMetrics.OTHER) {
        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            out[k++] = Loc.write(Loc.LINK, plan.arg(i, 0));
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return w.names.link(plan.arg(i, 0)) + "->dev = " + (plan.arg(i, 1) != 0 ? "dev" : "NULL");
        }
    },
    LINK_PROG(Plan.LINK_PROG, TimedMetrics.OTHER) {
        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            out[k++] = Loc.write(Loc.LINK, plan.arg(i, 0));
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "xchg(" + w.names.link(plan.arg(i, 0)) + "->prog, " + w.names.prog(plan.arg(i, 1)) + ")";
        }
    },
    /** bpf_link_settle: the new link's fd appears, in the spec too. */
    LINK_SETTLE(Plan.LINK_SETTLE, TimedMetrics.OTHER) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            PlanEffects.applyStore(w.s, plan, i);
            if (!w.spec.diverged && !w.spec.settle(p)) {
                w.diverge(p, "the simulated op settles a link the spec's does not");
            }
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            int l = plan.arg(i, 0);
            out[k++] = Loc.write(Loc.LINK, l);
            out[k++] = Loc.write(Loc.LINK_NAME, plan.arg(i, 1));
            out[k++] = Loc.write(Loc.LINK_FD, l);
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "bpf_link_settle(" + w.names.linkName(plan.arg(i, 1)) + ")";
        }
    },
    PUT_LINK(Plan.PUT_LINK, TimedMetrics.REFCOUNT) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            w.putLink(p, plan.arg(i, 0));
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return Lifetimes.putLinkFootprint(plan.arg(i, 0), out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "bpf_link_put(" + w.names.link(plan.arg(i, 0)) + ")";
        }
    },
    UNREGISTER_DEVICE(Plan.UNREGISTER_DEVICE, TimedMetrics.OTHER) {
        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            out[k++] = Loc.write(Loc.DEVICE, plan.arg(i, 0));
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return plan.arg(i, 0) == Plan.DEVICE_NETKIT ? "unlist both netkit devices" : "unlist the device";
        }
    },
    /** rtnl_unlock; no step at all for a writer that took no lock (no_writer_lock). */
    UNLOCK(Plan.UNLOCK, TimedMetrics.UNLOCK) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            if (!w.noLock) {
                w.lock.release();
            }
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return w.noLock ? k : Lock.releaseFootprint(out, k);
        }

        @Override
        long spans(Writers w) {
            return w.noLock ? 0 : TimedMetrics.CLOSE_HOLD;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "rtnl_unlock";
        }
    },
    FREE_LINK(Plan.FREE_LINK, TimedMetrics.FREE) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            w.lifetimes.freeLink(plan.arg(i, 0), w.names.process(p));
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            int l = plan.arg(i, 0);
            out[k++] = Loc.write(Loc.LINK, l);
            out[k++] = Loc.read(Loc.LINK_REF, l);
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "free " + w.names.link(plan.arg(i, 0));
        }
    },
    CLOSE_PROG_FD(Plan.CLOSE_PROG_FD, TimedMetrics.REFCOUNT) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            int q = plan.arg(i, 0);
            w.s.progFd[q] = false;
            w.putProg(p, q);
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            int q = plan.arg(i, 0);
            out[k++] = Loc.write(Loc.PROG_FD, q);
            out[k++] = Loc.write(Loc.PROG_REF, q);
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "close fd of " + w.names.prog(plan.arg(i, 0));
        }
    },
    CLOSE_LINK_FD(Plan.CLOSE_LINK_FD, TimedMetrics.REFCOUNT) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            int l = plan.arg(i, 0);
            w.s.linkFd[l] = false;
            w.putLink(p, l);
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            int l = plan.arg(i, 0);
            out[k++] = Loc.write(Loc.LINK_FD, l);
            return Lifetimes.putLinkFootprint(l, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "close fd of " + w.names.link(plan.arg(i, 0));
        }
    },
    /** tcx_miniq_inc: a store into the entry's memory (miniq_active), so a freed entry makes it a use after free. */
    MINIQ_INC(Plan.MINIQ_INC, TimedMetrics.OTHER) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            w.touchEntry(p, plan.arg(i, 0), "tcx_miniq_inc");
            PlanEffects.applyStore(w.s, plan, i);
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return miniqFootprint(plan, i, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return miniqText(w, plan, i, "tcx_miniq_inc", "= true");
        }
    },
    MINIQ_DEC(Plan.MINIQ_DEC, TimedMetrics.OTHER) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            w.touchEntry(p, plan.arg(i, 0), "tcx_miniq_dec");
            PlanEffects.applyStore(w.s, plan, i);
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            return miniqFootprint(plan, i, out, k);
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return miniqText(w, plan, i, "tcx_miniq_dec", "= false");
        }
    },
    /** mini_qdisc_pair_swap from a chain-0 head change: a store into tcx_entry->miniq through the qdisc's pointer. */
    MINIQ_WRITE(Plan.MINIQ_WRITE, TimedMetrics.OTHER) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            w.touchEntry(p, plan.arg(i, 0), "mini_qdisc_pair_swap");
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            int b = plan.arg(i, 0);
            out[k++] = Loc.write(Loc.MINIQ_PTR, b);
            out[k++] = Loc.read(Loc.BUNDLE_MEM, b);
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "mini_qdisc_pair_swap stores into the miniq of bundle " + plan.arg(i, 0);
        }
    },
    /** An old kernel's read outside an entry's array (bpf_mprog_fetch of slot -1). */
    WILD_READ(Plan.WILD_READ, TimedMetrics.SLOT_READ) {
        @Override
        void apply(Writers w, int p, Plan plan, int i) {
            w.violations.violate(Invariant.WILD_ACCESS, w.names.process(p) + " " + w.label(p) + " reads slot "
                    + plan.arg(i, 1) + " of " + Names.entry(plan.arg(i, 0)) + ", outside its array");
        }

        @Override
        int footprint(Writers w, Plan plan, int i, long[] out, int k) {
            out[k++] = Loc.read(Loc.BUNDLE_MEM, TcxState.bundleOf(plan.arg(i, 0)));
            return k;
        }

        @Override
        String text(Writers w, Plan plan, int i) {
            return "bpf_mprog_fetch reads slot " + plan.arg(i, 1) + " of " + Names.entry(plan.arg(i, 0));
        }
    };

    private static final PlanStep[] BY_CODE = new PlanStep[Plan.WILD_READ + 1];

    static {
        for (PlanStep a : values()) {
            if (BY_CODE[a.code] != null) {
                throw new AssertionError("two steps for plan code " + a.code);
            }
            BY_CODE[a.code] = a;
        }
    }

    final int code;
    final int kind;

    PlanStep(int code, int kind) {
        this.code = code;
        this.kind = kind;
    }

    /** The step of plan action code {@code code}. */
    static PlanStep of(int code) {
        PlanStep a = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (a == null) {
            throw new IllegalStateException("no simulator step for plan action " + Plan.codeName(code));
        }
        return a;
    }

    /** The action's effect; by default a plain store (see {@link PlanEffects}). */
    void apply(Writers w, int p, Plan plan, int i) {
        if (!PlanEffects.applyStore(w.s, plan, i)) {
            throw new IllegalStateException("unhandled action " + Plan.codeName(code));
        }
    }

    /** What the action touches, from the plan alone (the engine's footprint contract). */
    abstract int footprint(Writers w, Plan plan, int i, long[] out, int k);

    long spans(Writers w) {
        return 0;
    }

    abstract String text(Writers w, Plan plan, int i);

    private static int slotFootprint(Writers w, Plan plan, int i, long[] out, int k) {
        int e = plan.arg(i, 0);
        int slot = plan.arg(i, 1);
        int slots = w.s.slots;
        out[k++] = Loc.slot(mprogsim.scheduler.Footprint.WRITE, e, slot, slots);
        out[k++] = Loc.controlSlot(mprogsim.scheduler.Footprint.WRITE, TcxState.bundleOf(e), slot, slots);
        return k;
    }

    /** miniq_active lives in the entry's memory: the step observes whether that memory was freed. */
    private static int miniqFootprint(Plan plan, int i, long[] out, int k) {
        int b = plan.arg(i, 0);
        out[k++] = Loc.write(Loc.MINIQ, b);
        out[k++] = Loc.read(Loc.BUNDLE_MEM, b);
        return k;
    }

    private static String miniqText(Writers w, Plan plan, int i, String what, String flag) {
        int b = plan.arg(i, 0);
        int v = w.s.bundleMiniq[b];
        return what + "(bundle " + b + "): miniq_active "
                + (plan.arg(i, 1) != 0 ? flag : v + " -> " + (v + (plan.code(i) == Plan.MINIQ_INC ? 1 : -1)));
    }

    private static int bundleFootprint(Plan plan, int i, long[] out, int k) {
        out[k++] = Loc.write(Loc.BUNDLE, plan.arg(i, 0));
        return k;
    }
}
