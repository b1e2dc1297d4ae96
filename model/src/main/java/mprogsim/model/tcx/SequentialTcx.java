package mprogsim.model.tcx;

import java.util.ArrayDeque;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;

/**
 * The sequential spec: the kernel's tcx/bpf_mprog semantics applied one whole operation at a time, with no reader
 * in flight, so that grace periods end at once and RCU-deferred frees happen immediately. It runs the same planner
 * as the simulator, without variants unless asked.
 */
public final class SequentialTcx {
    public final TcxState state;
    private final TcxPlanner planner;
    private final Plan plan = new Plan();
    private final OpContext ctx = new OpContext();
    /** The query output of the last operation, when it was a query. */
    public final QueryResult query = new QueryResult();
    private final ArrayDeque<Integer> pendingLinkReleases = new ArrayDeque<>();
    /** When set, a link whose last reference goes is left for the caller to release ({@link #pendingRelease}). */
    private final boolean callerDrivesLinkRelease;
    /** Reference-count anomalies seen (a count below zero). */
    public int refcountUnderflows;
    /** Stores into the memory of a freed entry (a qdisc side writing through a stale pointer). */
    public int freedEntryWrites;
    /** Reads outside an entry's array (an old kernel's detach of an empty entry). */
    public int wildReads;

    public SequentialTcx(TcxState state, int variants) {
        this(state, variants, false);
    }

    public SequentialTcx(TcxState state, int variants, boolean callerDrivesLinkRelease) {
        this.state = state;
        this.planner = new TcxPlanner(variants);
        this.callerDrivesLinkRelease = callerDrivesLinkRelease;
    }

    /** Runs one operation to completion and returns the syscall's return value. */
    public int run(TcxOp op) {
        query.reset();
        ctx.clear();
        int pre = TcxPlanner.precheck(op);
        if (pre != 0) {
            return pre;
        }
        int n = TcxPlanner.lookups(op);
        for (int i = 0; i < n; i++) {
            int r = lookup(op, i, ctx);
            if (r != 0) {
                failEarly(op, ctx, r);
                return r;
            }
        }
        return runLocked(op, ctx);
    }

    /** Lookup {@code i} of {@code op}, as the simulator performs it at its own step. */
    public int lookup(TcxOp op, int i, OpContext c) {
        return planner.lookup(state, op, i, c);
    }

    public void failEarly(TcxOp op, OpContext c, int ret) {
        planner.failEarly(op, c, ret, plan);
        execute(plan);
        drainReleases();
    }

    /** Everything from the lock on: plan and execute. Returns the operation's return value. */
    public int runLocked(TcxOp op, OpContext c) {
        query.reset();
        planner.plan(state, op, c, plan, query);
        int ret = plan.ret;
        execute(plan);
        drainReleases();
        return ret;
    }

    /** The next link whose release the caller must drive, or 0. */
    public int pendingRelease() {
        Integer l = pendingLinkReleases.poll();
        return l == null ? 0 : l;
    }

    private void drainReleases() {
        if (callerDrivesLinkRelease) {
            return;
        }
        Integer l;
        while ((l = pendingLinkReleases.poll()) != null) {
            OpContext c = new OpContext();
            planner.plan(state, TcxOp.linkRelease(l), c, plan, query);
            execute(plan);
        }
    }

    /** Plans {@code op} from the current state without executing it (for callers that execute actions one by one). */
    public void plan(TcxOp op, OpContext c, Plan out, QueryResult q) {
        planner.plan(state, op, c, out, q);
    }

    /** The puts of an op that fails before the lock, as a plan for the caller to execute. */
    public void failEarlyPlan(TcxOp op, OpContext c, int ret, Plan out) {
        planner.failEarly(op, c, ret, out);
    }

    private void execute(Plan p) {
        for (int i = 0; i < p.size(); i++) {
            apply(p, i);
        }
    }

    /**
     * Executes action {@code i} of {@code p} with sequential semantics: grace periods end at once and RCU-deferred
     * frees happen immediately.
     */
    public void apply(Plan p, int i) {
        TcxState s = state;
        if (!PlanEffects.applyStore(s, p, i)) {
            switch (p.code(i)) {
                case Plan.PUT_PROG -> putProg(p.arg(i, 0));
                case Plan.COMMIT_RELEASE -> {
                    int b = p.arg(i, 0);
                    if (s.bundleRef[b] != 0) {
                        putProg(s.bundleRef[b]);
                        s.bundleRef[b] = 0;
                    }
                }
                case Plan.FREE_BUNDLE -> s.bundleLife[p.arg(i, 0)] = TcxState.FREED;
                case Plan.PUT_LINK -> putLink(p.arg(i, 0));
                case Plan.FREE_LINK -> s.linkLife[p.arg(i, 0)] = TcxState.FREED;
                case Plan.CLOSE_PROG_FD -> {
                    s.progFd[p.arg(i, 0)] = false;
                    putProg(p.arg(i, 0));
                }
                case Plan.MINIQ_WRITE -> {
                    if (s.bundleLife[p.arg(i, 0)] == TcxState.FREED) {
                        freedEntryWrites++;
                    }
                }
                case Plan.WILD_READ -> wildReads++;
                case Plan.CLOSE_LINK_FD -> {
                    s.linkFd[p.arg(i, 0)] = false;
                    putLink(p.arg(i, 0));
                }
                default -> throw new IllegalStateException("unhandled action " + Plan.codeName(p.code(i)));
            }
        }
    }

    private void putProg(int prog) {
        int r = state.putProg(prog);
        if (r == 1) {
            state.progLife[prog] = TcxState.FREED;
        } else if (r < 0) {
            refcountUnderflows++;
        }
    }

    private void putLink(int link) {
        int r = state.putLink(link);
        if (r == 1) {
            pendingLinkReleases.add(link);
        } else if (r < 0) {
            refcountUnderflows++;
        }
    }

    /** The links whose release is still owed, as text (the rest of its state is {@link #state}). */
    public String pendingReleasesText() {
        return pendingLinkReleases.toString();
    }

    /** The stateful search: writes the owed link releases (count, then links in order) and the underflow count. */
    public int savePending(int[] out, int k) {
        out[k++] = refcountUnderflows;
        out[k++] = pendingLinkReleases.size();
        for (int l : pendingLinkReleases) {
            out[k++] = l;
        }
        return k;
    }

    /** Reads back what {@link #savePending} wrote. */
    public int restorePending(int[] in, int k) {
        refcountUnderflows = in[k++];
        int n = in[k++];
        pendingLinkReleases.clear();
        for (int i = 0; i < n; i++) {
            pendingLinkReleases.add(in[k++]);
        }
        return k;
    }
}
