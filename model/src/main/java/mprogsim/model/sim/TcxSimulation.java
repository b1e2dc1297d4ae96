package mprogsim.model.sim;

import java.util.Arrays;
import java.util.List;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.OpContext;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.PlanEffects;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxPlanner;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.timed.TimedProgram;

/**
 * The tcx/bpf_mprog world as a step machine for the engine: writers run the tcx paths one shared-memory access at a
 * time (fd lookups, lock, plan, each slot store, publish, grace-period start and end, commit, puts, unlock), readers
 * walk the published entry inside RCU read-side sections, one RCU callback process per prog and per bundle frees it
 * once call_rcu or kfree_rcu queued it and a grace period has passed, and the invariants of format 1 are checked
 * as the steps run.
 *
 * <p>Every step's footprint names the locations it reads and writes, so that the engine can tell which steps
 * commute. As the engine's contract asks, a process's next footprint depends only on its own state: where the kernel
 * reads something and acts on it in one go (a decision under the lock, an fd lookup by link name), the footprint
 * covers every location the step could touch, and where the outcome decides what comes next (a put that drops the
 * last reference), the consequence is a step of its own. Memory is never reused, so a freed object stays recognisable. All state lives in flat arrays;
 * stepping allocates nothing. For timed runs each step has a kind (its duration comes from the scenario's timing
 * section), and reader passes and writer ops can wait for arrivals.
 */
public final class TcxSimulation implements TimedProgram {
    private static final int K_WRITER = 0;
    private static final int K_READER = 1;
    private static final int K_RCU = 2;

    // Writer phases.
    private static final int W_LOOKUP = 0;
    private static final int W_LOCK = 1;
    private static final int W_PLAN = 2;
    private static final int W_EXEC = 3;
    private static final int W_GP_END = 4;
    private static final int W_DONE = 5;

    // Reader phases.
    private static final int R_ENTER = 0;
    private static final int R_LOAD = 1;
    private static final int R_LOCK = 2;
    private static final int R_UNLOCK = 3;
    private static final int R_COUNT = 4;
    private static final int R_SLOT = 5;
    private static final int R_RUN = 6;
    private static final int R_EXIT = 7;
    private static final int R_DONE = 8;

    // Writer phases that follow an action: the put of the prog a commit found, and the release after a last put.
    private static final int W_PUT = 6;
    private static final int W_RELEASE = 7;

    // RCU callback process phases.
    private static final int C_QUEUED = 3;
    private static final int C_GP_START = 0;
    private static final int C_GP_END = 1;
    private static final int C_INVOKE = 2;

    private static final int CB_PROG = 1;
    private static final int CB_BUNDLE = 2;

    private final SimConfig config;
    private final int n;
    private final int[] kind;
    private final String[] names;
    private final int readers;
    /** The threads of the scenario are processes 0..threads-1; the RCU callback processes follow. */
    private final int threads;

    private final boolean noLock;
    private final boolean readerUsesCount;
    private final boolean readerTakesLock;
    private final boolean freeImmediate;
    private final boolean strict;

    private final TcxState initialState;
    private final TcxState s;
    private final SpecShadow spec;
    private final int[][] initialVersions;

    // ---- writers (and teardown): indexed by process ------------------------------------------------------------
    private final TcxOp[][] ops;
    private final OpExpectation[][] expects;
    private final String[][] labels;
    private final TcxPlanner[] planners;
    private final Plan[] plans;
    private final OpContext[] contexts;
    private final QueryResult[] queries;
    private final TcxOp[] releaseOps;
    private final TcxOp[] cur;
    private final boolean[] curIsRelease;
    private final int[] opIdx;
    private final int[] phase;
    private final int[] pc;
    private final int[] lookupCount;
    /** The first plan action whose spec counterpart was deferred past the lock release. */
    private final int[] mirrorFrom;
    private final int[] pendingLinkRelease;
    /** W_PUT: the prog a commit found in bundle->ref; W_RELEASE: the prog whose last reference just went. */
    private final int[] followUpProg;
    /** The action a follow-up step completes, or -1 for a close (its action ran inside the decision step). */
    private final int[] followUpOf;
    private final long[] gpMask;
    private final int[][] gpPass;
    private final int[][] opRet;
    private final QueryResult[][] opQuery;
    private final int[] opsFinished;
    /** The writer's next step is the first of an op (it waits for the op's arrival in timed runs). */
    private final boolean[] opFresh;
    /** Timed runs: the writer starts its op list again after the last op, until it is retired. */
    private final boolean[] repeatOps;

    // ---- readers: indexed by reader ---------------------------------------------------------------------------
    private final int[] readerProc;
    private final int[] readerOf;
    private final int[] rHook;
    private final int[] rPasses;
    private final int[] rPass;
    private final int[] rPhase;
    private final int[] rEntry;
    private final int[] rSlot;
    private final int[] rProg;
    private final int[] rCount;
    private final boolean[] rInside;
    private final long[] rEnterClock;
    private final int[] rVersionAtEnter;
    private final int[][] rSeen;
    private final int[] rSeenLen;
    private final long[] rObservation;

    // ---- RCU callbacks: one process per object that call_rcu or kfree_rcu can queue ------------------------------
    private final int callbacks;
    private final int[] cbKind;
    private final int[] cbObject;
    /** The callback process of each prog and bundle, -1 when it has none (freed at once, or no reader exists). */
    private final int[] cbOfProg;
    private final int[] cbOfBundle;
    private final boolean[] cbQueued;
    private final int[] cPhase;
    private final long[] cMask;
    private final int[][] cPass;
    private int pendingProgFrees;
    private int pendingBundleFrees;

    // ---- shared -----------------------------------------------------------------------------------------------
    private int lockHolder;
    private long clock;
    private final long[] progReleaseClock;

    // Versions published on each hook: offsets into a pool of (length, progs...).
    private int[][] versionOff;
    private final int[] versionCount;
    /** The oldest version still kept per hook; older ones no reader can be judged against any more. */
    private final int[] versionBase = new int[2];
    private int[] versionPool;
    private int versionPoolUsed;

    private long violations;
    /** The invariants this run reports; the others are still checked and described but do not end executions. */
    private long reported = -1L;
    private String violationDetail;
    private boolean continueAfterViolation;
    private boolean specDiverged;

    public TcxSimulation(SimConfig config) {
        this(config, false);
    }

    /**
     * @param reuseMemory reuse freed bundles and links (long timed runs that create and free them without end); the
     *                    exhaustive strategies never reuse memory, so that every freed object stays recognisable
     */
    public TcxSimulation(SimConfig config, boolean reuseMemory) {
        this.config = config;
        List<SimThread> threads = config.threads();
        int rc = 0;
        for (SimThread t : threads) {
            if (t.kind() == SimThread.Kind.READER) {
                rc++;
            }
        }
        this.readers = rc;
        this.threads = threads.size();
        int variants = config.variants();
        int attachLike = 0;
        int linkCreates = 0;
        int totalOps = 0;
        for (SimThread t : threads) {
            for (TcxOp op : t.ops()) {
                totalOps++;
                if (op.kind == OpKind.ATTACH || op.kind == OpKind.LINK_CREATE) {
                    attachLike++;
                }
                if (op.kind == OpKind.LINK_CREATE) {
                    linkCreates++;
                }
            }
        }
        int linkCapacity = linkCreates + 1 + (reuseMemory ? 8 : 0);
        // Without reuse, every bundle a run can create has its own number: two for the initial lists, one per attach.
        int bundleCapacity = 2 + attachLike + (reuseMemory ? 16 : 0);
        // With no reader, a grace period ends as it starts: call_rcu and kfree_rcu free at once.
        boolean deferred = rc > 0;
        int progCallbacks = deferred && !config.progFreeImmediate() ? config.progs() : 0;
        this.callbacks = deferred ? progCallbacks + bundleCapacity : 0;
        this.n = this.threads + callbacks;
        if (n > 64) {
            throw new IllegalArgumentException("the scenario needs " + n + " processes (" + this.threads
                    + " threads and an RCU callback for each of " + progCallbacks + " progs and " + bundleCapacity
                    + " bundles); at most 64 are supported");
        }
        noLock = Variant.NO_WRITER_LOCK.in(variants);
        readerUsesCount = Variant.READER_USES_COUNT.in(variants);
        readerTakesLock = Variant.READER_TAKES_LOCK.in(variants);
        freeImmediate = config.progFreeImmediate();
        strict = config.strictReleaseCheck();

        kind = new int[n];
        names = new String[n];
        ops = new TcxOp[n][];
        expects = new OpExpectation[n][];
        labels = new String[n][];
        readerProc = new int[readers];
        readerOf = new int[n];
        Arrays.fill(readerOf, -1);
        rHook = new int[readers];
        rPasses = new int[readers];
        int r = 0;
        for (int p = 0; p < this.threads; p++) {
            SimThread t = threads.get(p);
            names[p] = t.name();
            ops[p] = t.ops();
            expects[p] = t.expects();
            labels[p] = t.labels();
            if (t.kind() == SimThread.Kind.READER) {
                kind[p] = K_READER;
                readerProc[r] = p;
                readerOf[p] = r;
                rHook[r] = t.hook();
                rPasses[r] = t.passes();
                r++;
            } else {
                kind[p] = K_WRITER;
            }
        }
        cbKind = new int[callbacks];
        cbObject = new int[callbacks];
        cbOfProg = new int[config.progs() + 1];
        cbOfBundle = new int[bundleCapacity];
        Arrays.fill(cbOfProg, -1);
        Arrays.fill(cbOfBundle, -1);
        for (int c = 0; c < callbacks; c++) {
            int p = this.threads + c;
            kind[p] = K_RCU;
            ops[p] = new TcxOp[0];
            expects[p] = new OpExpectation[0];
            labels[p] = new String[0];
            if (c < progCallbacks) {
                cbKind[c] = CB_PROG;
                cbObject[c] = c + 1;
                cbOfProg[c + 1] = c;
                names[p] = "rcu:" + progName(c + 1);
            } else {
                cbKind[c] = CB_BUNDLE;
                cbObject[c] = c - progCallbacks;
                cbOfBundle[c - progCallbacks] = c;
                names[p] = "rcu:bundle" + (c - progCallbacks);
            }
        }
        cbQueued = new boolean[callbacks];
        cPhase = new int[callbacks];
        cMask = new long[callbacks];
        cPass = new int[callbacks][readers];

        int linkNames = Math.max(1, config.linkNames().length);
        TcxState init = new TcxState(config.maxProgs(), config.progTypes(), linkNames, linkCapacity, bundleCapacity,
                reuseMemory);
        SequentialTcx setup = new SequentialTcx(init, 0);
        for (int h = 0; h < 2; h++) {
            for (int prog : config.initial()[h]) {
                int ret = setup.run(TcxOp.attach(h, prog, 0, 0, 0, 0));
                if (ret != 0) {
                    throw new IllegalArgumentException("initial attach of " + progName(prog) + " fails with "
                            + Errno.format(ret));
                }
            }
        }
        initialState = init;
        s = init.copy();
        spec = new SpecShadow(init, n);
        initialVersions = new int[2][];
        for (int h = 0; h < 2; h++) {
            initialVersions[h] = init.entryProgs(init.hookEntry[h]);
        }

        planners = new TcxPlanner[n];
        plans = new Plan[n];
        contexts = new OpContext[n];
        queries = new QueryResult[n];
        cur = new TcxOp[n];
        curIsRelease = new boolean[n];
        opIdx = new int[n];
        phase = new int[n];
        pc = new int[n];
        lookupCount = new int[n];
        mirrorFrom = new int[n];
        pendingLinkRelease = new int[n];
        followUpProg = new int[n];
        followUpOf = new int[n];
        gpMask = new long[n];
        gpPass = new int[n][readers];
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
        releaseOps = new TcxOp[linkCapacity + 1];
        for (int l = 1; l <= linkCapacity; l++) {
            releaseOps[l] = TcxOp.linkRelease(l);
        }

        rPass = new int[readers];
        rPhase = new int[readers];
        rEntry = new int[readers];
        rSlot = new int[readers];
        rProg = new int[readers];
        rCount = new int[readers];
        rInside = new boolean[readers];
        rEnterClock = new long[readers];
        rVersionAtEnter = new int[readers];
        rSeen = new int[readers][s.slots + 2];
        rSeenLen = new int[readers];
        rObservation = new long[readers];

        progReleaseClock = new long[config.progs() + 1];
        versionCount = new int[2];
        int versionCapacity = 2 * totalOps + 8;
        versionOff = new int[2][versionCapacity];
        versionPool = new int[64];
        reset();
    }

    // ---- Program: identity -------------------------------------------------------------------------------------

    @Override
    public int processes() {
        return n;
    }

    @Override
    public String processName(int p) {
        return names[p];
    }

    @Override
    public int maxFootprint() {
        return 24 + readers;
    }

    @Override
    public void continueAfterViolation(boolean on) {
        continueAfterViolation = on;
    }

    @Override
    public long violations() {
        return violations & reported;
    }

    /**
     * Restricts what {@link #violations} and {@link #finish} report to {@code mask}: a run that looks for one
     * invariant keeps exploring past executions that break only others.
     */
    public void reportOnly(long mask) {
        reported = mask;
    }

    /** Every invariant broken so far in this execution, reported or not. */
    public long allViolations() {
        return violations;
    }

    @Override
    public String violationName(int bit) {
        return Invariant.nameOfBit(bit);
    }

    @Override
    public String violationDetail() {
        return violationDetail == null ? "" : violationDetail;
    }

    public SimConfig config() {
        return config;
    }

    // ---- reset -------------------------------------------------------------------------------------------------

    @Override
    public void reset() {
        s.copyFrom(initialState);
        spec.reset();
        specDiverged = false;
        violations = 0;
        violationDetail = null;
        lockHolder = -1;
        clock = 0;
        Arrays.fill(progReleaseClock, -1);
        Arrays.fill(cbQueued, false);
        Arrays.fill(cPhase, C_QUEUED);
        Arrays.fill(cMask, 0);
        pendingProgFrees = 0;
        pendingBundleFrees = 0;
        versionPoolUsed = 0;
        for (int h = 0; h < 2; h++) {
            versionCount[h] = 0;
            versionBase[h] = 0;
            addVersion(h, initialVersions[h], initialVersions[h].length);
        }
        for (int r = 0; r < readers; r++) {
            rPass[r] = 0;
            rPhase[r] = rPasses[r] > 0 ? R_ENTER : R_DONE;
            rInside[r] = false;
            rSeenLen[r] = 0;
            rObservation[r] = 0;
            if (rPhase[r] == R_DONE) {
            }
        }
        for (int p = 0; p < threads; p++) {
            if (kind[p] != K_WRITER) {
                continue;
            }
            opIdx[p] = 0;
            opsFinished[p] = 0;
            pendingLinkRelease[p] = 0;
            followUpProg[p] = 0;
            gpMask[p] = 0;
            startOp(p);
        }
    }

    // ---- status ------------------------------------------------------------------------------------------------

    @Override
    public int status(int p) {
        switch (kind[p]) {
            case K_WRITER -> {
                return switch (phase[p]) {
                    case W_DONE -> DONE;
                    case W_LOCK -> lockHolder < 0 ? ENABLED : BLOCKED;
                    case W_GP_END -> graceOver(gpMask[p], gpPass[p]) ? ENABLED : BLOCKED;
                    default -> ENABLED;
                };
            }
            case K_READER -> {
                int ph = rPhase[readerOf[p]];
                if (ph == R_DONE) {
                    return DONE;
                }
                return ph == R_LOCK && lockHolder >= 0 ? BLOCKED : ENABLED;
            }
            default -> {
                // A callback process waits for its object to be queued; it never finishes, as memory may be reused.
                int c = p - threads;
                return switch (cPhase[c]) {
                    case C_QUEUED -> cbQueued[c] ? ENABLED : BLOCKED;
                    case C_GP_END -> graceOver(cMask[c], cPass[c]) ? ENABLED : BLOCKED;
                    default -> ENABLED;
                };
            }
        }
    }

    /** Whether every reader inside at the grace period's start has left that critical section. */
    private boolean graceOver(long mask, int[] pass) {
        long m = mask;
        while (m != 0) {
            int r = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            if (rPass[r] <= pass[r]) {
                return false;
            }
        }
        return true;
    }

    private long snapshotReaders(int[] pass) {
        long mask = 0;
        for (int r = 0; r < readers; r++) {
            if (rInside[r]) {
                mask |= 1L << r;
                pass[r] = rPass[r];
            }
        }
        return mask;
    }

    // ---- writers: moving between ops ---------------------------------------------------------------------------

    private void startOp(int p) {
        while (true) {
            if (opIdx[p] >= ops[p].length && repeatOps[p] && ops[p].length > 0) {
                opIdx[p] = 0;
            }
            if (opIdx[p] >= ops[p].length) {
                phase[p] = W_DONE;
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
                phase[p] = W_LOOKUP;
            } else {
                afterLookups(p);
            }
            return;
        }
    }

    private void afterLookups(int p) {
        phase[p] = cur[p].kind.locked() && !noLock ? W_LOCK : W_PLAN;
    }

    private void finishOp(int p) {
        if (!specDiverged && spec.deferredLeft(p) != 0) {
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
            phase[p] = noLock ? W_PLAN : W_LOCK;
            return;
        }
        opIdx[p]++;
        startOp(p);
    }

    // ---- step --------------------------------------------------------------------------------------------------

    @Override
    public void step(int p) {
        clock++;
        switch (kind[p]) {
            case K_WRITER -> stepWriter(p);
            case K_READER -> stepReader(readerOf[p]);
            default -> stepCallback(p - threads);
        }
    }

    private void stepWriter(int p) {
        opFresh[p] = false;
        switch (phase[p]) {
            case W_LOOKUP -> {
                int i = pc[p];
                TcxOp op = cur[p];
                int ret = planners[p].lookup(s, op, i, contexts[p]);
                if (!specDiverged) {
                    int sret = spec.lookup(p, op, i);
                    if (sret != ret) {
                        mismatch(p, "lookup " + i + " returned " + Errno.format(ret) + ", the spec gives "
                                + Errno.format(sret));
                    }
                }
                if (ret != 0) {
                    queries[p].reset();
                    recordResult(p, ret);
                    planners[p].failEarly(op, contexts[p], ret, plans[p]);
                    if (!specDiverged) {
                        spec.failEarly(p, op, ret);
                    }
                    mirrorFrom[p] = 0;
                    pc[p] = 0;
                    phase[p] = W_EXEC;
                    skipNoops(p);
                    return;
                }
                pc[p] = i + 1;
                if (pc[p] == lookupCount[p]) {
                    afterLookups(p);
                }
            }
            case W_LOCK -> {
                lockHolder = p;
                phase[p] = W_PLAN;
            }
            case W_PLAN -> stepPlan(p);
            case W_EXEC -> {
                Plan plan = plans[p];
                int i = pc[p];
                if (plan.code(i) == Plan.SYNC) {
                    gpMask[p] = snapshotReaders(gpPass[p]);
                    phase[p] = W_GP_END;
                    return;
                }
                execute(p, plan, i);
                if (phase[p] == W_EXEC) {
                    nextAction(p, i);
                } else {
                    followUpOf[p] = i;
                }
            }
            case W_GP_END -> {
                phase[p] = W_EXEC;
                nextAction(p, pc[p]);
            }
            case W_PUT -> {
                phase[p] = W_EXEC;
                putProg(p, followUpProg[p]);
                if (phase[p] == W_EXEC) {
                    completeFollowUp(p);
                }
            }
            case W_RELEASE -> {
                release(p, followUpProg[p]);
                phase[p] = W_EXEC;
                completeFollowUp(p);
            }
            default -> throw new IllegalStateException(names[p] + " has finished");
        }
    }

    /** The action that needed a follow-up step is done now. */
    private void completeFollowUp(int p) {
        followUpProg[p] = 0;
        if (followUpOf[p] >= 0) {
            nextAction(p, followUpOf[p]);
        } else {
            skipNoops(p);
        }
    }

    private void nextAction(int p, int i) {
        mirror(p, i);
        pc[p] = i + 1;
        skipNoops(p);
    }

    /** The spec runs its counterpart of an action the simulated thread made after releasing the lock. */
    private void mirror(int p, int i) {
        if (i >= mirrorFrom[p] && !specDiverged && !spec.deferred(p)) {
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

    private void stepPlan(int p) {
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
        if (!specDiverged) {
            if (curIsRelease[p]) {
                int expected = spec.pendingRelease();
                if (expected != op.link) {
                    mismatch(p, "the spec releases " + (expected == 0 ? "no link" : linkLabel(expected))
                            + " here, the simulation " + linkLabel(op.link));
                }
            }
            int sret = spec.linearize(p, op);
            if (sret != ret) {
                mismatch(p, label(p) + " returned " + Errno.format(ret) + ", the spec gives " + Errno.format(sret));
            } else if (op.kind == OpKind.QUERY && !q.sameAs(spec.queries[p])) {
                mismatch(p, label(p) + " answered " + describeQuery(q) + ", the spec gives "
                        + describeQuery(spec.queries[p]));
            }
        }
        if (!curIsRelease[p]) {
            recordResult(p, ret);
        }
        pc[p] = 0;
        phase[p] = W_EXEC;
        if ((op.kind == OpKind.CLOSE_PROG || op.kind == OpKind.CLOSE_LINK) && size > 0) {
            // close() is one syscall step: the fd goes and its reference with it.
            execute(p, plan, 0);
            pc[p] = 1;
            if (phase[p] != W_EXEC) {
                followUpOf[p] = -1;
                return;
            }
        }
        skipNoops(p);
    }

    /** Executes plan action {@code i} on the simulated memory (grace periods are handled by the caller). */
    private void execute(int p, Plan plan, int i) {
        int code = plan.code(i);
        switch (code) {
            case Plan.UNLOCK -> {
                if (!noLock) {
                    lockHolder = -1;
                }
            }
            case Plan.PUBLISH -> {
                PlanEffects.applyStore(s, plan, i);
                int off = plan.arg(i, 4);
                addVersion(plan.arg(i, 0), plan, off);
            }
            case Plan.SLOT_PUBLISH -> {
                PlanEffects.applyStore(s, plan, i);
                addVersion(plan.hook, plan, plan.arg(i, 4));
            }
            case Plan.PUT_PROG -> putProg(p, plan.arg(i, 0));
            case Plan.COMMIT_RELEASE -> {
                // bpf_mprog_complete_release reads bundle->ref; its put is the next step.
                int b = plan.arg(i, 0);
                int q = s.bundleRef[b];
                if (q != 0) {
                    s.bundleRef[b] = 0;
                    followUpProg[p] = q;
                    phase[p] = W_PUT;
                }
            }
            case Plan.FREE_BUNDLE -> {
                int b = plan.arg(i, 0);
                if (plan.arg(i, 1) != 0) {
                    s.bundleLife[b] = TcxState.FREE_PENDING;
                    enqueue(CB_BUNDLE, b);
                } else {
                    freeBundle(b, names[p]);
                }
            }
            case Plan.PUT_LINK -> putLink(p, plan.arg(i, 0));
            case Plan.LINK_SETTLE -> {
                PlanEffects.applyStore(s, plan, i);
                if (!specDiverged && !spec.settle(p)) {
                    diverge(p, "the simulated op settles a link the spec's does not");
                }
            }
            case Plan.FREE_LINK -> {
                int l = plan.arg(i, 0);
                if (s.linkRefcnt[l] != 0) {
                    violate(Invariant.REFCOUNT, names[p] + " frees " + linkLabel(l) + " with reference count "
                            + s.linkRefcnt[l]);
                }
                s.linkLife[l] = TcxState.FREED;
            }
            case Plan.CLOSE_PROG_FD -> {
                int q = plan.arg(i, 0);
                s.progFd[q] = false;
                putProg(p, q);
            }
            case Plan.CLOSE_LINK_FD -> {
                int l = plan.arg(i, 0);
                s.linkFd[l] = false;
                putLink(p, l);
            }
            default -> {
                if (!PlanEffects.applyStore(s, plan, i)) {
                    throw new IllegalStateException("unhandled action " + Plan.codeName(code));
                }
            }
        }
    }

    /** bpf_prog_put's decrement; when it drops the last reference, the release is the thread's next step. */
    private void putProg(int p, int q) {
        int r = --s.progRefcnt[q];
        if (r < 0) {
            violate(Invariant.REFCOUNT, names[p] + " drops a reference of " + progName(q)
                    + " it does not hold (count " + r + ")");
            return;
        }
        if (r == 0) {
            followUpProg[p] = q;
            phase[p] = W_RELEASE;
        }
    }

    /** The prog's last reference is gone: it is released, and freed now or after a grace period. */
    private void release(int p, int q) {
        s.progLife[q] = TcxState.RELEASED;
        progReleaseClock[q] = clock;
        if (freeImmediate) {
            freeProg(q, names[p]);
        } else {
            enqueue(CB_PROG, q);
        }
    }

    private void putLink(int p, int l) {
        int r = --s.linkRefcnt[l];
        if (r < 0) {
            violate(Invariant.REFCOUNT, names[p] + " drops a reference of " + linkLabel(l)
                    + " it does not hold (count " + r + ")");
            return;
        }
        if (r == 0) {
            s.linkLife[l] = TcxState.RELEASED;
            pendingLinkRelease[p] = l;
        }
    }

    private void freeProg(int q, String by) {
        if (s.progRefcnt[q] > 0) {
            violate(Invariant.REFCOUNT, by + " frees " + progName(q) + " while it still has " + s.progRefcnt[q]
                    + " references");
        }
        s.progLife[q] = TcxState.FREED;
    }

    private void freeBundle(int b, String by) {
        for (int h = 0; h < 2; h++) {
            int e = s.hookEntry[h];
            if (e != TcxState.NULL_ENTRY && TcxState.bundleOf(e) == b) {
                violate(Invariant.REFCOUNT, by + " frees bundle " + b + " while " + hookName(h) + " still points to it");
            }
        }
        s.bundleLife[b] = TcxState.FREED;
    }

    /** call_rcu / kfree_rcu: the object's callback process may start its grace period from now on. */
    private void enqueue(int what, int object) {
        int c = what == CB_PROG ? cbOfProg[object] : cbOfBundle[object];
        if (c < 0) {
            // No reader exists, so the grace period is over as soon as it starts.
            if (what == CB_PROG) {
                freeProg(object, "rcu");
            } else {
                freeBundle(object, "rcu");
            }
            return;
        }
        if (what == CB_PROG) {
            pendingProgFrees++;
        } else {
            pendingBundleFrees++;
        }
        cbQueued[c] = true;
    }

    // ---- readers -----------------------------------------------------------------------------------------------

    private void stepReader(int r) {
        int p = readerProc[r];
        switch (rPhase[r]) {
            case R_ENTER -> {
                rInside[r] = true;
                rEnterClock[r] = clock;
                rVersionAtEnter[r] = versionCount[rHook[r]] - 1;
                rSeenLen[r] = 0;
                rPhase[r] = R_LOAD;
            }
            case R_LOAD -> {
                int e = s.hookEntry[rHook[r]];
                rEntry[r] = e;
                rSlot[r] = 0;
                if (e == TcxState.NULL_ENTRY) {
                    rPhase[r] = R_EXIT;
                } else {
                    rPhase[r] = readerTakesLock ? R_LOCK : readerUsesCount ? R_COUNT : R_SLOT;
                }
            }
            case R_LOCK -> {
                lockHolder = p;
                rPhase[r] = R_UNLOCK;
            }
            case R_UNLOCK -> {
                lockHolder = -1;
                rPhase[r] = readerUsesCount ? R_COUNT : R_SLOT;
            }
            case R_COUNT -> {
                int b = TcxState.bundleOf(rEntry[r]);
                if (s.bundleLife[b] == TcxState.FREED) {
                    violate(Invariant.USE_AFTER_FREE, names[p] + " reads the count of bundle " + b
                            + ", already freed");
                }
                rCount[r] = s.bundleCount[b];
                rPhase[r] = rCount[r] > 0 ? R_SLOT : R_EXIT;
            }
            case R_SLOT -> {
                int e = rEntry[r];
                int i = rSlot[r];
                if (i >= s.slots) {
                    violate(Invariant.WILD_ACCESS, names[p] + " reads slot " + i + " of an entry with " + s.slots
                            + " slots (no NULL terminator in reach)");
                    rPhase[r] = R_EXIT;
                    return;
                }
                if (s.bundleLife[TcxState.bundleOf(e)] == TcxState.FREED) {
                    violate(Invariant.USE_AFTER_FREE, names[p] + " reads slot " + i + " of " + entryName(e)
                            + ", whose bundle is already freed");
                }
                int q = s.fp[s.fpIndex(e, i)];
                rProg[r] = q;
                rPhase[r] = q != 0 || readerUsesCount ? R_RUN : R_EXIT;
            }
            case R_RUN -> {
                int q = rProg[r];
                if (q == 0) {
                    violate(Invariant.WILD_ACCESS, names[p] + " runs the NULL prog of slot " + rSlot[r]);
                } else {
                    runProg(r, p, q);
                }
                int next = ++rSlot[r];
                rPhase[r] = readerUsesCount && next >= rCount[r] ? R_EXIT : R_SLOT;
            }
            case R_EXIT -> {
                rInside[r] = false;
                checkSnapshot(r, p);
                long h = rObservation[r] * 1_000_003L + rSeenLen[r];
                for (int k = 0; k < rSeenLen[r]; k++) {
                    h = h * 31 + rSeen[r][k];
                }
                rObservation[r] = h;
                rPass[r]++;
                if (rPass[r] < rPasses[r]) {
                    rPhase[r] = R_ENTER;
                } else {
                    rPhase[r] = R_DONE;
                }
            }
            default -> throw new IllegalStateException(names[p] + " has finished");
        }
    }

    private void runProg(int r, int p, int q) {
        int life = s.progLife[q];
        if (life == TcxState.FREED) {
            violate(Invariant.USE_AFTER_FREE, names[p] + " runs " + progName(q) + ", already freed");
        } else if (life == TcxState.RELEASED) {
            if (strict) {
                violate(Invariant.USE_AFTER_RELEASE, names[p] + " runs " + progName(q)
                        + " after its last reference was dropped (strict release check)");
            } else if (progReleaseClock[q] < rEnterClock[r]) {
                violate(Invariant.USE_AFTER_RELEASE, names[p] + " runs " + progName(q)
                        + ", whose last reference was dropped before the reader entered its critical section");
            }
        }
        if (rSeenLen[r] < rSeen[r].length) {
            rSeen[r][rSeenLen[r]++] = q;
        }
    }

    /** The pass must have seen exactly the list of one version current while it was inside. */
    private void checkSnapshot(int r, int p) {
        int h = rHook[r];
        int last = versionCount[h] - 1;
        int[] seen = rSeen[r];
        int len = rSeenLen[r];
        for (int v = rVersionAtEnter[r]; v <= last; v++) {
            int off = versionOff[h][v - versionBase[h]];
            if (versionPool[off] != len) {
                continue;
            }
            boolean same = true;
            for (int k = 0; k < len; k++) {
                if (versionPool[off + 1 + k] != seen[k]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return;
            }
        }
        StringBuilder sb = new StringBuilder(names[p]).append(" saw ").append(progList(seen, len))
                .append(" on ").append(hookName(h)).append("; the versions current while it was inside:");
        for (int v = rVersionAtEnter[r]; v <= last; v++) {
            int off = versionOff[h][v - versionBase[h]];
            sb.append(' ').append(progList(versionPool, off + 1, versionPool[off]));
        }
        violate(Invariant.TORN_SNAPSHOT, sb.toString());
    }

    // ---- RCU callbacks -----------------------------------------------------------------------------------------

    private void stepCallback(int c) {
        switch (cPhase[c]) {
            case C_QUEUED -> cPhase[c] = C_GP_START;
            case C_GP_START -> {
                cMask[c] = snapshotReaders(cPass[c]);
                cPhase[c] = C_GP_END;
            }
            case C_GP_END -> cPhase[c] = C_INVOKE;
            default -> {
                cbQueued[c] = false;
                if (cbKind[c] == CB_PROG) {
                    pendingProgFrees--;
                    freeProg(cbObject[c], names[threads + c]);
                } else {
                    pendingBundleFrees--;
                    freeBundle(cbObject[c], names[threads + c]);
                }
                cPhase[c] = C_QUEUED;
            }
        }
    }

    // ---- versions ----------------------------------------------------------------------------------------------

    private void addVersion(int h, int[] progs, int len) {
        int off = reserveVersion(h, len);
        System.arraycopy(progs, 0, versionPool, off + 1, len);
    }

    private void addVersion(int h, Plan plan, int listOff) {
        int len = plan.listLength(listOff);
        int off = reserveVersion(h, len);
        for (int k = 0; k < len; k++) {
            versionPool[off + 1 + k] = plan.listItem(listOff, k);
        }
    }

    private int reserveVersion(int h, int len) {
        if (versionPoolUsed + len + 1 > versionPool.length && versionPoolUsed > VERSION_COMPACT_AT) {
            compactVersions();
        }
        if (versionCount[h] - versionBase[h] == versionOff[h].length) {
            versionOff[h] = Arrays.copyOf(versionOff[h], versionOff[h].length * 2);
        }
        if (versionPoolUsed + len + 1 > versionPool.length) {
            versionPool = Arrays.copyOf(versionPool, Math.max(versionPool.length * 2, versionPoolUsed + len + 1));
        }
        int off = versionPoolUsed;
        versionPool[off] = len;
        versionPoolUsed += len + 1;
        versionOff[h][versionCount[h]++ - versionBase[h]] = off;
        return off;
    }

    private static final int VERSION_COMPACT_AT = 1 << 16;

    /** Long timed runs: drops the versions older than what any reader inside could still be judged against. */
    private void compactVersions() {
        int[] pool = new int[versionPool.length];
        int used = 0;
        for (int h = 0; h < 2; h++) {
            int keep = versionCount[h] - 1;
            for (int r = 0; r < readers; r++) {
                if (rInside[r] && rHook[r] == h) {
                    keep = Math.min(keep, rVersionAtEnter[r]);
                }
            }
            int[] offs = new int[Math.max(16, versionOff[h].length)];
            for (int v = keep; v < versionCount[h]; v++) {
                int off = versionOff[h][v - versionBase[h]];
                int len = versionPool[off] + 1;
                System.arraycopy(versionPool, off, pool, used, len);
                offs[v - keep] = used;
                used += len;
            }
            versionOff[h] = offs;
            versionBase[h] = keep;
        }
        versionPool = pool;
        versionPoolUsed = used;
    }

    // ---- results, expectations, violations ----------------------------------------------------------------------

    private void recordResult(int p, int ret) {
        int k = opIdx[p];
        opRet[p][k] = ret;
        opQuery[p][k].copyFrom(queries[p]);
        opsFinished[p] = k + 1;
        OpExpectation e = expects[p][k];
        if (e == null) {
            return;
        }
        String why = expectationMismatch(e, ret, cur[p].kind == OpKind.QUERY ? queries[p] : null);
        if (why != null) {
            violate(Invariant.EXPECT_MISMATCH, names[p] + " " + label(p) + ": " + why);
        }
    }

    private String expectationMismatch(OpExpectation e, int ret, QueryResult q) {
        if (e.ret() != null && e.ret() != ret) {
            return "expected ret " + Errno.format(e.ret()) + ", got " + Errno.format(ret);
        }
        if (q == null) {
            return null;
        }
        if (e.count() != null && e.count() != q.count) {
            return "expected count " + e.count() + ", got " + q.count;
        }
        if (e.revision() != null && e.revision() != q.revision) {
            return "expected revision " + e.revision() + ", got " + q.revision;
        }
        if (e.progIds() != null) {
            boolean same = e.progIds().length == q.filled;
            for (int i = 0; same && i < q.filled; i++) {
                same = e.progIds()[i] == q.progs[i];
            }
            if (!same) {
                return "expected prog_ids " + progList(e.progIds(), e.progIds().length) + ", got "
                        + progList(q.progs, q.filled);
            }
        }
        if (e.linkIds() != null) {
            boolean same = e.linkIds().length == q.filled;
            for (int i = 0; same && i < q.filled; i++) {
                int l = q.links[i];
                int name = l == 0 ? -1 : s.linkName[l];
                same = e.linkIds()[i] == name;
            }
            if (!same) {
                return "expected link_ids " + linkNameList(e.linkIds()) + ", got " + linkIdList(q);
            }
        }
        return null;
    }

    private void mismatch(int p, String what) {
        violate(Invariant.SEQUENTIAL_MISMATCH, names[p] + ": " + what);
        specDiverged = true;
    }

    private void diverge(int p, String what) {
        mismatch(p, label(p) + ": " + what);
    }

    private void violate(Invariant inv, String detail) {
        if ((violations & inv.bit()) == 0) {
            String line = inv.jsonName + ": " + detail;
            violationDetail = violationDetail == null ? line : violationDetail + "\n" + line;
        }
        violations |= inv.bit();
    }

    // ---- finish: the end of an execution -----------------------------------------------------------------------

    @Override
    public long finish() {
        StringBuilder stuck = null;
        for (int p = 0; p < n; p++) {
            boolean waiting = p < threads ? status(p) != DONE
                    : cbQueued[p - threads] || cPhase[p - threads] != C_QUEUED;
            if (waiting) {
                if (stuck == null) {
                    stuck = new StringBuilder();
                } else {
                    stuck.append(", ");
                }
                stuck.append(names[p]).append(" (").append(describeNextStep(p)).append(')');
            }
        }
        if (stuck != null) {
            violate(Invariant.DEADLOCK, "no thread can move; still waiting: " + stuck);
            return violations & reported;
        }
        checkReferences();
        if (!specDiverged) {
            compareWithSpec();
        }
        return violations & reported;
    }

    /** At the end, every count must equal what still refers to the object, and nothing unreferenced may live. */
    private void checkReferences() {
        TcxState st = s;
        for (int q = 1; q <= config.progs(); q++) {
            int refs = st.progFd[q] ? 1 : 0;
            for (int h = 0; h < 2; h++) {
                int e = st.hookEntry[h];
                if (e == TcxState.NULL_ENTRY) {
                    continue;
                }
                int b = TcxState.bundleOf(e);
                for (int i = 0; i < st.bundleCount[b] && i < st.slots; i++) {
                    if (st.fp[st.fpIndex(e, i)] == q && st.cp[st.cpIndex(b, i)] == 0) {
                        refs++;
                    }
                }
            }
            for (int l = 1; l <= st.linksCreated; l++) {
                if (st.linkLife[l] == TcxState.LIVE && st.linkProg[l] == q) {
                    refs++;
                }
            }
            if (st.progRefcnt[q] != refs) {
                violate(Invariant.REFCOUNT, progName(q) + " ends with reference count " + st.progRefcnt[q] + " but "
                        + refs + " references to it remain");
            } else if (refs == 0 && st.progLife[q] != TcxState.FREED) {
                violate(Invariant.REFCOUNT, progName(q) + " is referenced by nothing but was never freed");
            }
        }
        for (int l = 1; l <= st.linksCreated; l++) {
            if (st.linkLife[l] == TcxState.LIVE && st.linkRefcnt[l] != (st.linkFd[l] ? 1 : 0)) {
                violate(Invariant.REFCOUNT, linkLabel(l) + " ends with reference count " + st.linkRefcnt[l]);
            } else if (st.linkLife[l] == TcxState.RELEASED) {
                violate(Invariant.REFCOUNT, linkLabel(l) + " lost its last reference but was never freed");
            }
        }
        for (int b = 0; b < st.bundlesUsed; b++) {
            boolean referenced = false;
            for (int h = 0; h < 2; h++) {
                int e = st.hookEntry[h];
                referenced |= e != TcxState.NULL_ENTRY && TcxState.bundleOf(e) == b;
            }
            if (!referenced && st.bundleLife[b] != TcxState.FREED) {
                violate(Invariant.REFCOUNT, "bundle " + b + " is referenced by no hook but was never freed");
            }
        }
    }

    private void compareWithSpec() {
        TcxState sp = spec.seq.state;
        for (int h = 0; h < 2; h++) {
            String mine = s.hookSummary(h);
            String theirs = sp.hookSummary(h);
            if (!mine.equals(theirs)) {
                violate(Invariant.SEQUENTIAL_MISMATCH, hookName(h) + " ends as " + hookText(s, h)
                        + ", the spec gives " + hookText(sp, h));
            }
        }
        for (int q = 1; q <= config.progs(); q++) {
            if (s.progRefcnt[q] != sp.progRefcnt[q] || s.progFd[q] != sp.progFd[q]
                    || (s.progLife[q] == TcxState.LIVE) != (sp.progLife[q] == TcxState.LIVE)) {
                violate(Invariant.SEQUENTIAL_MISMATCH, progName(q) + " ends with " + s.progRefcnt[q]
                        + " references, the spec gives " + sp.progRefcnt[q]);
            }
        }
    }

    // ---- footprints --------------------------------------------------------------------------------------------
    //
    // A footprint is computed from the process's own state only (its op, plan, context, reader registers, snapshot):
    // another process's step never changes it. Where the kernel would look at shared state to know what it touches
    // (the hook's current entry, a link name's current binding), the footprint covers all of it.

    @Override
    public int footprint(int p, long[] out, int off) {
        return switch (kind[p]) {
            case K_WRITER -> writerFootprint(p, out, off) - off;
            case K_READER -> readerFootprint(readerOf[p], out, off) - off;
            default -> callbackFootprint(p - threads, out, off) - off;
        };
    }

    private long fp(int mode, int entry, int slot) {
        return Footprint.of(Loc.FP * 4096, entry * s.slots + slot, mode);
    }

    private long cp(int mode, int bundle, int slot) {
        return Footprint.of(Loc.CP * 4096, bundle * s.slots + slot, mode);
    }

    private int writerFootprint(int p, long[] out, int k) {
        switch (phase[p]) {
            case W_LOOKUP -> {
                int target = TcxPlanner.lookupTarget(cur[p], pc[p]);
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
            case W_LOCK -> {
                out[k++] = Loc.acquire(Loc.LOCK, 0);
                return k;
            }
            case W_PLAN -> {
                return planFootprint(p, out, k);
            }
            case W_EXEC -> {
                return actionFootprint(plans[p], pc[p], out, k);
            }
            case W_GP_END -> {
                return graceEndFootprint(gpMask[p], gpPass[p], out, k);
            }
            case W_PUT -> {
                out[k++] = Loc.write(Loc.PROG_REF, followUpProg[p]);
                return k;
            }
            case W_RELEASE -> {
                return releaseFootprint(followUpProg[p], out, k);
            }
            default -> {
                return k;
            }
        }
    }

    private int graceEndFootprint(long mask, int[] pass, long[] out, int k) {
        long m = mask;
        while (m != 0) {
            int r = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            out[k++] = Loc.await(Loc.RCU_EXIT, r, pass[r] % 0xffff);
        }
        return k;
    }

    private static int graceStartFootprint(long[] out, int k) {
        out[k++] = Loc.read(Loc.RCU_CS, Footprint.ALL);
        return k;
    }

    /** Everything a decision under the lock may read of the control plane: any entry, bundle and slot. */
    private static int controlPlaneRead(long[] out, int k) {
        out[k++] = Loc.read(Loc.DEVICE, 0);
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

    private int planFootprint(int p, long[] out, int k) {
        TcxOp op = cur[p];
        switch (op.kind) {
            case ATTACH, LINK_CREATE -> {
                k = controlPlaneRead(out, k);
                out[k++] = Loc.read(Loc.HOOK, op.hook);
                out[k++] = Loc.write(Loc.BUNDLE_ALLOC, 0);
                if (op.kind == OpKind.LINK_CREATE) {
                    out[k++] = Loc.write(Loc.LINK_ALLOC, 0);
                }
                if ((op.flags & mprogsim.model.mprog.MprogFlags.REPLACE) != 0 && op.replace != 0) {
                    out[k++] = Loc.read(Loc.PROG_FD, op.replace);
                    out[k++] = Loc.write(Loc.PROG_REF, op.replace);
                }
                k = relativeRead(op.relative, out, k);
            }
            case DETACH -> {
                k = controlPlaneRead(out, k);
                out[k++] = Loc.read(Loc.HOOK, op.hook);
                k = relativeRead(op.relative, out, k);
            }
            case QUERY -> {
                k = controlPlaneRead(out, k);
                out[k++] = Loc.read(Loc.HOOK, op.hook);
            }
            case LINK_UPDATE -> {
                // The link's hook and current prog decide which entry and which id it names.
                k = controlPlaneRead(out, k);
                out[k++] = Loc.read(Loc.HOOK, Footprint.ALL);
                out[k++] = Loc.read(Loc.LINK, contexts[p].link);
                out[k++] = Loc.read(Loc.PROG_REF, Footprint.ALL);
            }
            case LINK_DETACH, LINK_RELEASE -> {
                int l = op.kind == OpKind.LINK_RELEASE ? op.link : contexts[p].link;
                k = controlPlaneRead(out, k);
                out[k++] = Loc.read(Loc.HOOK, Footprint.ALL);
                out[k++] = Loc.read(Loc.LINK, l);
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
            case TEARDOWN -> {
                k = controlPlaneRead(out, k);
                out[k++] = Loc.read(Loc.HOOK, Footprint.ALL);
            }
            default -> throw new IllegalStateException(op.kind.toString());
        }
        return k;
    }

    private int actionFootprint(Plan plan, int i, long[] out, int k) {
        switch (plan.code(i)) {
            case Plan.SLOT_STORE, Plan.SLOT_PUBLISH -> {
                int e = plan.arg(i, 0);
                int slot = plan.arg(i, 1);
                out[k++] = fp(Footprint.WRITE, e, slot);
                out[k++] = cp(Footprint.WRITE, TcxState.bundleOf(e), slot);
                if (plan.code(i) == Plan.SLOT_PUBLISH) {
                    out[k++] = Loc.write(Loc.VERSION, plan.hook);
                }
            }
            case Plan.COUNT_STORE -> out[k++] = Loc.write(Loc.COUNT, plan.arg(i, 0));
            case Plan.MARK_RELEASE, Plan.REVISION_BUMP, Plan.COMMIT_RELEASE ->
                    out[k++] = Loc.write(Loc.BUNDLE, plan.arg(i, 0));
            case Plan.PUBLISH -> {
                out[k++] = Loc.write(Loc.HOOK, plan.arg(i, 0));
                out[k++] = Loc.write(Loc.VERSION, plan.arg(i, 0));
            }
            case Plan.SYNC -> k = graceStartFootprint(out, k);
            case Plan.PUT_PROG -> out[k++] = Loc.write(Loc.PROG_REF, plan.arg(i, 0));
            case Plan.FREE_BUNDLE -> {
                int b = plan.arg(i, 0);
                if (plan.arg(i, 1) != 0) {
                    out[k++] = Loc.write(Loc.BUNDLE, b);
                    k = enqueueFootprint(CB_BUNDLE, b, out, k);
                } else {
                    k = freeBundleFootprint(b, out, k);
                }
            }
            case Plan.LINK_DEV, Plan.LINK_PROG -> out[k++] = Loc.write(Loc.LINK, plan.arg(i, 0));
            case Plan.LINK_SETTLE -> {
                int l = plan.arg(i, 0);
                out[k++] = Loc.write(Loc.LINK, l);
                out[k++] = Loc.write(Loc.LINK_NAME, plan.arg(i, 1));
                out[k++] = Loc.write(Loc.LINK_FD, l);
            }
            case Plan.PUT_LINK -> k = putLinkFootprint(plan.arg(i, 0), out, k);
            case Plan.FREE_LINK -> {
                int l = plan.arg(i, 0);
                out[k++] = Loc.write(Loc.LINK, l);
                out[k++] = Loc.read(Loc.LINK_REF, l);
            }
            case Plan.UNREGISTER_DEVICE -> out[k++] = Loc.write(Loc.DEVICE, 0);
            case Plan.UNLOCK -> {
                if (!noLock) {
                    out[k++] = Loc.write(Loc.LOCK, 0);
                }
            }
            case Plan.CLOSE_PROG_FD -> {
                int q = plan.arg(i, 0);
                out[k++] = Loc.write(Loc.PROG_FD, q);
                out[k++] = Loc.write(Loc.PROG_REF, q);
            }
            case Plan.CLOSE_LINK_FD -> {
                int l = plan.arg(i, 0);
                out[k++] = Loc.write(Loc.LINK_FD, l);
                k = putLinkFootprint(l, out, k);
            }
            default -> throw new IllegalStateException("no footprint for " + Plan.codeName(plan.code(i)));
        }
        return k;
    }

    /**
     * The release of a prog whose last reference just went: which readers are inside decides use_after_release, so
     * the release observes them; then the free, now or queued for its callback process.
     */
    private int releaseFootprint(int q, long[] out, int k) {
        out[k++] = Loc.write(Loc.PROG_MEM, q);
        out[k++] = Loc.read(Loc.RCU_CS, Footprint.ALL);
        if (freeImmediate) {
            out[k++] = Loc.read(Loc.PROG_REF, q);
        } else {
            k = enqueueFootprint(CB_PROG, q, out, k);
        }
        return k;
    }

    /** call_rcu of an object: what its callback process waits for (written once per object's lifetime). */
    private int enqueueFootprint(int what, int object, long[] out, int k) {
        int c = what == CB_PROG ? cbOfProg[object] : cbOfBundle[object];
        if (c >= 0) {
            out[k++] = Loc.write(Loc.RCU_QUEUE, c);
        } else if (what == CB_PROG) {
            out[k++] = Loc.read(Loc.PROG_REF, object);
        } else {
            k = freeBundleFootprint(object, out, k);
        }
        return k;
    }

    private static int putLinkFootprint(int l, long[] out, int k) {
        out[k++] = Loc.write(Loc.LINK_REF, l);
        out[k++] = Loc.write(Loc.LINK, l);
        return k;
    }

    private static int freeBundleFootprint(int b, long[] out, int k) {
        out[k++] = Loc.write(Loc.BUNDLE_MEM, b);
        out[k++] = Loc.write(Loc.BUNDLE, b);
        out[k++] = Loc.read(Loc.HOOK, Footprint.ALL);
        return k;
    }

    private int readerFootprint(int r, long[] out, int k) {
        int h = rHook[r];
        switch (rPhase[r]) {
            case R_ENTER -> {
                out[k++] = Loc.write(Loc.RCU_CS, r);
                out[k++] = Loc.read(Loc.VERSION, h);
            }
            case R_LOAD -> out[k++] = Loc.read(Loc.HOOK, h);
            case R_LOCK -> out[k++] = Loc.acquire(Loc.LOCK, 0);
            case R_UNLOCK -> out[k++] = Loc.write(Loc.LOCK, 0);
            case R_COUNT -> {
                int b = TcxState.bundleOf(rEntry[r]);
                out[k++] = Loc.read(Loc.COUNT, b);
                out[k++] = Loc.read(Loc.BUNDLE_MEM, b);
            }
            case R_SLOT -> {
                int e = rEntry[r];
                // A slot past the array's end is still a read of this entry's memory.
                out[k++] = fp(Footprint.READ, e, Math.min(rSlot[r], s.slots - 1));
                out[k++] = Loc.read(Loc.BUNDLE_MEM, TcxState.bundleOf(e));
            }
            case R_RUN -> out[k++] = Loc.read(Loc.PROG_MEM, rProg[r]);
            case R_EXIT -> {
                out[k++] = Loc.write(Loc.RCU_CS, r);
                out[k++] = Loc.write(Loc.RCU_EXIT, r, rPass[r] % 0xffff);
                out[k++] = Loc.read(Loc.VERSION, h);
            }
            default -> {
            }
        }
        return k;
    }

    private int callbackFootprint(int c, long[] out, int k) {
        switch (cPhase[c]) {
            // The wait is a step of its own: the grace period's start, with its reads of every reader, comes after.
            case C_QUEUED -> out[k++] = Loc.await(Loc.RCU_QUEUE, 0, c);
            case C_GP_START -> k = graceStartFootprint(out, k);
            case C_GP_END -> k = graceEndFootprint(cMask[c], cPass[c], out, k);
            default -> {
                int obj = cbObject[c];
                if (cbKind[c] == CB_PROG) {
                    out[k++] = Loc.write(Loc.PROG_MEM, obj);
                    out[k++] = Loc.read(Loc.PROG_REF, obj);
                } else {
                    k = freeBundleFootprint(obj, out, k);
                }
            }
        }
        return k;
    }

    // ---- timed runs -------------------------------------------------------------------------------------------

    private static final String[] STEP_KINDS = {"lookup", "lock", "plan", "slot_write", "publish", "gp_start",
        "grace_period", "refcount", "free", "unlock", "rcu_read_lock", "entry_load", "slot_read", "prog_run",
        "rcu_read_unlock", "callback", "other"};
    private static final int SK_LOOKUP = 0;
    private static final int SK_LOCK = 1;
    private static final int SK_PLAN = 2;
    private static final int SK_SLOT_WRITE = 3;
    private static final int SK_PUBLISH = 4;
    private static final int SK_GP_START = 5;
    private static final int SK_GRACE_PERIOD = 6;
    private static final int SK_REFCOUNT = 7;
    private static final int SK_FREE = 8;
    private static final int SK_UNLOCK = 9;
    private static final int SK_READ_LOCK = 10;
    private static final int SK_ENTRY_LOAD = 11;
    private static final int SK_SLOT_READ = 12;
    private static final int SK_PROG_RUN = 13;
    private static final int SK_READ_UNLOCK = 14;
    private static final int SK_CALLBACK = 15;
    private static final int SK_OTHER = 16;

    private static final String[] SPANS = {"reader_pass", "synchronize_rcu", "writer_lock_hold"};
    private static final long OPEN_PASS = 1L;
    private static final long CLOSE_PASS = 1L << 1;
    private static final long OPEN_SYNC = 1L << 2;
    private static final long CLOSE_SYNC = 1L << 3;
    private static final long OPEN_HOLD = 1L << 4;
    private static final long CLOSE_HOLD = 1L << 5;

    private static final String[] GAUGES = {"pending_prog_frees", "pending_bundle_frees"};

    /** The step kinds, for the scenario's timing section; each names a duration. */
    public static String[] stepKindNames() {
        return STEP_KINDS.clone();
    }

    @Override
    public String[] stepKinds() {
        return STEP_KINDS;
    }

    @Override
    public int stepKind(int p) {
        switch (kind[p]) {
            case K_WRITER -> {
                return switch (phase[p]) {
                    case W_LOOKUP -> SK_LOOKUP;
                    case W_LOCK -> SK_LOCK;
                    case W_PLAN -> SK_PLAN;
                    case W_GP_END -> SK_GRACE_PERIOD;
                    case W_PUT, W_RELEASE -> SK_REFCOUNT;
                    case W_EXEC -> actionKind(plans[p].code(pc[p]));
                    default -> SK_OTHER;
                };
            }
            case K_READER -> {
                return switch (rPhase[readerOf[p]]) {
                    case R_ENTER -> SK_READ_LOCK;
                    case R_LOAD -> SK_ENTRY_LOAD;
                    case R_LOCK -> SK_LOCK;
                    case R_UNLOCK -> SK_UNLOCK;
                    case R_COUNT, R_SLOT -> SK_SLOT_READ;
                    case R_RUN -> SK_PROG_RUN;
                    case R_EXIT -> SK_READ_UNLOCK;
                    default -> SK_OTHER;
                };
            }
            default -> {
                return switch (cPhase[p - threads]) {
                    case C_QUEUED, C_GP_START -> SK_GP_START;
                    case C_GP_END -> SK_GRACE_PERIOD;
                    default -> SK_CALLBACK;
                };
            }
        }
    }

    private static int actionKind(int code) {
        return switch (code) {
            case Plan.SLOT_STORE, Plan.SLOT_PUBLISH, Plan.COUNT_STORE, Plan.MARK_RELEASE, Plan.REVISION_BUMP ->
                    SK_SLOT_WRITE;
            case Plan.PUBLISH -> SK_PUBLISH;
            case Plan.SYNC -> SK_GP_START;
            case Plan.PUT_PROG, Plan.COMMIT_RELEASE, Plan.PUT_LINK, Plan.CLOSE_PROG_FD, Plan.CLOSE_LINK_FD ->
                    SK_REFCOUNT;
            case Plan.FREE_BUNDLE, Plan.FREE_LINK -> SK_FREE;
            case Plan.UNLOCK -> SK_UNLOCK;
            default -> SK_OTHER;
        };
    }

    @Override
    public boolean startsArrival(int p) {
        return switch (kind[p]) {
            case K_WRITER -> opFresh[p] && phase[p] != W_DONE;
            case K_READER -> rPhase[readerOf[p]] == R_ENTER;
            default -> false;
        };
    }

    @Override
    public void retire(int p) {
        if (kind[p] == K_READER && rPhase[readerOf[p]] == R_ENTER) {
            rPhase[readerOf[p]] = R_DONE;
        } else if (kind[p] == K_WRITER && opFresh[p] && phase[p] != W_DONE) {
            phase[p] = W_DONE;
        }
    }

    /** Timed runs: a writer that starts its op list over after the last op, until its arrivals end. */
    public void repeatOps(int p, boolean on) {
        repeatOps[p] = on;
    }

    /** Timed runs: how many passes reader thread {@code p} makes (a stream ends at its horizon instead). */
    public void setPasses(int p, int passes) {
        rPasses[readerOf[p]] = passes;
    }

    @Override
    public String[] spanNames() {
        return SPANS;
    }

    @Override
    public long spanMarks(int p) {
        switch (kind[p]) {
            case K_WRITER -> {
                return switch (phase[p]) {
                    case W_LOCK -> OPEN_HOLD;
                    case W_GP_END -> CLOSE_SYNC;
                    case W_EXEC -> switch (plans[p].code(pc[p])) {
                        case Plan.SYNC -> OPEN_SYNC;
                        case Plan.UNLOCK -> noLock ? 0 : CLOSE_HOLD;
                        default -> 0;
                    };
                    default -> 0;
                };
            }
            case K_READER -> {
                return switch (rPhase[readerOf[p]]) {
                    case R_ENTER -> OPEN_PASS;
                    case R_EXIT -> CLOSE_PASS;
                    default -> 0;
                };
            }
            default -> {
                return 0;
            }
        }
    }

    @Override
    public String[] gaugeNames() {
        return GAUGES;
    }

    @Override
    public long gauge(int i) {
        return i == 0 ? pendingProgFrees : pendingBundleFrees;
    }

    // ---- descriptions (traces and reports; not on the hot path) ------------------------------------------------

    @Override
    public String describeNextStep(int p) {
        return switch (kind[p]) {
            case K_WRITER -> describeWriter(p);
            case K_READER -> describeReader(readerOf[p]);
            default -> describeCallback(p - threads);
        };
    }

    private String describeWriter(int p) {
        TcxOp op = cur[p];
        switch (phase[p]) {
            case W_DONE -> {
                return "done";
            }
            case W_LOOKUP -> {
                int target = TcxPlanner.lookupTarget(op, pc[p]);
                String what = target > 0 ? progName(target) : linkNameOf(-1 - target);
                return label(p) + ": fd lookup of " + what;
            }
            case W_LOCK -> {
                return label(p) + ": rtnl_lock" + (lockHolder >= 0 ? " (held by " + names[lockHolder] + ")" : "");
            }
            case W_PLAN -> {
                return label(p) + ": " + (op.kind.locked() ? "bpf_mprog decision under the lock" : "close the fd");
            }
            case W_GP_END -> {
                return label(p) + ": synchronize_rcu waits for " + readerSet(gpMask[p], gpPass[p]);
            }
            case W_PUT -> {
                return label(p) + ": bpf_prog_put(" + progName(followUpProg[p]) + ")" + refNote(followUpProg[p]);
            }
            case W_RELEASE -> {
                return label(p) + ": " + progName(followUpProg[p]) + " released: last reference gone"
                        + (freeImmediate ? ", freed at once" : ", call_rcu");
            }
            default -> {
                return label(p) + ": " + describeAction(plans[p], pc[p]);
            }
        }
    }

    private String describeAction(Plan plan, int i) {
        int a = plan.arg(i, 0);
        return switch (plan.code(i)) {
            case Plan.SLOT_STORE -> "store " + entryName(a) + "[" + plan.arg(i, 1) + "] = " + progOrNull(plan.arg(i, 2));
            case Plan.SLOT_PUBLISH -> "WRITE_ONCE " + entryName(a) + "[" + plan.arg(i, 1) + "] = "
                    + progOrNull(plan.arg(i, 2)) + " (in place)";
            case Plan.COUNT_STORE -> "bundle " + a + " count = " + plan.arg(i, 1);
            case Plan.MARK_RELEASE -> "mark " + progName(plan.arg(i, 1)) + " for release";
            case Plan.PUBLISH -> "rcu_assign_pointer(" + hookName(a) + ", "
                    + (plan.arg(i, 1) == TcxState.NULL_ENTRY ? "NULL" : entryName(plan.arg(i, 1))) + ")";
            case Plan.SYNC -> "synchronize_rcu: grace period starts";
            case Plan.COMMIT_RELEASE -> "bpf_mprog_commit: complete release"
                    + (s.bundleRef[a] != 0 ? " (finds " + progName(s.bundleRef[a]) + ")" : " (nothing marked)");
            case Plan.REVISION_BUMP -> "bpf_mprog_commit: revision " + s.bundleRevision[a] + " -> "
                    + (s.bundleRevision[a] + 1);
            case Plan.PUT_PROG -> "bpf_prog_put(" + progName(a) + ")" + refNote(a);
            case Plan.FREE_BUNDLE -> (plan.arg(i, 1) != 0 ? "kfree_rcu" : "kfree") + "(bundle " + a + ")";
            case Plan.LINK_DEV -> linkLabel(a) + "->dev = " + (plan.arg(i, 1) != 0 ? "dev" : "NULL");
            case Plan.LINK_PROG -> "xchg(" + linkLabel(a) + "->prog, " + progName(plan.arg(i, 1)) + ")";
            case Plan.LINK_SETTLE -> "bpf_link_settle(" + linkNameOf(plan.arg(i, 1)) + ")";
            case Plan.PUT_LINK -> "bpf_link_put(" + linkLabel(a) + ")";
            case Plan.UNREGISTER_DEVICE -> "unlist the device";
            case Plan.UNLOCK -> "rtnl_unlock";
            case Plan.FREE_LINK -> "free " + linkLabel(a);
            case Plan.CLOSE_PROG_FD -> "close fd of " + progName(a);
            case Plan.CLOSE_LINK_FD -> "close fd of " + linkLabel(a);
            default -> Plan.codeName(plan.code(i));
        };
    }

    private String refNote(int q) {
        return s.progRefcnt[q] == 1 ? " (drops the last reference)" : "";
    }

    private String describeReader(int r) {
        int h = rHook[r];
        String pass = "pass " + (rPass[r] + 1) + ": ";
        return switch (rPhase[r]) {
            case R_ENTER -> pass + "rcu_read_lock";
            case R_LOAD -> pass + "load " + hookName(h) + " -> "
                    + (s.hookEntry[h] == TcxState.NULL_ENTRY ? "NULL" : entryName(s.hookEntry[h]));
            case R_LOCK -> pass + "rtnl_lock" + (lockHolder >= 0 ? " (held by " + names[lockHolder] + ")" : "");
            case R_UNLOCK -> pass + "rtnl_unlock";
            case R_COUNT -> pass + "read count of bundle " + TcxState.bundleOf(rEntry[r]) + " -> "
                    + s.bundleCount[TcxState.bundleOf(rEntry[r])];
            case R_SLOT -> pass + "READ_ONCE " + entryName(rEntry[r]) + "[" + rSlot[r] + "] -> "
                    + (rSlot[r] < s.slots ? progOrNull(s.fp[s.fpIndex(rEntry[r], rSlot[r])]) : "out of bounds");
            case R_RUN -> pass + "run " + progOrNull(rProg[r]);
            case R_EXIT -> pass + "rcu_read_unlock, saw " + progList(rSeen[r], rSeenLen[r]);
            default -> "done";
        };
    }

    private String describeCallback(int c) {
        String what = cbKind[c] == CB_PROG ? progName(cbObject[c]) : "bundle " + cbObject[c];
        return switch (cPhase[c]) {
            case C_QUEUED -> cbQueued[c] ? "takes the queued callback freeing " + what : "idle (nothing queued)";
            case C_GP_START -> "grace period starts for the callback freeing " + what;
            case C_GP_END -> "grace period for " + what + " waits for " + readerSet(cMask[c], cPass[c]);
            default -> "callback frees " + what;
        };
    }

    private String readerSet(long mask, int[] pass) {
        if (mask == 0) {
            return "no reader";
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < readers; r++) {
            if ((mask & (1L << r)) != 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(names[readerProc[r]]).append(" pass ").append(pass[r] + 1);
            }
        }
        return sb.toString();
    }

    private String label(int p) {
        if (curIsRelease[p]) {
            return "release of " + linkLabel(cur[p].link);
        }
        String[] ls = labels[p];
        int k = opIdx[p];
        return k < ls.length && ls[k] != null ? ls[k] : cur[p].kind.jsonName;
    }

    private String progName(int q) {
        String[] pn = config.progNames();
        return q > 0 && q < pn.length ? pn[q] : "prog#" + q;
    }

    private String progOrNull(int q) {
        return q == 0 ? "NULL" : progName(q);
    }

    private String linkNameOf(int name) {
        String[] ln = config.linkNames();
        return name >= 0 && name < ln.length ? ln[name] : "link#" + name;
    }

    private String linkLabel(int l) {
        return l > 0 && l < s.linkName.length ? linkNameOf(s.linkName[l]) : "link#" + l;
    }

    private static String hookName(int h) {
        return h == TcxState.EGRESS ? "egress" : "ingress";
    }

    private static String entryName(int e) {
        return "bundle" + TcxState.bundleOf(e) + "." + ((e & 1) == 0 ? "a" : "b");
    }

    private String progList(int[] a, int len) {
        return progList(a, 0, len);
    }

    private String progList(int[] a, int off, int len) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(progOrNull(a[off + i]));
        }
        return sb.append(']').toString();
    }

    private String linkNameList(int[] names) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i] < 0 ? "null" : linkNameOf(names[i]));
        }
        return sb.append(']').toString();
    }

    private String linkIdList(QueryResult q) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < q.filled; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(q.links[i] == 0 ? "null" : linkLabel(q.links[i]));
        }
        return sb.append(']').toString();
    }

    private String describeQuery(QueryResult q) {
        return "ret " + Errno.format(q.ret) + ", count " + q.count + ", revision " + q.revision + ", prog_ids "
                + progList(q.progs, q.filled);
    }

    private String hookText(TcxState st, int h) {
        int e = st.hookEntry[h];
        if (e == TcxState.NULL_ENTRY) {
            return "empty";
        }
        int b = TcxState.bundleOf(e);
        int total = Math.min(st.bundleCount[b], st.slots);
        int[] progs = new int[total];
        for (int i = 0; i < total; i++) {
            progs[i] = st.fp[st.fpIndex(e, i)];
        }
        return progList(progs, total) + " revision " + st.bundleRevision[b];
    }

    // ---- outcomes ----------------------------------------------------------------------------------------------

    /** The result of op {@code k} of thread {@code p} in the last execution, or null when it did not finish. */
    public String opResult(int p, int k) {
        if (k >= opsFinished[p]) {
            return null;
        }
        String r = Errno.format(opRet[p][k]);
        if (ops[p][k].kind == OpKind.QUERY) {
            r += " " + describeQuery(opQuery[p][k]);
        }
        return r;
    }

    @Override
    public String outcome() {
        StringBuilder sb = new StringBuilder();
        for (int h = 0; h < 2; h++) {
            sb.append(hookName(h)).append('=').append(s.hookSummary(h)).append(';');
        }
        for (int q = 1; q <= config.progs(); q++) {
            sb.append(progName(q)).append(':').append(s.progRefcnt[q]).append('/').append(s.progLife[q])
                    .append(s.progFd[q] ? "f" : "").append(';');
        }
        for (int l = 1; l <= s.linksCreated; l++) {
            sb.append(linkLabel(l)).append(':').append(s.linkRefcnt[l]).append('/').append(s.linkLife[l])
                    .append(';');
        }
        for (int p = 0; p < threads; p++) {
            if (kind[p] == K_WRITER) {
                sb.append(names[p]).append('[');
                for (int k = 0; k < ops[p].length; k++) {
                    sb.append(opResult(p, k)).append(',');
                }
                sb.append(']');
            } else {
                int r = readerOf[p];
                sb.append(names[p]).append('#').append(Long.toHexString(rObservation[r])).append('/')
                        .append(rPass[r]);
            }
            sb.append(';');
        }
        sb.append("violations=").append(Invariant.names(violations));
        return sb.toString();
    }
}
