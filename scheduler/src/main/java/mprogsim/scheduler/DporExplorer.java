package mprogsim.scheduler;

import java.util.Arrays;

/**
 * Optimal dynamic partial-order reduction (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014): sleep sets plus wakeup
 * trees, so that each Mazurkiewicz trace of the program (under the dependency its footprints define) is explored
 * once. Stateless: every execution replays its prefix from the initial state.
 *
 * <p>Races are found from each location's access history: a step races with the last conflicting accesses of other
 * processes that are not already ordered before it through anything else. Two kinds of order are never reversed:
 * a {@link Footprint#WAIT} read and the write that enabled it, and a lock release and the next acquire (an acquire
 * races with the previous holder's acquire instead).
 */
public final class DporExplorer implements Explorer {
    private int n;
    private Program program;

    // The current execution.
    private int len;
    private int[] evProc = new int[256];
    private int[] evFpOff = new int[256];
    private int[] evFpLen = new int[256];
    private long[] evFp = new long[4096];
    private int evFpUsed;
    private int[] clock = new int[256 * 8];     // clock[i * n + q]: 1 + index of q's last event hb-before-or-at i
    private int[] procLast;                     // index of each process's last event, -1 none

    // Per depth: sleep set, its members' footprints, and the wakeup tree root.
    private long[] sleep = new long[256];
    private long[][] sleepFp = new long[256][];
    private int[] sleepFpUsed = new int[256];
    private int[] wutRoot = new int[256];

    private final LocationTable locations = new LocationTable();
    private final WakeupTree tree = new WakeupTree();

    // Races found in the new part of the current execution: (earlier, later) event indices.
    private int[] raceA = new int[64];
    private int[] raceB = new int[64];
    private int races;

    private long[] scratchFp = new long[64];
    private int[] candidates = new int[64];
    private int[] deps = new int[64];
    private int[] vBuf = new int[256];
    private int[] vWork = new int[256];

    /** Steps whose footprint differed from the one a wakeup tree recorded for them (a model bug if nonzero). */
    public long footprintMismatches;
    /** Wakeup-tree steps found not enabled when replayed (a dependency the footprints missed, if nonzero). */
    public long infeasible;

    @Override
    public String name() {
        return "dpor";
    }

    @Override
    public ExplorationResult explore(Program program, Budget budget, ExecutionListener listener) {
        this.program = program;
        this.n = program.processes();
        if (n > 64) {
            throw new IllegalArgumentException("exhaustive exploration supports at most 64 processes, this program has "
                    + n);
        }
        ExplorationResult r = new ExplorationResult();
        r.strategy = name();
        long start = System.nanoTime();
        long deadline = budget.deadlineNanos(start);
        procLast = new int[n];
        scratchFp = new long[Math.max(64, program.maxFootprint() * 2)];
        tree.reset();
        footprintMismatches = 0;
        infeasible = 0;

        program.reset();
        resetExecution();
        ensureDepth(1);
        wutRoot[0] = tree.newRoot();
        sleep[0] = 0;
        sleepFpUsed[0] = 0;
        int divergence = 0;
        int depth = 0;
        boolean done = false;
        while (!done) {
            // Forward: extend the execution from `depth` until nothing can move.
            long violations = 0;
            boolean maximal = true;
            while (true) {
                ensureDepth(depth + 1);
                int root = wutRoot[depth];
                int child = tree.firstChild[root];
                int p;
                if (child != WakeupTree.NIL) {
                    p = tree.proc[child];
                    if (program.status(p) != Program.ENABLED) {
                        infeasible++;
                        tree.removeFirstChild(root);
                        continue;
                    }
                } else {
                    p = -1;
                    long asleep = sleep[depth];
                    boolean any = false;
                    for (int q = 0; q < n; q++) {
                        if (program.status(q) == Program.ENABLED) {
                            any = true;
                            if ((asleep & (1L << q)) == 0) {
                                p = q;
                                break;
                            }
                        }
                    }
                    if (p < 0) {
                        if (any) {
                            maximal = false;
                            r.sleepBlocked++;
                        }
                        break;
                    }
                    int len0 = program.footprint(p, scratchFp, 0);
                    child = tree.newNode(p, scratchFp, 0, len0);
                    tree.appendChild(root, child);
                }
                int fl = program.footprint(p, scratchFp, 0);
                if (!sameFootprint(child, fl)) {
                    footprintMismatches++;
                }
                // The sleep set of the next node: sleepers whose next step commutes with this one.
                long next = 0;
                int nextUsed = 0;
                long[] sf = sleepFp[depth];
                int used = sleepFpUsed[depth];
                long[] nf = sleepFp[depth + 1];
                for (int k = 0; k < used; ) {
                    int q = (int) sf[k];
                    int ql = (int) sf[k + 1];
                    if ((sleep[depth] & (1L << q)) != 0 && q != p
                            && !Footprint.conflict(sf, k + 2, ql, scratchFp, 0, fl)) {
                        next |= 1L << q;
                        if (nextUsed + 2 + ql > nf.length) {
                            nf = sleepFp[depth + 1] = Arrays.copyOf(nf, Math.max(nf.length * 2, nextUsed + 2 + ql));
                        }
                        System.arraycopy(sf, k, nf, nextUsed, 2 + ql);
                        nextUsed += 2 + ql;
                    }
                    k += 2 + ql;
                }
                sleep[depth + 1] = next;
                sleepFpUsed[depth + 1] = nextUsed;
                record(p, scratchFp, fl, depth >= divergence);
                program.step(p);
                r.steps++;
                wutRoot[depth + 1] = child;
                if (tree.isLeaf(child)) {
                    tree.leafOnArrival[child] = true;
                }
                depth++;
                violations = program.violations();
                if (violations != 0 && budget.stopOnViolation()) {
                    maximal = false;
                    break;
                }
            }
            if (maximal) {
                violations = program.finish();
            }
            r.executions++;
            listener.executionEnded(program, evProc, len, violations, maximal);
            if (violations != 0 && r.violation == 0) {
                r.violation = violations;
                r.violatingSchedule = Arrays.copyOf(evProc, len);
                r.violationExecution = r.executions;
                r.violationNanos = System.nanoTime() - start;
                if (budget.stopOnViolation()) {
                    r.stopReason = "violation";
                    break;
                }
            }
            processRaces();

            // Backtrack: the deepest node whose wakeup tree still has something to explore.
            int d = depth - 1;
            while (d >= 0) {
                int root = wutRoot[d];
                int explored = tree.firstChild[root];
                addToSleep(d, evProc[d], evFpOff[d], evFpLen[d]);
                tree.removeFirstChild(root);
                if (explored != wutRoot[d + 1]) {
                    throw new IllegalStateException("wakeup tree out of step at depth " + d);
                }
                if (tree.firstChild[root] != WakeupTree.NIL) {
                    break;
                }
                d--;
            }
            if (d < 0) {
                done = true;
                r.complete = true;
                break;
            }
            if (r.executions >= budget.maxExecutions()) {
                r.stopReason = "execution limit";
                break;
            }
            if ((r.executions & 15) == 0 && System.nanoTime() > deadline) {
                r.stopReason = "time limit";
                break;
            }
            // Replay the prefix up to d and rebuild the access history for it.
            replayTo(d);
            r.steps += d;
            depth = d;
            divergence = d;
            if ((r.executions & 1023) == 0) {
                tree.compactIfNeeded(1, new int[] {wutRoot[0]});
            }
        }
        r.elapsedNanos = System.nanoTime() - start;
        this.program = null;
        return r;
    }

    private boolean sameFootprint(int node, int len) {
        if (tree.fpLen[node] != len) {
            return false;
        }
        int off = tree.fpOff[node];
        for (int i = 0; i < len; i++) {
            if (tree.fp[off + i] != scratchFp[i]) {
                return false;
            }
        }
        return true;
    }

    private void addToSleep(int d, int p, int off, int fl) {
        sleep[d] |= 1L << p;
        long[] sf = sleepFp[d];
        int used = sleepFpUsed[d];
        if (used + 2 + fl > sf.length) {
            sf = sleepFp[d] = Arrays.copyOf(sf, Math.max(sf.length * 2, used + 2 + fl));
        }
        sf[used] = p;
        sf[used + 1] = fl;
        System.arraycopy(evFp, off, sf, used + 2, fl);
        sleepFpUsed[d] = used + 2 + fl;
    }

    private void ensureDepth(int d) {
        if (d + 1 >= sleep.length) {
            int c = sleep.length * 2;
            sleep = Arrays.copyOf(sleep, c);
            sleepFp = Arrays.copyOf(sleepFp, c);
            sleepFpUsed = Arrays.copyOf(sleepFpUsed, c);
            wutRoot = Arrays.copyOf(wutRoot, c);
            evProc = Arrays.copyOf(evProc, c);
            evFpOff = Arrays.copyOf(evFpOff, c);
            evFpLen = Arrays.copyOf(evFpLen, c);
        }
        for (int i = 0; i <= d + 1; i++) {
            if (sleepFp[i] == null) {
                sleepFp[i] = new long[32];
            }
        }
        if ((d + 1) * n > clock.length) {
            clock = Arrays.copyOf(clock, Math.max(clock.length * 2, (d + 1) * n));
        }
    }

    private void resetExecution() {
        len = 0;
        evFpUsed = 0;
        races = 0;
        Arrays.fill(procLast, -1);
        locations.clear();
    }

    private void replayTo(int d) {
        program.reset();
        int keep = d;
        resetExecution();
        for (int i = 0; i < keep; i++) {
            program.step(evProc[i]);
            len = i + 1;
            procLast[evProc[i]] = i;
            updateLocations(i);
        }
        evFpUsed = keep == 0 ? 0 : evFpOff[keep - 1] + evFpLen[keep - 1];
    }

    /** Appends event (p, fp) to the execution: its clock, its races (when new), and the access history. */
    private void record(int p, long[] fp, int fl, boolean detectRaces) {
        int e = len;
        if (evFpUsed + fl > evFp.length) {
            evFp = Arrays.copyOf(evFp, Math.max(evFp.length * 2, evFpUsed + fl));
        }
        System.arraycopy(fp, 0, evFp, evFpUsed, fl);
        evProc[e] = p;
        evFpOff[e] = evFpUsed;
        evFpLen[e] = fl;
        evFpUsed += fl;

        // Collect direct dependencies (for the clock) and race candidates from the access history.
        int nd = 0;
        int nc = 0;
        for (int k = 0; k < fl; k++) {
            long a = fp[k];
            int mode = Footprint.mode(a);
            long loc = Footprint.location(a);
            int index = Footprint.index(a);
            boolean write = mode == Footprint.WRITE || mode == Footprint.ACQUIRE;
            if (index == Footprint.ALL) {
                for (int s = locations.regionFirst(loc >>> 16); s >= 0; s = locations.regionNext[s]) {
                    int[] res = collect(s, p, mode, write, nd, nc);
                    nd = res[0];
                    nc = res[1];
                }
            } else {
                int s = locations.get(loc);
                if (s >= 0) {
                    int[] res = collect(s, p, mode, write, nd, nc);
                    nd = res[0];
                    nc = res[1];
                }
                int sAll = locations.get((loc & ~0xffffL) | Footprint.ALL);
                if (sAll >= 0) {
                    int[] res = collect(sAll, p, mode, write, nd, nc);
                    nd = res[0];
                    nc = res[1];
                }
            }
        }
        // Clock: program order plus every dependency.
        int base = e * n;
        int prev = procLast[p];
        if (prev >= 0) {
            System.arraycopy(clock, prev * n, clock, base, n);
        } else {
            Arrays.fill(clock, base, base + n, 0);
        }
        for (int i = 0; i < nd; i++) {
            int dbase = deps[i] * n;
            for (int q = 0; q < n; q++) {
                if (clock[dbase + q] > clock[base + q]) {
                    clock[base + q] = clock[dbase + q];
                }
            }
        }
        clock[base + p] = e + 1;
        if (detectRaces) {
            for (int i = 0; i < nc; i++) {
                int c = candidates[i];
                if (isDirect(c, i, nc, prev)) {
                    addRace(c, e);
                }
            }
        }
        len = e + 1;
        procLast[p] = e;
        updateLocations(e);
    }

    // Returns {deps, candidates} counts; kept allocation-light by reusing a two-int array.
    private final int[] pair = new int[2];

    private int[] collect(int s, int p, int mode, boolean write, int nd, int nc) {
        int lw = locations.lastWrite[s];
        if (lw >= 0) {
            nd = addDep(lw, nd);
            if (evProc[lw] != p && mode != Footprint.WAIT && mode != Footprint.ACQUIRE
                    && (!write || locations.readHead[s] < 0)) {
                nc = addCandidate(lw, nc);
            }
        }
        if (write) {
            for (int c = locations.readHead[s]; c >= 0; c = locations.readNext[c]) {
                int rd = locations.readEvent[c];
                nd = addDep(rd, nd);
                if (evProc[rd] != p) {
                    nc = addCandidate(rd, nc);
                }
            }
        }
        if (mode == Footprint.ACQUIRE) {
            int la = locations.lastAcquire[s];
            if (la >= 0 && evProc[la] != p) {
                nc = addCandidate(la, nc);
            }
        }
        pair[0] = nd;
        pair[1] = nc;
        return pair;
    }

    private int addDep(int ev, int nd) {
        if (nd == deps.length) {
            deps = Arrays.copyOf(deps, nd * 2);
        }
        deps[nd] = ev;
        return nd + 1;
    }

    private int addCandidate(int ev, int nc) {
        for (int i = 0; i < nc; i++) {
            if (candidates[i] == ev) {
                return nc;
            }
        }
        if (nc == candidates.length) {
            candidates = Arrays.copyOf(candidates, nc * 2);
        }
        candidates[nc] = ev;
        return nc + 1;
    }

    /** Whether event c is ordered before the new event only by their own conflict (a direct race). */
    private boolean isDirect(int c, int ci, int nc, int prev) {
        int q = evProc[c];
        if (prev >= 0 && clock[prev * n + q] >= c + 1) {
            return false;
        }
        for (int j = 0; j < nc; j++) {
            if (j != ci && clock[candidates[j] * n + q] >= c + 1) {
                return false;
            }
        }
        return true;
    }

    private void addRace(int a, int b) {
        if (races == raceA.length) {
            raceA = Arrays.copyOf(raceA, races * 2);
            raceB = Arrays.copyOf(raceB, races * 2);
        }
        raceA[races] = a;
        raceB[races] = b;
        races++;
    }

    private void updateLocations(int e) {
        int off = evFpOff[e];
        int fl = evFpLen[e];
        for (int k = 0; k < fl; k++) {
            long a = evFp[off + k];
            int mode = Footprint.mode(a);
            int s = locations.getOrCreate(Footprint.location(a));
            if (mode == Footprint.WRITE || mode == Footprint.ACQUIRE) {
                locations.lastWrite[s] = e;
                locations.readHead[s] = -1;
                if (mode == Footprint.ACQUIRE) {
                    locations.lastAcquire[s] = e;
                }
            } else {
                locations.addRead(s, e);
            }
        }
    }

    // ---- race reversal --------------------------------------------------------------------------------------

    private void processRaces() {
        for (int i = 0; i < races; i++) {
            reverse(raceA[i], raceB[i]);
        }
        races = 0;
    }

    private boolean happensBefore(int a, int b) {
        return clock[b * n + evProc[a]] >= a + 1;
    }

    private boolean dependent(int a, int b) {
        return evProc[a] == evProc[b]
                || Footprint.conflict(evFp, evFpOff[a], evFpLen[a], evFp, evFpOff[b], evFpLen[b]);
    }

    /** Race (e, e2): explore e2's process before e, after the events that do not depend on e. */
    private void reverse(int e, int e2) {
        int vl = 0;
        for (int f = e + 1; f < e2; f++) {
            if (!happensBefore(e, f)) {
                if (vl == vBuf.length) {
                    vBuf = Arrays.copyOf(vBuf, vl * 2);
                }
                vBuf[vl++] = f;
            }
        }
        if (vl == vBuf.length) {
            vBuf = Arrays.copyOf(vBuf, vl * 2);
        }
        vBuf[vl++] = e2;
        // Already covered by a sleeping process that could start v?
        long asleep = sleep[e];
        if (asleep != 0) {
            long[] sf = sleepFp[e];
            int used = sleepFpUsed[e];
            for (int k = 0; k < used; ) {
                int q = (int) sf[k];
                int ql = (int) sf[k + 1];
                if ((asleep & (1L << q)) != 0 && weakInitial(q, sf, k + 2, ql, vBuf, vl)) {
                    return;
                }
                k += 2 + ql;
            }
        }
        insert(wutRoot[e], vl);
    }

    /**
     * Whether process q (whose next step has footprint fp[off..off+len)) is a weak initial of the event sequence
     * v: its first event in v depends on nothing before it in v, or it is not in v and commutes with all of v.
     */
    private boolean weakInitial(int q, long[] fp, int off, int fl, int[] v, int vl) {
        for (int j = 0; j < vl; j++) {
            if (evProc[v[j]] == q) {
                for (int i = 0; i < j; i++) {
                    if (dependent(v[i], v[j])) {
                        return false;
                    }
                }
                return true;
            }
        }
        for (int j = 0; j < vl; j++) {
            int ev = v[j];
            if (Footprint.conflict(fp, off, fl, evFp, evFpOff[ev], evFpLen[ev])) {
                return false;
            }
        }
        return true;
    }

    private void insert(int root, int vl) {
        if (vWork.length < vl) {
            vWork = new int[vBuf.length];
        }
        System.arraycopy(vBuf, 0, vWork, 0, vl);
        int node = root;
        while (true) {
            boolean descended = false;
            for (int c = tree.firstChild[node]; c != WakeupTree.NIL; c = tree.nextSibling[c]) {
                int q = tree.proc[c];
                if (weakInitial(q, tree.fp, tree.fpOff[c], tree.fpLen[c], vWork, vl)) {
                    if (tree.isLeaf(c) || tree.leafOnArrival[c]) {
                        return;
                    }
                    for (int j = 0; j < vl; j++) {
                        if (evProc[vWork[j]] == q) {
                            System.arraycopy(vWork, j + 1, vWork, j, vl - j - 1);
                            vl--;
                            break;
                        }
                    }
                    node = c;
                    descended = true;
                    break;
                }
            }
            if (!descended) {
                int parent = node;
                for (int j = 0; j < vl; j++) {
                    int ev = vWork[j];
                    int child = tree.newNode(evProc[ev], evFp, evFpOff[ev], evFpLen[ev]);
                    tree.appendChild(parent, child);
                    parent = child;
                }
                return;
            }
        }
    }
}
