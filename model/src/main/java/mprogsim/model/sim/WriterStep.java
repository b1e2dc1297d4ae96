package mprogsim.model.sim;

import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.mprog.Plan;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxPlanner;
import mprogsim.model.tcx.TcxState;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;

/**
 * The steps of a writer or teardown thread, each in one place: whether it can run, what it does, what it touches,
 * its timed kind, its span marks and its trace text. {@link #EXEC} runs the plan's actions, whose table is
 * {@link PlanStep}. Adding a step is adding a constant here.
 */
enum WriterStep {
    /** One fd lookup of the syscall layer (each takes a reference). */
    LOOKUP {
        @Override
        void step(Writers w, int p) {
            int i = w.pc[p];
            TcxOp op = w.cur[p];
            int ret = w.planners[p].lookup(w.s, op, i, w.contexts[p]);
            if (!w.spec.diverged) {
                int sret = w.spec.lookup(p, op, i);
                if (sret != ret) {
                    w.mismatch(p, "lookup " + i + " returned " + mprogsim.model.mprog.Errno.format(ret)
                            + ", the spec gives " + mprogsim.model.mprog.Errno.format(sret));
                }
            }
            if (ret != 0) {
                w.failLookup(p, ret);
                return;
            }
            w.pc[p] = i + 1;
            if (w.pc[p] == w.lookupCount[p]) {
                w.afterLookups(p);
            }
        }

        @Override
        int footprint(Writers w, int p, long[] out, int k) {
            int target = TcxPlanner.lookupTarget(w.cur[p], w.pc[p]);
            if (target > 0) {
                out[k++] = Loc.read(Loc.PROG_FD, target);
                out[k++] = Loc.write(Loc.PROG_REF, target);
            } else {
                out[k++] = Loc.read(Loc.LINK_NAME, -1 - target);
                out[k++] = Loc.read(Loc.LINK_FD, Footprint.ALL);
                out[k++] = Loc.write(Loc.LINK_REF, Footprint.ALL);
            }
            return k;
        }

        @Override
        int kind(Writers w, int p) {
            return TimedMetrics.LOOKUP;
        }

        @Override
        String text(Writers w, int p) {
            int target = TcxPlanner.lookupTarget(w.cur[p], w.pc[p]);
            return "fd lookup of " + (target > 0 ? w.names.prog(target) : w.names.linkName(-1 - target));
        }
    },
    /** rtnl_lock. */
    LOCK {
        @Override
        int status(Writers w, int p) {
            return w.lock.free() ? Program.ENABLED : Program.BLOCKED;
        }

        @Override
        void step(Writers w, int p) {
            w.lock.acquire(p);
            w.next[p] = PLAN;
        }

        @Override
        int footprint(Writers w, int p, long[] out, int k) {
            return Lock.acquireFootprint(out, k);
        }

        @Override
        int kind(Writers w, int p) {
            return TimedMetrics.LOCK;
        }

        @Override
        long spans(Writers w, int p) {
            return TimedMetrics.OPEN_HOLD;
        }

        @Override
        String text(Writers w, int p) {
            return w.lock.describeAcquire();
        }
    },
    /** The bpf_mprog decision under the lock (a lock holder may plan at once), or a close's one step. */
    PLAN {
        @Override
        void step(Writers w, int p) {
            w.plan(p);
        }

        @Override
        int footprint(Writers w, int p, long[] out, int k) {
            k = planFootprint(w, p, out, k);
            if (w.noLock && w.cur[p].kind.locked()) {
                out[k++] = Loc.write(Loc.SPEC, 0);
            }
            return k;
        }

        @Override
        int kind(Writers w, int p) {
            return TimedMetrics.PLAN;
        }

        @Override
        String text(Writers w, int p) {
            OpKind kind = w.cur[p].kind;
            if (kind == OpKind.QDISC_HOLD) {
                return "find the qdisc and take a reference";
            }
            if (kind.lifecycle()) {
                return "the qdisc and device decisions under the lock";
            }
            return kind.locked() ? "bpf_mprog decision under the lock" : "close the fd";
        }
    },
    /** The next action of the plan. */
    EXEC {
        @Override
        void step(Writers w, int p) {
            Plan plan = w.plans[p];
            int i = w.pc[p];
            PlanStep.of(plan.code(i)).apply(w, p, plan, i);
            WriterStep after = w.next[p];
            if (after == EXEC) {
                w.nextAction(p, i);
            } else if (after != GP_END) {
                w.followUpOf[p] = i;
            }
        }

        @Override
        int footprint(Writers w, int p, long[] out, int k) {
            Plan plan = w.plans[p];
            int i = w.pc[p];
            return PlanStep.of(plan.code(i)).footprint(w, plan, i, out, k);
        }

        @Override
        int kind(Writers w, int p) {
            return PlanStep.of(w.plans[p].code(w.pc[p])).kind;
        }

        @Override
        long spans(Writers w, int p) {
            return PlanStep.of(w.plans[p].code(w.pc[p])).spans(w);
        }

        @Override
        String text(Writers w, int p) {
            Plan plan = w.plans[p];
            int i = w.pc[p];
            return PlanStep.of(plan.code(i)).text(w, plan, i);
        }
    },
    /** synchronize_rcu's end: enabled once the readers inside at its start have left. */
    GP_END {
        @Override
        int status(Writers w, int p) {
            return w.rcu.graceOver(p) ? Program.ENABLED : Program.BLOCKED;
        }

        @Override
        void step(Writers w, int p) {
            w.next[p] = EXEC;
            w.nextAction(p, w.pc[p]);
        }

        @Override
        int footprint(Writers w, int p, long[] out, int k) {
            return w.rcu.graceEndFootprint(p, out, k);
        }

        @Override
        int kind(Writers w, int p) {
            return TimedMetrics.GRACE_PERIOD;
        }

        @Override
        long spans(Writers w, int p) {
            return TimedMetrics.CLOSE_SYNC;
        }

        @Override
        String text(Writers w, int p) {
            return "synchronize_rcu waits for " + w.rcu.waitsFor(p);
        }
    },
    /** The put of the prog bpf_mprog_commit found in bundle->ref. */
    PUT {
        @Override
        void step(Writers w, int p) {
            w.next[p] = EXEC;
            w.putProg(p, w.followUpProg[p]);
            if (w.next[p] == EXEC) {
                w.completeFollowUp(p);
            }
        }

        @Override
        int footprint(Writers w, int p, long[] out, int k) {
            out[k++] = Loc.write(Loc.PROG_REF, w.followUpProg[p]);
            return k;
        }

        @Override
        int kind(Writers w, int p) {
            return TimedMetrics.REFCOUNT;
        }

        @Override
        String text(Writers w, int p) {
            int q = w.followUpProg[p];
            return "bpf_prog_put(" + w.names.prog(q) + ")" + w.refNote(q);
        }
    },
    /** The release of a prog whose last reference the previous step dropped; then its free, now or by call_rcu. */
    RELEASE {
        @Override
        void step(Writers w, int p) {
            w.release(p, w.followUpProg[p]);
            w.next[p] = EXEC;
            w.completeFollowUp(p);
        }

        /** Which readers are inside decides use_after_release, so the release observes them. */
        @Override
        int footprint(Writers w, int p, long[] out, int k) {
            int q = w.followUpProg[p];
            out[k++] = Loc.write(Loc.PROG_MEM, q);
            out[k++] = Loc.read(Loc.RCU_CS, Footprint.ALL);
            if (w.freeImmediate) {
                return Lifetimes.freeProgFootprint(q, out, k);
            }
            return w.callbacks.queueProgFootprint(q, out, k);
        }

        @Override
        int kind(Writers w, int p) {
            return TimedMetrics.REFCOUNT;
        }

        @Override
        String text(Writers w, int p) {
            return w.names.prog(w.followUpProg[p]) + " released: last reference gone"
                    + (w.freeImmediate ? ", freed at once" : ", call_rcu");
        }
    },
    DONE {
        @Override
        int status(Writers w, int p) {
            return Program.DONE;
        }

        @Override
        void step(Writers w, int p) {
            throw new IllegalStateException(w.names.process(p) + " has finished");
        }

        @Override
        int footprint(Writers w, int p, long[] out, int k) {
            return k;
        }

        @Override
        int kind(Writers w, int p) {
            return TimedMetrics.OTHER;
        }

        @Override
        String text(Writers w, int p) {
            return "done";
        }
    };

    int status(Writers w, int p) {
        return Program.ENABLED;
    }

    abstract void step(Writers w, int p);

    /** What the step touches, computed from the thread's own state only (the engine's footprint contract). */
    abstract int footprint(Writers w, int p, long[] out, int k);

    abstract int kind(Writers w, int p);

    long spans(Writers w, int p) {
        return 0;
    }

    /** The step's trace text, after the op's label. */
    abstract String text(Writers w, int p);

    // ---- the decision's footprint --------------------------------------------------------------------------------
    //
    // Where the kernel looks at shared state to know what it touches (the hook's current entry, a link name's
    // current binding), the footprint covers all of it: another process's step must never change a footprint.

    /**
     * Everything a decision under the lock may read of the control plane: any entry, bundle and slot, and whether
     * the device the op goes through is listed (the tcx device, or the netkit pair for an op on a netkit hook).
     */
    private static int controlPlaneRead(TcxOp op, long[] out, int k) {
        boolean netkit = TcxState.isNetkitHook(op.hook) || op.device == Plan.DEVICE_NETKIT;
        out[k++] = Loc.read(Loc.DEVICE, netkit ? Plan.DEVICE_NETKIT : Plan.DEVICE_TCX);
        out[k++] = Loc.read(Loc.COUNT, Footprint.ALL);
        out[k++] = Loc.read(Loc.BUNDLE, Footprint.ALL);
        out[k++] = Loc.read(Loc.FP, Footprint.ALL);
        out[k++] = Loc.read(Loc.CP, Footprint.ALL);
        return k;
    }

    private static int relativeRead(int ref, long[] out, int k) {
        if (ref == 0) {
            return k;
        }
        int handle = ref & ((1 << 24) - 1);
        if ((ref & TcxState.REF_LINK) == TcxState.REF_LINK) {
            out[k++] = Loc.read(Loc.LINK_NAME, handle);
            out[k++] = Loc.read(Loc.LINK_FD, Footprint.ALL);
            out[k++] = Loc.read(Loc.LINK, Footprint.ALL);
        } else {
            out[k++] = Loc.read(Loc.PROG_FD, handle);
            out[k++] = Loc.read(Loc.PROG_REF, handle);
        }
        return k;
    }

    private static int planFootprint(Writers w, int p, long[] out, int k) {
        TcxOp op = w.cur[p];
        switch (op.kind) {
            case ATTACH, LINK_CREATE -> {
                k = controlPlaneRead(op, out, k);
                out[k++] = Loc.read(Loc.HOOK, op.hook);
                out[k++] = Loc.write(Loc.BUNDLE_ALLOC, 0);
                if (op.kind == OpKind.LINK_CREATE) {
                    out[k++] = Loc.write(Loc.LINK_ALLOC, 0);
                }
                if ((op.flags & MprogFlags.REPLACE) != 0 && op.replace != 0) {
                    out[k++] = Loc.read(Loc.PROG_FD, op.replace);
                    out[k++] = Loc.write(Loc.PROG_REF, op.replace);
                }
                k = relativeRead(op.relative, out, k);
            }
            case DETACH -> {
                k = controlPlaneRead(op, out, k);
                out[k++] = Loc.read(Loc.HOOK, op.hook);
                // Whether the emptied entry goes depends on the qdisc sides keeping it (tcx_entry_is_active).
                out[k++] = Loc.read(Loc.MINIQ, Footprint.ALL);
                k = relativeRead(op.relative, out, k);
            }
            case QUERY -> {
                k = controlPlaneRead(op, out, k);
                out[k++] = Loc.read(Loc.HOOK, op.hook);
            }
            case LINK_UPDATE -> {
                // The link's hook and current prog decide which entry and which id it names.
                k = controlPlaneRead(op, out, k);
                out[k++] = Loc.read(Loc.HOOK, Footprint.ALL);
                out[k++] = Loc.read(Loc.LINK, w.contexts[p].link);
                out[k++] = Loc.read(Loc.PROG_REF, Footprint.ALL);
            }
            case LINK_DETACH, LINK_RELEASE -> {
                int l = op.kind == OpKind.LINK_RELEASE ? op.link : w.contexts[p].link;
                k = controlPlaneRead(op, out, k);
                out[k++] = Loc.read(Loc.HOOK, Footprint.ALL);
                out[k++] = Loc.read(Loc.LINK, l);
                out[k++] = Loc.read(Loc.MINIQ, Footprint.ALL);
            }
            case CLOSE_PROG -> {
                out[k++] = Loc.write(Loc.PROG_FD, op.prog);
                out[k++] = Loc.write(Loc.PROG_REF, op.prog);
            }
            case CLOSE_LINK -> {
                out[k++] = Loc.read(Loc.LINK_NAME, op.link);
                out[k++] = Loc.write(Loc.LINK_FD, Footprint.ALL);
                out[k++] = Loc.write(Loc.LINK_REF, Footprint.ALL);
                out[k++] = Loc.write(Loc.LINK, Footprint.ALL);
            }
            case TEARDOWN, QDISC_ADD, QDISC_REPLACE, QDISC_DELETE, QDISC_PUT -> {
                // The qdisc's sides and blocks, the hooks' entries, their miniq counts and counts decide what is
                // created, counted, stored into and freed; a new qdisc may create entries.
                k = controlPlaneRead(op, out, k);
                out[k++] = Loc.read(Loc.HOOK, Footprint.ALL);
                out[k++] = Loc.read(Loc.MINIQ, Footprint.ALL);
                out[k++] = Loc.write(Loc.QDISC, 0);
                out[k++] = Loc.write(Loc.BUNDLE_ALLOC, 0);
            }
            case CHAIN_ADD, QDISC_HOLD -> {
                out[k++] = Loc.read(Loc.DEVICE, 0);
                out[k++] = Loc.write(Loc.QDISC, 0);
            }
            default -> throw new IllegalStateException(op.kind.toString());
        }
        return k;
    }
}
