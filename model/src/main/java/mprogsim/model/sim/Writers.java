package mprogsim.model.sim;

import java.util.function.IntFunction;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.OpContext;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxPlanner;
import mprogsim.model.tcx.TcxState;
import mprogsim.scheduler.Footprint;

/**
 * The writer and teardown threads: each runs its ops in order as the kernel's syscall paths do, one step at a time
 * (see {@link WriterStep} for the steps and {@link PlanStep} for the actions of a plan). This class moves a thread
 * between ops, plans under the lock, records results against the op's {@code expect} and keeps the sequential spec
 * in step with the thread.
 *
 * <p>Execution state, per thread: the op it runs (or the link release it owes), the op's number, its next step,
 * the plan, the fd lookups' context and the query answer, the plan action it is at, how many lookups the op makes,
 * where the spec's deferred actions start, the link whose release it owes, the prog and action of a follow-up step,
 * the results of its finished ops and whether its next step starts an op. Configuration: the ops, their
 * expectations and labels, the planners, the link release ops, whether writers take the lock, whether progs are
 * freed at once, and (timed runs) whether a thread repeats its ops.
 */
final class Writers {
    final int[] processes;
    final TcxOp[][] ops;
    private final OpExpectation[][] expects;
    private final String[][] labels;
    final TcxPlanner[] planners;
    private final TcxOp[] releaseOps;
    final boolean noLock;
    final boolean freeImmediate;
    private final boolean[] repeatOps;

    final TcxState s;
    final Lock lock;
    final Rcu rcu;
    final RcuCallbacks callbacks;
    final Lifetimes lifetimes;
    final Versions versions;
    final Violations violations;
    final SpecShadow spec;
    final Names names;
    /** The weak memory mode's view of the writers' accesses; null under sequential consistency. */
    WeakTcx weak;

    final Plan[] plans;
    final OpContext[] contexts;
    final QueryResult[] queries;
    final TcxOp[] cur;
    final boolean[] curIsRelease;
    private final int[] opIdx;
    final WriterStep[] next;
    final int[] pc;
    final int[] lookupCount;
    /** The first plan action whose spec counterpart was deferred past the lock release. */
    private final int[] mirrorFrom;
    private final int[] pendingLinkRelease;
    /** PUT: the prog a commit found in bundle->ref; RELEASE: the prog whose last reference just went. */
    final int[] followUpProg;
    /** The action a follow-up step completes, or -1 for a close (its action ran inside the decision step). */
    final int[] followUpOf;
    private final int[][] opRet;
    private final QueryResult[][] opQuery;
    private final int[] opsFinished;
    /** The writer's next step is the first of an op (it waits for the op's arrival in timed runs). */
    final boolean[] opFresh;

    /** Link name indices of a query's answer, for the expectation check (scratch, not state). */
    private final int[] linkNameScratch;
    private final IntFunction<String> progName;
    private final IntFunction<String> linkName;

    Writers(int[] processes, int threads, TcxOp[][] ops, OpExpectation[][] expects, String[][] labels, int variants,
            boolean freeImmediate, TcxState memory, Lock lock, Rcu rcu, RcuCallbacks callbacks, Lifetimes lifetimes,
            Versions versions, Violations violations, SpecShadow spec, Names names) {
        this.processes = processes;
        this.ops = ops;
        this.expects = expects;
        this.labels = labels;
        this.noLock = mprogsim.model.tcx.Variant.NO_WRITER_LOCK.in(variants);
        this.freeImmediate = freeImmediate;
        this.s = memory;
        this.lock = lock;
        this.rcu = rcu;
        this.callbacks = callbacks;
        this.lifetimes = lifetimes;
        this.versions = versions;
        this.violations = violations;
        this.spec = spec;
        this.names = names;
        int n = threads;
        planners = new TcxPlanner[n];
        plans = new Plan[n];
        contexts = new OpContext[n];
        queries = new QueryResult[n];
        cur = new TcxOp[n];
        curIsRelease = new boolean[n];
        opIdx = new int[n];
        next = new WriterStep[n];
        pc = new int[n];
        lookupCount = new int[n];
        mirrorFrom = new int[n];
        pendingLinkRelease = new int[n];
        followUpProg = new int[n];
        followUpOf = new int[n];
        opRet = new int[n][];
        opQuery = new QueryResult[n][];
        opsFinished = new int[n];
        opFresh = new boolean[n];
        repeatOps = new boolean[n];
        for (int p = 0; p < n; p++) {
            planners[p] = new TcxPlanner(variants);
            plans[p] = new Plan();
            contexts[p] = new OpContext();
            queries[p] = new QueryResult();
            opRet[p] = new int[ops[p].length];
            opQuery[p] = new QueryResult[ops[p].length];
            for (int k = 0; k < ops[p].length; k++) {
                opQuery[p][k] = new QueryResult();
            }
        }
        releaseOps = new TcxOp[memory.linkCapacity + 1];
        for (int l = 1; l <= memory.linkCapacity; l++) {
            releaseOps[l] = TcxOp.linkRelease(l);
        }
        linkNameScratch = new int[64];
        progName = names::progOrNull;
        linkName = names::linkName;
    }

    void reset() {
        for (int p : processes) {
            opIdx[p] = 0;
            opsFinished[p] = 0;
            pendingLinkRelease[p] = 0;
            followUpProg[p] = 0;
            startOp(p);
        }
    }

    int status(int p) {
        return next[p].status(this, p);
    }

    void step(int p) {
        opFresh[p] = false;
        if (weak != null) {
            weak.beforeWriterStep(this, p);
        }
        next[p].step(this, p);
    }

    int footprint(int p, long[] out, int k) {
        k = next[p].footprint(this, p, out, k);
        return weak == null ? k : weak.writerFootprint(this, p, out, k);
    }

    int stepKind(int p) {
        return next[p].kind(this, p);
    }

    long spanMarks(int p) {
        return next[p].spans(this, p);
    }

    String describe(int p) {
        return next[p] == WriterStep.DONE ? "done" : label(p) + ": " + next[p].text(this, p);
    }

    /** Timed runs: whether the writer's next step starts an op (it waits for the op's arrival). */
    boolean startsOp(int p) {
        return opFresh[p] && next[p] != WriterStep.DONE;
    }

    /** Timed runs: the writer's arrivals have ended; a writer between ops starts no more. */
    void retire(int p) {
        if (startsOp(p)) {
            next[p] = WriterStep.DONE;
        }
    }

    void repeatOps(int p, boolean on) {
        repeatOps[p] = on;
    }

    /**
     * For a writer that does not hold the lock and cannot take it (another process holds it for good): adds to
     * {@code drops[x]} how many references of prog x it may drop before it next needs the lock, counting generously
     * (a lookup's reference as dropped again, a close of a link as not reaching the lock). Returns false when it
     * cannot say (a release is its next step, or a step this count does not know). So while only such writers move,
     * a prog whose count exceeds the sum of their drops is not released (PersistentProcess).
     */
    boolean lockFreeDrops(int q, int[] drops) {
        if (repeatOps[q]) {
            return false;
        }
        WriterStep st = next[q];
        TcxOp op = cur[q];
        switch (st) {
            case DONE:
            case LOCK:
                return true;
            case RELEASE:
                return false;
            case PUT:
                drops[followUpProg[q]]++;
                if (!planDrops(q, followUpOf[q] + 1, drops)) {
                    return false;
                }
                break;
            case LOOKUP:
                heldDrops(q, drops);
                opDrops(op, pc[q], drops);
                break;
            case PLAN:
                if (op.kind.locked()) {
                    return false;
                }
                opDrops(op, 0, drops);
                break;
            case EXEC:
                if (!planDrops(q, pc[q], drops)) {
                    return false;
                }
                break;
            default:
                return false;
        }
        drops[0] = 0;
        if (pendingLinkRelease[q] != 0) {
            return true;
        }
        // Later ops run without the lock only while each fails its lookups or is a close.
        for (int k = opIdx[q] + 1; k < ops[q].length; k++) {
            opDrops(ops[q][k], 0, drops);
        }
        drops[0] = 0;
        return true;
    }

    /**
     * For a reader inside its critical section that stays there: whether writer q's steps before it next starts a
     * grace period (which would wait for that reader, so that q never gets past it) can conflict with the accesses
     * {@code acc[0..len)}, adding to {@code drops[x]} the references of prog x it may drop meanwhile (as
     * {@link #lockFreeDrops} counts). Its current plan is known and checked action by action; a later op is
     * accepted only if it is one whose plan writes nothing but the inactive entry and drops nothing but its lookups'
     * references before its grace period (attach without REPLACE, detach, link create and detach, query, close), and
     * only while no one can make the reader's entry inactive first: a plan that publishes and ends without a grace
     * period makes this answer false. Returns false when it cannot tell. No protocol variant may be on.
     */
    boolean quietUntilGracePeriod(int q, long[] acc, int len, int[] drops, long[] buf, boolean laterOps) {
        if (repeatOps[q]) {
            return false;
        }
        int from;
        switch (next[q]) {
            case DONE:
                return true;
            case GP_END:
                from = pc[q] + 1;
                break;
            case EXEC:
                from = pc[q];
                break;
            case PUT:
            case RELEASE:
                if (followUpOf[q] < 0) {
                    return false;
                }
                int k = next[q].footprint(this, q, buf, 0);
                if (Footprint.conflict(buf, 0, k, acc, 0, len)) {
                    return false;
                }
                drops[followUpProg[q]]++;
                from = followUpOf[q] + 1;
                break;
            case LOOKUP:
            case LOCK:
            case PLAN:
                if (!laterOps) {
                    return false;
                }
                if (curIsRelease[q]) {
                    // A link's release op, not in ops[q]: under the lock it detaches the link's prog as link_detach
                    // does (the inactive entry first, then publish and a grace period), or, with the link detached
                    // already, unlocks and puts the link's prog. Nobody holds the link any more, so which prog
                    // that is cannot change meanwhile. The ops after the close that dropped the link follow.
                    drops[s.linkProg[cur[q].link]]++;
                    return laterOpsQuiet(q, opIdx[q] + 1, drops);
                }
                return laterOpsQuiet(q, opIdx[q], drops);
            default:
                return false;
        }
        Plan plan = plans[q];
        boolean published = false;
        for (int i = from; i < plan.size(); i++) {
            int code = plan.code(i);
            if (code == Plan.SYNC) {
                return true;
            }
            int k = PlanStep.of(code).footprint(this, plan, i, buf, 0);
            if (Footprint.conflict(buf, 0, k, acc, 0, len)) {
                return false;
            }
            if (code == Plan.PUT_PROG || code == Plan.CLOSE_PROG_FD) {
                drops[plan.arg(i, 0)]++;
            } else if (code == Plan.COMMIT_RELEASE) {
                // It puts what the bundle has marked for release: marked by this plan, or already before it.
                drops[markedFor(plan, from, i)]++;
            } else if (code == Plan.PUT_LINK || code == Plan.CLOSE_LINK_FD) {
                // Maybe the link's last reference: its release then puts the link's prog, with no grace period
                // first when the link is detached by then.
                drops[s.linkProg[plan.arg(i, 0)]]++;
            }
            published |= code == Plan.PUBLISH || code == Plan.SLOT_PUBLISH;
        }
        drops[0] = 0;
        return laterOps && !published && pendingLinkRelease[q] == 0 && laterOpsQuiet(q, opIdx[q] + 1, drops);
    }

    /**
     * Whether writer q holds the lock until after a grace period that waits for reader r, as long as r stays inside
     * its critical section: q waits in such a grace period now, or its current plan starts one before it unlocks.
     */
    boolean holdsLockPastGracePeriod(int q, int r) {
        if (lock.holder() != q) {
            return false;
        }
        if (next[q] == WriterStep.GP_END) {
            return rcu.waitsOn(q, r);
        }
        if (next[q] != WriterStep.EXEC) {
            return false;
        }
        Plan plan = plans[q];
        for (int i = pc[q]; i < plan.size(); i++) {
            int code = plan.code(i);
            if (code == Plan.SYNC) {
                return true;
            }
            if (code == Plan.UNLOCK) {
                return false;
            }
        }
        return false;
    }

    /**
     * Closing a link's fd may drop its last reference, and its release then puts the link's prog, with no grace
     * period first when the link is detached by then. Which prog: the one bound to the link's name now, or one an
     * earlier create or update of that name in q's op list binds (counted all, which is safe).
     */
    private void linkCloseDrops(int q, int k, int[] drops) {
        int name = ops[q][k].link;
        int l = s.nameBinding[name];
        if (l != 0) {
            drops[s.linkProg[l]]++;
        }
        for (int j = 0; j < k; j++) {
            TcxOp op = ops[q][j];
            if ((op.kind == OpKind.LINK_CREATE || op.kind == OpKind.LINK_UPDATE) && op.link == name) {
                drops[op.prog]++;
            }
        }
    }

    /** The prog the commit at plan index i will put: the last one marked for release in its bundle. */
    private int markedFor(Plan plan, int from, int i) {
        int b = plan.arg(i, 0);
        for (int k = i - 1; k >= from; k--) {
            if (plan.code(k) == Plan.MARK_RELEASE && plan.arg(k, 0) == b) {
                return plan.arg(k, 1);
            }
        }
        return s.bundleRef[b];
    }

    /** See {@link #quietUntilGracePeriod}: ops from index {@code from} on, none of them planned yet. */
    private boolean laterOpsQuiet(int q, int from, int[] drops) {
        for (int k = from; k < ops[q].length; k++) {
            TcxOp op = ops[q][k];
            switch (op.kind) {
                case ATTACH:
                    if ((op.flags & mprogsim.model.mprog.MprogFlags.REPLACE) != 0) {
                        return false;
                    }
                    break;
                case DETACH:
                case LINK_CREATE:
                case LINK_DETACH:
                case QUERY:
                case CLOSE_PROG:
                case CLOSE_LINK:
                    break;
                default:
                    return false;
            }
            opDrops(op, k == opIdx[q] && next[q] == WriterStep.LOOKUP ? pc[q] : 0, drops);
            if (op.kind == OpKind.CLOSE_LINK) {
                linkCloseDrops(q, k, drops);
            }
        }
        if (from <= opIdx[q] && opIdx[q] < ops[q].length) {
            heldDrops(q, drops);
        }
        drops[0] = 0;
        return true;
    }

    /** The references q's lookups of its current op hold, which a failing later lookup gives back. */
    private void heldDrops(int q, int[] drops) {
        OpContext ctx = contexts[q];
        drops[ctx.prog]++;
        drops[ctx.oldProg]++;
    }

    /**
     * The prog references an op not yet planned may drop without the lock: its lookups from {@code from} on (a
     * failing lookup gives the earlier ones back) and a close's fd.
     */
    private static void opDrops(TcxOp op, int from, int[] drops) {
        if (op.kind == OpKind.CLOSE_PROG) {
            drops[op.prog]++;
        }
        int n = TcxPlanner.lookups(op);
        for (int i = from; i < n; i++) {
            int target = TcxPlanner.lookupTarget(op, i);
            if (target > 0) {
                drops[target]++;
            }
        }
    }

    /** The prog references the current plan drops from action {@code from} on; false if it takes the lock again. */
    private boolean planDrops(int q, int from, int[] drops) {
        Plan plan = plans[q];
        for (int i = Math.max(0, from); i < plan.size(); i++) {
            int code = plan.code(i);
            if (code == Plan.PUT_PROG || code == Plan.CLOSE_PROG_FD) {
                drops[plan.arg(i, 0)]++;
            } else if (code == Plan.UNLOCK || code == Plan.SYNC || code == Plan.PUBLISH) {
                return false;
            }
        }
        return true;
    }

    // ---- moving between ops --------------------------------------------------------------------------------------

    private void startOp(int p) {
        while (true) {
            if (opIdx[p] >= ops[p].length && repeatOps[p] && ops[p].length > 0) {
                opIdx[p] = 0;
            }
            if (opIdx[p] >= ops[p].length) {
                next[p] = WriterStep.DONE;
                return;
            }
            TcxOp op = ops[p][opIdx[p]];
            cur[p] = op;
            curIsRelease[p] = false;
            contexts[p].clear();
            spec.beginOp(p);
            int pre = TcxPlanner.precheck(op);
            if (pre != 0) {
                // Rejected by the syscall layer before touching anything: no step at all.
                queries[p].reset();
                recordResult(p, pre);
                opIdx[p]++;
                continue;
            }
            lookupCount[p] = TcxPlanner.lookups(op);
            pc[p] = 0;
            opFresh[p] = true;
            if (lookupCount[p] > 0) {
                next[p] = WriterStep.LOOKUP;
            } else {
                afterLookups(p);
            }
            return;
        }
    }

    void afterLookups(int p) {
        next[p] = cur[p].kind.locked() && !noLock ? WriterStep.LOCK : WriterStep.PLAN;
    }

    /** Lookup of the current op failed with {@code ret}: its puts run as plan actions, without the lock. */
    void failLookup(int p, int ret) {
        queries[p].reset();
        recordResult(p, ret);
        planners[p].failEarly(cur[p], contexts[p], ret, plans[p]);
        if (!spec.diverged) {
            spec.failEarly(p, cur[p], ret);
        }
        mirrorFrom[p] = 0;
        pc[p] = 0;
        next[p] = WriterStep.EXEC;
        skipNoops(p);
    }

    private void finishOp(int p) {
        if (!spec.diverged && spec.deferredLeft(p) != 0) {
            diverge(p, "the spec's op has " + spec.deferredLeft(p) + " more actions after the lock release");
        }
        int l = pendingLinkRelease[p];
        if (l != 0) {
            // The last reference of a link went in this thread: bpf_link_free runs tcx_link_release here.
            pendingLinkRelease[p] = 0;
            cur[p] = releaseOps[l];
            curIsRelease[p] = true;
            contexts[p].clear();
            spec.beginOp(p);
            pc[p] = 0;
            next[p] = noLock ? WriterStep.PLAN : WriterStep.LOCK;
            return;
        }
        opIdx[p]++;
        startOp(p);
    }

    /** The action that needed a follow-up step is done now. */
    void completeFollowUp(int p) {
        followUpProg[p] = 0;
        if (followUpOf[p] >= 0) {
            nextAction(p, followUpOf[p]);
        } else {
            skipNoops(p);
        }
    }

    void nextAction(int p, int i) {
        mirror(p, i);
        pc[p] = i + 1;
        skipNoops(p);
    }

    /** The spec runs its counterpart of an action the simulated thread made after releasing the lock. */
    private void mirror(int p, int i) {
        if (i >= mirrorFrom[p] && !spec.diverged && !spec.deferred(p)) {
            diverge(p, "the simulated op has more actions after the lock release than the spec's");
        }
    }

    /** Moves past actions that are no step at all (the lock release of a writer that took no lock). */
    private void skipNoops(int p) {
        Plan plan = plans[p];
        while (noLock && pc[p] < plan.size() && plan.code(pc[p]) == Plan.UNLOCK) {
            mirror(p, pc[p]);
            pc[p]++;
        }
        if (pc[p] >= plan.size()) {
            finishOp(p);
        }
    }

    /** The decision under the lock (or a close's one step): the plan, the spec's linearization, the result. */
    void plan(int p) {
        TcxOp op = cur[p];
        Plan plan = plans[p];
        QueryResult q = queries[p];
        planners[p].plan(s, op, contexts[p], plan, q);
        int ret = plan.ret;
        int size = plan.size();
        int unlock = size;
        for (int k = 0; k < size; k++) {
            if (plan.code(k) == Plan.UNLOCK) {
                unlock = k + 1;
                break;
            }
        }
        mirrorFrom[p] = unlock;
        if (!spec.diverged) {
            if (curIsRelease[p]) {
                int expected = spec.pendingRelease();
                if (expected != op.link) {
                    mismatch(p, "the spec releases " + (expected == 0 ? "no link" : names.link(expected))
                            + " here, the simulation " + names.link(op.link));
                }
            }
            int sret = spec.linearize(p, op);
            if (sret != ret) {
                mismatch(p, label(p) + " returned " + Errno.format(ret) + ", the spec gives " + Errno.format(sret));
            } else if (op.kind == OpKind.QUERY && !q.sameAs(spec.queries[p])) {
                mismatch(p, label(p) + " answered " + names.query(q) + ", the spec gives "
                        + names.query(spec.queries[p]));
            }
        }
        if (!curIsRelease[p]) {
            recordResult(p, ret);
        }
        pc[p] = 0;
        next[p] = WriterStep.EXEC;
        if ((op.kind == OpKind.CLOSE_PROG || op.kind == OpKind.CLOSE_LINK) && size > 0) {
            // close() is one syscall step: the fd goes and its reference with it.
            PlanStep.of(plan.code(0)).apply(this, p, plan, 0);
            pc[p] = 1;
            if (next[p] != WriterStep.EXEC) {
                followUpOf[p] = -1;
                return;
            }
        }
        skipNoops(p);
    }

    // ---- references, as the plan actions drop them -------------------------------------------------------------

    /** bpf_prog_put; when it drops the last reference, the release is the thread's next step. */
    void putProg(int p, int q) {
        if (lifetimes.putProg(names.process(p), q)) {
            followUpProg[p] = q;
            next[p] = WriterStep.RELEASE;
        }
    }

    /** The prog's last reference is gone: it is released, and freed now or after a grace period. */
    void release(int p, int q) {
        lifetimes.release(q);
        if (freeImmediate) {
            lifetimes.freeProg(q, names.process(p));
        } else {
            callbacks.queueProg(q);
        }
    }

    /** bpf_link_put; when it drops the last reference, the link's release runs in this thread after the op. */
    void putLink(int p, int l) {
        if (lifetimes.putLink(names.process(p), l)) {
            pendingLinkRelease[p] = l;
        }
    }

    // ---- results and the spec ----------------------------------------------------------------------------------

    private void recordResult(int p, int ret) {
        int k = opIdx[p];
        opRet[p][k] = ret;
        opQuery[p][k].copyFrom(queries[p]);
        opsFinished[p] = k + 1;
        OpExpectation e = expects[p][k];
        if (e == null) {
            return;
        }
        QueryResult q = queries[p];
        int[] links = linkNames(q);
        String why = e.mismatch(ret, cur[p].kind == OpKind.QUERY, q.count, q.revision, q.progs, links, q.filled,
                progName, linkName);
        if (why != null) {
            violations.violate(Invariant.EXPECT_MISMATCH, names.process(p) + " " + label(p) + ": " + why);
        }
    }

    private int[] linkNames(QueryResult q) {
        int[] out = q.filled <= linkNameScratch.length ? linkNameScratch : new int[q.filled];
        for (int i = 0; i < q.filled; i++) {
            int l = q.links[i];
            out[i] = l == 0 ? -1 : s.linkName[l];
        }
        return out;
    }

    void mismatch(int p, String what) {
        spec.mismatch(names.process(p) + ": " + what);
    }

    void diverge(int p, String what) {
        mismatch(p, label(p) + ": " + what);
    }

    /** The result of op {@code k} of thread {@code p} in the last execution, or null when it did not finish. */
    String opResult(int p, int k) {
        if (k >= opsFinished[p]) {
            return null;
        }
        String r = Errno.format(opRet[p][k]);
        if (ops[p][k].kind == OpKind.QUERY) {
            r += " " + names.query(opQuery[p][k]);
        }
        return r;
    }

    String label(int p) {
        if (curIsRelease[p]) {
            return "release of " + names.link(cur[p].link);
        }
        String[] ls = labels[p];
        int k = opIdx[p];
        return k < ls.length && ls[k] != null ? ls[k] : cur[p].kind.jsonName;
    }

    /**
     * A writer's store into the memory of bundle b's entry (the qdisc side's miniq fields): after the free, that
     * is a use after free, whoever makes it.
     */
    void touchEntry(int p, int b, String what) {
        if (lifetimes.freed(b)) {
            violations.violate(Invariant.USE_AFTER_FREE, names.process(p) + " " + label(p) + ": " + what
                    + " stores into bundle " + b + ", already freed");
        }
    }

    /** "(drops the last reference)" when a put of q would. */
    String refNote(int q) {
        return s.progRefcnt[q] == 1 ? " (drops the last reference)" : "";
    }

    void dump(StringBuilder sb) {
        for (int p : processes) {
            sb.append("writer").append(p).append(' ').append(next[p]).append(" op ").append(opIdx[p])
                    .append(curIsRelease[p] ? " release " + cur[p].link : "").append(" pc ").append(pc[p])
                    .append(" lookups ").append(lookupCount[p]).append(" mirror ").append(mirrorFrom[p])
                    .append(" linkrel ").append(pendingLinkRelease[p]).append(" follow ").append(followUpProg[p])
                    .append('/').append(followUpOf[p]).append(" fresh ").append(opFresh[p]).append(" ctx ")
                    .append(contexts[p].prog).append(',').append(contexts[p].link).append(',')
                    .append(contexts[p].oldProg).append(',').append(contexts[p].lookupsDone).append(" done ")
                    .append(opsFinished[p]).append(':');
            for (int k = 0; k < opsFinished[p]; k++) {
                sb.append(opResult(p, k)).append(';');
            }
            sb.append(" plan ");
            dumpPlan(plans[p], sb);
            sb.append('\n');
        }
    }

    static void dumpPlan(Plan plan, StringBuilder sb) {
        sb.append(plan.ret).append('@').append(plan.hook).append('[');
        for (int i = 0; i < plan.size(); i++) {
            sb.append(plan.code(i));
            for (int a = 0; a < Plan.WIDTH - 1; a++) {
                sb.append(',').append(plan.arg(i, a));
            }
            sb.append(' ');
        }
        sb.append(']');
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    /**
     * The most ints a saved plan takes: an op stores, puts and releases per slot of both entries and per link, plus
     * a fixed tail (publish, grace period, commit, revision, frees, unlock); generously bounded.
     */
    static int planInts(TcxState m) {
        return Plan.maxStateInts(8 * m.slots + 4 * (m.linkCapacity + 1) + 32, 4 * (m.slots + 1) + 16);
    }

    private static final WriterStep[] STEPS = WriterStep.values();

    /** The most ints {@link #save} writes; a query answer holds at most {@code maxFilled} progs. */
    int stateInts(int maxFilled) {
        int total = 0;
        for (int p : processes) {
            total += 16 + planInts(s) + ops[p].length * (6 + 2 * maxFilled);
        }
        return total;
    }

    int save(int[] out, int k) {
        for (int p : processes) {
            out[k++] = next[p].ordinal();
            out[k++] = opIdx[p];
            out[k++] = curIsRelease[p] ? cur[p].link : 0;
            out[k++] = pc[p];
            out[k++] = lookupCount[p];
            out[k++] = mirrorFrom[p];
            out[k++] = pendingLinkRelease[p];
            out[k++] = followUpProg[p];
            out[k++] = followUpOf[p];
            out[k++] = opFresh[p] ? 1 : 0;
            OpContext c = contexts[p];
            out[k++] = c.prog;
            out[k++] = c.link;
            out[k++] = c.oldProg;
            out[k++] = c.lookupsDone;
            out[k++] = opsFinished[p];
            for (int i = 0; i < opsFinished[p]; i++) {
                out[k++] = opRet[p][i];
                k = saveQuery(opQuery[p][i], out, k);
            }
            k = plans[p].saveState(out, k);
        }
        return k;
    }

    int restore(int[] in, int k) {
        for (int p : processes) {
            next[p] = STEPS[in[k++]];
            opIdx[p] = in[k++];
            int releaseLink = in[k++];
            curIsRelease[p] = releaseLink != 0;
            if (releaseLink != 0) {
                cur[p] = releaseOps[releaseLink];
            } else if (opIdx[p] < ops[p].length) {
                cur[p] = ops[p][opIdx[p]];
            }
            pc[p] = in[k++];
            lookupCount[p] = in[k++];
            mirrorFrom[p] = in[k++];
            pendingLinkRelease[p] = in[k++];
            followUpProg[p] = in[k++];
            followUpOf[p] = in[k++];
            opFresh[p] = in[k++] != 0;
            OpContext c = contexts[p];
            c.prog = in[k++];
            c.link = in[k++];
            c.oldProg = in[k++];
            c.lookupsDone = in[k++];
            opsFinished[p] = in[k++];
            for (int i = 0; i < opsFinished[p]; i++) {
                opRet[p][i] = in[k++];
                k = restoreQuery(opQuery[p][i], in, k);
            }
            k = plans[p].restoreState(in, k);
        }
        return k;
    }

    private static int saveQuery(QueryResult q, int[] out, int k) {
        out[k++] = q.ret;
        out[k++] = q.count;
        out[k++] = (int) (q.revision >>> 32);
        out[k++] = (int) q.revision;
        out[k++] = q.filled;
        System.arraycopy(q.progs, 0, out, k, q.filled);
        k += q.filled;
        System.arraycopy(q.links, 0, out, k, q.filled);
        return k + q.filled;
    }

    private static int restoreQuery(QueryResult q, int[] in, int k) {
        q.ret = in[k++];
        q.count = in[k++];
        q.revision = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
        int filled = in[k++];
        if (q.progs.length < filled) {
            q.progs = new int[filled];
            q.links = new int[filled];
        }
        q.filled = filled;
        System.arraycopy(in, k, q.progs, 0, filled);
        k += filled;
        System.arraycopy(in, k, q.links, 0, filled);
        return k + filled;
    }

    /** Whether writer p is inside a plan: its plan's actions, where the spec's deferred part starts, its follow-ups. */
    boolean inPlan(int p) {
        WriterStep st = next[p];
        return st == WriterStep.EXEC || st == WriterStep.GP_END || st == WriterStep.PUT || st == WriterStep.RELEASE;
    }

    boolean live(int p) {
        return next[p] != WriterStep.DONE;
    }

    /**
     * The canonical form: what a later step reads. The plan, where the spec's counterpart of its actions starts
     * and the follow-up fields only inside a plan; the lookup context only before the op is done; the op's
     * timed-run flag and the query scratch never. The results of finished ops are read by no check (the
     * expectation is checked as the result is recorded), only by {@code outcome()}: kept when {@code keepOutcome}.
     * Writer p's part only: with writer symmetry the caller places the parts of identical writers in canonical order.
     */
    int canonical(int[] out, int k, int p, boolean keepOutcome) {
        out[k++] = next[p].ordinal();
        out[k++] = opIdx[p];
        out[k++] = curIsRelease[p] ? cur[p].link : 0;
        out[k++] = pc[p];
        out[k++] = pendingLinkRelease[p];
        boolean inPlan = inPlan(p);
        boolean live = live(p);
        OpContext c = contexts[p];
        out[k++] = live ? c.prog : 0;
        out[k++] = live ? c.link : 0;
        out[k++] = live ? c.oldProg : 0;
        out[k++] = live ? c.lookupsDone : 0;
        if (inPlan) {
            out[k++] = mirrorFrom[p];
            out[k++] = followUpProg[p];
            // Which action a follow-up resumes is read only by the follow-up (a put or a release); elsewhere it
            // is left over from an earlier one, and keeping it would tell equal states apart.
            WriterStep st = next[p];
            out[k++] = st == WriterStep.PUT || st == WriterStep.RELEASE ? followUpOf[p] : 0;
            k = plans[p].saveState(out, k);
        } else {
            out[k++] = -1;
        }
        if (keepOutcome) {
            out[k++] = opsFinished[p];
            for (int i = 0; i < opsFinished[p]; i++) {
                out[k++] = opRet[p][i];
                k = saveQuery(opQuery[p][i], out, k);
            }
        }
        return k;
    }
}
