package mprogsim.model.sim;

import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.OpContext;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/**
 * The sequential spec run alongside a simulated execution: today's kernel semantics (no variants), each op applied
 * whole at the moment the simulated op is linearized (its plan step under the lock, its failing lookup, its close),
 * so that results and final state can be compared. The puts a kernel path makes after releasing the lock are
 * replayed in step with the simulated thread's own, because another op can observe the difference (a prog found
 * by id just before its last reference goes).
 */
final class SpecShadow {
    final SequentialTcx seq;
    private final TcxState initial;
    private final Plan[] plans;
    private final OpContext[] contexts;
    final QueryResult[] queries;
    /** The next action of each process's spec plan still to run, and where its plan ends. */
    private final int[] deferredNext;
    private final int[] deferredEnd;
    /** A link's fd appears when the simulated thread settles it, not when its op is linearized. */
    private final int[] settleAt;
    /** The simulation no longer follows the spec: a sequential_mismatch was reported. */
    boolean diverged;
    private final Violations violations;

    SpecShadow(TcxState initial, int processes, Violations violations) {
        this.initial = initial;
        this.violations = violations;
        this.seq = new SequentialTcx(initial.copy(), 0, true);
        plans = new Plan[processes];
        contexts = new OpContext[processes];
        queries = new QueryResult[processes];
        deferredNext = new int[processes];
        deferredEnd = new int[processes];
        settleAt = new int[processes];
        for (int p = 0; p < processes; p++) {
            plans[p] = new Plan();
            contexts[p] = new OpContext();
            queries[p] = new QueryResult();
        }
    }

    void reset() {
        diverged = false;
        seq.state.copyFrom(initial);
        int left = seq.pendingRelease();
        while (left != 0) {
            left = seq.pendingRelease();
        }
        for (int p = 0; p < plans.length; p++) {
            contexts[p].clear();
            deferredNext[p] = 0;
            deferredEnd[p] = 0;
            settleAt[p] = -1;
        }
    }

    void beginOp(int p) {
        contexts[p].clear();
        deferredNext[p] = 0;
        deferredEnd[p] = 0;
        settleAt[p] = -1;
    }

    /** Lookup {@code i} of {@code op} on the spec's state; 0 or the errno the op fails with. */
    int lookup(int p, TcxOp op, int i) {
        return seq.lookup(op, i, contexts[p]);
    }

    /** The op fails before the lock: its puts run in step with the simulated thread's. */
    void failEarly(int p, TcxOp op, int ret) {
        seq.failEarlyPlan(op, contexts[p], ret, plans[p]);
        deferredNext[p] = 0;
        deferredEnd[p] = plans[p].size();
    }

    /**
     * The op's linearization: plans it on the spec state and applies everything up to and including the lock
     * release; the rest waits for {@link #deferred}. Returns the op's result; the query output is in
     * {@code queries[p]}.
     */
    int linearize(int p, TcxOp op) {
        Plan plan = plans[p];
        seq.plan(op, contexts[p], plan, queries[p]);
        int n = plan.size();
        int i = 0;
        int end = n;
        for (int k = 0; k < n; k++) {
            if (plan.code(k) == Plan.UNLOCK) {
                end = k + 1;
                break;
            }
        }
        settleAt[p] = -1;
        for (; i < end; i++) {
            if (plan.code(i) == Plan.LINK_SETTLE) {
                settleAt[p] = i;
                continue;
            }
            seq.apply(plan, i);
        }
        deferredNext[p] = end;
        deferredEnd[p] = n;
        return plan.ret;
    }

    /** The simulated thread settles its new link: the fd exists from now on, in the spec too. */
    boolean settle(int p) {
        if (settleAt[p] < 0) {
            return false;
        }
        seq.apply(plans[p], settleAt[p]);
        settleAt[p] = -1;
        return true;
    }

    /** How many actions of the spec plan are still waiting for the simulated thread. */
    int deferredLeft(int p) {
        return deferredEnd[p] - deferredNext[p] + (settleAt[p] >= 0 ? 1 : 0);
    }

    /** Runs the next deferred action; false when there is none (the two plans disagree in shape). */
    boolean deferred(int p) {
        if (deferredNext[p] >= deferredEnd[p]) {
            return false;
        }
        seq.apply(plans[p], deferredNext[p]++);
        return true;
    }

    /** The next link the spec says is waiting for its release, or 0. */
    int pendingRelease() {
        return seq.pendingRelease();
    }

    /** A sequential_mismatch: reported once, and the spec is not followed any further in this execution. */
    void mismatch(String what) {
        violations.violate(Invariant.SEQUENTIAL_MISMATCH, what);
        diverged = true;
    }

    /**
     * At the end of an execution that followed the spec: the final states must agree, each hook both as the
     * control plane sees it (count, revision, the list a query returns) and as the fast path would run it (the
     * active entry's slots walked up to the first NULL).
     */
    void compareFinal(TcxState sim, Names names, int progs) {
        TcxState sp = seq.state;
        for (int h = 0; h < sim.hooks(); h++) {
            String mine = sim.hookSummary(h);
            String theirs = sp.hookSummary(h);
            if (!mine.equals(theirs)) {
                violations.violate(Invariant.SEQUENTIAL_MISMATCH, Names.hook(h) + " ends as "
                        + names.hookText(sim, h) + ", the spec gives " + names.hookText(sp, h));
            } else if (!sameWalk(sim, sp, h)) {
                violations.violate(Invariant.SEQUENTIAL_MISMATCH, Names.hook(h) + " ends as "
                        + names.hookText(sim, h) + " but its slots walked to NULL read " + names.walkText(sim, h)
                        + ", the spec's read " + names.walkText(sp, h));
            }
        }
        for (int q = 1; q <= progs; q++) {
            if (sim.progRefcnt[q] != sp.progRefcnt[q] || sim.progFd[q] != sp.progFd[q]
                    || (sim.progLife[q] == TcxState.LIVE) != (sp.progLife[q] == TcxState.LIVE)) {
                violations.violate(Invariant.SEQUENTIAL_MISMATCH, names.prog(q) + " ends with "
                        + sim.progRefcnt[q] + " references, the spec gives " + sp.progRefcnt[q]);
            }
        }
    }

    /** Whether both memories' active entries of hook h hold the same progs up to their first NULL slot. */
    private static boolean sameWalk(TcxState a, TcxState b, int h) {
        int ea = a.hookEntry[h];
        int eb = b.hookEntry[h];
        if ((ea == TcxState.NULL_ENTRY) != (eb == TcxState.NULL_ENTRY)) {
            return false;
        }
        if (ea == TcxState.NULL_ENTRY) {
            return true;
        }
        int la = a.walkLength(ea);
        if (la != b.walkLength(eb)) {
            return false;
        }
        for (int i = 0; i < la; i++) {
            if (a.fp[a.fpIndex(ea, i)] != b.fp[b.fpIndex(eb, i)]) {
                return false;
            }
        }
        return true;
    }

    void dump(StringBuilder sb) {
        sb.append("spec ").append(diverged).append(" owed ").append(seq.pendingReleasesText()).append(' ');
        seq.state.dump(sb);
        for (int p = 0; p < plans.length; p++) {
            sb.append("spec").append(p).append(' ').append(deferredNext[p]).append('/').append(deferredEnd[p])
                    .append(" settle ").append(settleAt[p]).append(" ctx ").append(contexts[p].prog).append(',')
                    .append(contexts[p].link).append(',').append(contexts[p].oldProg).append(',')
                    .append(contexts[p].lookupsDone).append(" plan ");
            Writers.dumpPlan(plans[p], sb);
            sb.append('\n');
        }
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    /** The most ints {@link #save} writes for the given writer processes. */
    int stateInts(int[] writers) {
        return 3 + seq.state.stateInts() + seq.state.linkCapacity + 1 + writers.length * (7 + Writers.planInts(seq.state));
    }

    int save(int[] out, int k, int[] writers) {
        out[k++] = diverged ? 1 : 0;
        k = seq.state.saveState(out, k);
        k = seq.savePending(out, k);
        for (int p : writers) {
            out[k++] = deferredNext[p];
            out[k++] = deferredEnd[p];
            out[k++] = settleAt[p];
            OpContext c = contexts[p];
            out[k++] = c.prog;
            out[k++] = c.link;
            out[k++] = c.oldProg;
            out[k++] = c.lookupsDone;
            k = plans[p].saveState(out, k);
        }
        return k;
    }

    int restore(int[] in, int k, int[] writers) {
        diverged = in[k++] != 0;
        k = seq.state.restoreState(in, k);
        k = seq.restorePending(in, k);
        for (int p : writers) {
            deferredNext[p] = in[k++];
            deferredEnd[p] = in[k++];
            settleAt[p] = in[k++];
            OpContext c = contexts[p];
            c.prog = in[k++];
            c.link = in[k++];
            c.oldProg = in[k++];
            c.lookupsDone = in[k++];
            k = plans[p].restoreState(in, k);
        }
        return k;
    }

    /**
     * The canonical form's shared part. Once diverged, nothing of the spec is read again (every use is guarded), so
     * it is one int and there are no per-writer parts. Else its memory and owed releases.
     */
    int canonicalShared(int[] out, int k) {
        if (diverged) {
            out[k++] = 1;
            return k;
        }
        out[k++] = 0;
        k = seq.state.canonicalState(out, k);
        int pendingAt = k;
        k = seq.savePending(out, k);
        // The spec's count of refcount underflows is read by no check here.
        out[pendingAt] = 0;
        return k;
    }

    /**
     * Writer p's part of the canonical form (none once diverged): where its deferred actions are, its lookup
     * context while the writer still has an op to run ({@code live}), and its plan while actions of it are still
     * owed. Kept apart from the shared part so that it can travel with the writer it belongs to.
     */
    int canonicalOf(int p, boolean live, int[] out, int k) {
        if (diverged) {
            return k;
        }
        out[k++] = deferredNext[p];
        out[k++] = deferredEnd[p];
        out[k++] = settleAt[p];
        OpContext c = contexts[p];
        out[k++] = live ? c.prog : 0;
        out[k++] = live ? c.link : 0;
        out[k++] = live ? c.oldProg : 0;
        out[k++] = live ? c.lookupsDone : 0;
        if (deferredNext[p] < deferredEnd[p] || settleAt[p] >= 0) {
            k = plans[p].saveState(out, k);
        } else {
            out[k++] = -1;
        }
        return k;
    }
}
