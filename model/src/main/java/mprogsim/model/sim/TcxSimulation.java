package mprogsim.model.sim;

import java.util.Arrays;
import java.util.List;
import mprogsim.model.mprog.Errno;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.scheduler.StatefulProgram;
import mprogsim.scheduler.timed.TimedProgram;

/**
 * The tcx/bpf_mprog world as a step machine for the engine: writers run the tcx paths one shared-memory access at a
 * time (fd lookups, lock, plan, each slot store, publish, grace-period start and end, commit, puts, unlock), readers
 * walk the published entry inside RCU read-side sections, one RCU callback process per prog and per bundle frees it
 * once call_rcu or kfree_rcu queued it and a grace period has passed, and the invariants of format 1 are checked
 * as the steps run.
 *
 * <p>This class only wires the parts and dispatches by process kind; each part owns its state:
 * <ul>
 *   <li>{@link TcxState}: the kernel's memory (entries, bundles, progs, links, refcounts, lifecycles);</li>
 *   <li>{@link Writers} with {@link WriterStep} and {@link PlanStep}: the writer and teardown threads;</li>
 *   <li>{@link Readers}: the reader threads;</li>
 *   <li>{@link Lock}: the global writer lock;</li>
 *   <li>{@link Rcu}: read-side critical sections and grace periods; {@link RcuCallbacks}: the callback
 *   processes;</li>
 *   <li>{@link Lifetimes}: puts, releases, frees and the end-of-run reference check;</li>
 *   <li>{@link Versions}: the version log and the torn_snapshot check;</li>
 *   <li>{@link SpecShadow}: the sequential spec run alongside, and the final-state comparison;</li>
 *   <li>{@link Violations}: what broke, with details; {@link OpExpectation#mismatch}: the op-expectation
 *   check;</li>
 *   <li>{@link Names} and {@link TimedMetrics}: trace text and what timed runs measure.</li>
 * </ul>
 *
 * <p>Every step's footprint names the locations it reads and writes, so that the engine can tell which steps
 * commute. As the engine's contract asks, a process's next footprint depends only on its own state: where the kernel
 * reads something and acts on it in one go (a decision under the lock, an fd lookup by link name), the footprint
 * covers every location the step could touch, and where the outcome decides what comes next (a put that drops the
 * last reference), the consequence is a step of its own. Memory is never reused in exhaustive exploration, so a
 * freed object stays recognisable. All state lives in flat arrays; stepping allocates nothing. For timed runs each
 * step has a kind (its duration comes from the scenario's timing section), and reader passes and writer ops can wait
 * for arrivals.
 *
 * <p>State: none of its own beyond the wiring below (all configuration); the initial memory is kept to reset from.
 */
public final class TcxSimulation implements TimedProgram, StatefulProgram {
    private static final int K_WRITER = 0;
    private static final int K_READER = 1;
    private static final int K_RCU = 2;
    private static final int K_LITMUS = 3;
    private static final int K_CHOICE = 4;

    private final SimConfig config;
    private final int n;
    private final int threads;
    private final int[] kind;
    private final String[] names;
    private final int[] readerOf;
    private final int readerCount;

    private final TcxState initialState;
    private final TcxState memory;
    private final Names text;
    private final Violations violations;
    private final Lock lock;
    private final Rcu rcu;
    private final RcuCallbacks callbacks;
    private final Lifetimes lifetimes;
    private final Versions versions;
    private final SpecShadow spec;
    private final Readers readers;
    private final Writers writers;
    /** Weak memory and litmus files (their processes and state); null under sc without a litmus file. */
    private final MemoryParts parts;
    /** The first RCU callback process (after the threads and the litmus threads). */
    private final int cbFirst;
    /** The first read-choice process (weak memory: one per reader or litmus thread, after the callbacks). */
    private final int choiceFirst;

    // The stateful search: configuration and scratch of save, restore and the canonical form.
    private final int[] writerProcessList;
    private final PersistentProcess persistent;
    private final int[] readerProcessList;
    /** Per reader the first reader with the same hook and passes: readers of one class are interchangeable. */
    private final int[] readerClass;
    private final boolean symmetricReaders;
    private final int stateInts;
    private final int[][] readerKeys;
    private final int[] readerOrder;
    private final int[] readerSource;
    private final int[] classCursor;
    /**
     * Per writer (index into {@link #writerProcessList}) the first writer interchangeable with it, itself when none
     * is (see {@link #writerClasses}).
     */
    private final int[] writerClass;
    /** The writer processes that share their class with another writer: those the canonical form may move. */
    private final long symmetricWriterMask;
    /** Scratch: each writer's part of the canonical writer side, at {@link #writerKeyStart}, before ordering. */
    private final int[] writerKeys;
    private final int[] writerKeyStart;
    private final int[] writerKeyEnd;
    private final int[] writerOrder;
    private final int[] writerClassCursor;
    /** Position j of the canonical order holds writer writerSource[j]; kept with {@link #writerCanon}. */
    private final int[] writerSource;
    /** Whether the kept {@link #writerCanon} and {@link #writerSource} were made with writer symmetry. */
    private boolean writerCanonSymmetric;
    /** Tests: symmetry may permute identical writers (on by default; off to measure what reader symmetry alone does). */
    private boolean writerSymmetry = true;
    private boolean keepOutcome;

    /*
     * The writer side (memory, callbacks, writers, spec) is what reader steps never write, and readers take most
     * steps of a search (r3.json: 2.7 M reader steps against 0.1 M writer steps). So its saved ints and its
     * canonical ints are kept for the current state, dropped by any step that may write it, and reused by save
     * and canonicalState; a restore whose saved writer side equals the current one leaves it alone. Off with weak
     * memory or litmus threads (their processes write on every side). With verifyIncremental on, every reuse is
     * checked against the form computed from scratch.
     */
    private final boolean cacheWriterSide;
    private final int[] writerBlock;
    /** Length of {@link #writerBlock}, or -1 when it is not the current state's writer side. */
    private int writerBlockLen = -1;
    private final int[] writerCanon;
    /** Scratch: the canonical writer side before {@link #pack}. */
    private final int[] writerCanonRaw;
    /** Length of {@link #writerCanon}, or -1 when it is not the current state's canonical writer side. */
    private int writerCanonLen = -1;
    private boolean verifyIncremental = Boolean.getBoolean("mprogsim.sim.verifyIncremental");
    private int[] verifyScratch;
    /**
     * Per reader, whether its key still holds its current local part ({@link Readers#key}): only its own steps
     * (and restores, resets, weak-memory steps) change that part, so a step of another process leaves it.
     */
    private long readerKeyKept;

    public TcxSimulation(SimConfig config) {
        this(config, false);
    }

    /**
     * @param reuseMemory reuse freed bundles and links (long timed runs that create and free them without end); the
     *                    exhaustive strategies never reuse memory, so that every freed object stays recognisable
     */
    public TcxSimulation(SimConfig config, boolean reuseMemory) {
        this.config = config;
        List<SimThread> threadList = config.threads();
        this.threads = threadList.size();
        int rc = 0;
        int attachLike = 0;
        int linkCreates = 0;
        int totalOps = 0;
        for (SimThread t : threadList) {
            if (t.kind() == SimThread.Kind.READER) {
                rc++;
            }
            for (TcxOp op : t.ops()) {
                totalOps++;
                if (op.kind == OpKind.ATTACH || op.kind == OpKind.LINK_CREATE) {
                    attachLike++;
                }
                if (op.kind == OpKind.QDISC_ADD || op.kind == OpKind.QDISC_REPLACE) {
                    // A new qdisc's init may create an entry on each of its two sides.
                    attachLike += 2;
                }
                if (op.kind == OpKind.LINK_CREATE) {
                    linkCreates++;
                }
            }
        }
        this.readerCount = rc;
        int linkCapacity = linkCreates + 1 + (reuseMemory ? 8 : 0);
        // Without reuse, every bundle a run can create has its own number: two for the initial lists, one per attach
        // and two per new qdisc; a netkit pair adds its two embedded bundles.
        int bundleCapacity = 2 + attachLike + (reuseMemory ? 16 : 0) + (config.netkit() ? 2 : 0);
        // With no reader, a grace period ends as it starts: call_rcu and kfree_rcu free at once.
        boolean deferred = rc > 0;
        int progCallbacks = deferred && !config.progFreeImmediate() ? config.progs() : 0;
        int bundleCallbacks = deferred ? bundleCapacity : 0;
        MemoryModel memoryModel = config.memory();
        MemoryParts.checkSupported(memoryModel, reuseMemory, threads);
        int litmusThreads = MemoryParts.litmusThreads(memoryModel);
        this.cbFirst = threads + litmusThreads;
        this.choiceFirst = cbFirst + progCallbacks + bundleCallbacks;
        this.n = choiceFirst + MemoryParts.choiceProcesses(memoryModel, rc);
        if (n > 64) {
            throw new IllegalArgumentException("the scenario needs " + n + " processes (" + threads
                    + " threads and an RCU callback for each of " + progCallbacks + " progs and " + bundleCapacity
                    + " bundles); at most 64 are supported");
        }

        kind = new int[n];
        names = new String[n];
        readerOf = new int[n];
        Arrays.fill(readerOf, -1);
        TcxOp[][] ops = new TcxOp[threads][];
        OpExpectation[][] expects = new OpExpectation[threads][];
        String[][] labels = new String[threads][];
        int[] readerProcess = new int[rc];
        int[] readerHook = new int[rc];
        int[] readerPasses = new int[rc];
        int[] writerProcesses = new int[threads - rc];
        int r = 0;
        int w = 0;
        for (int p = 0; p < threads; p++) {
            SimThread t = threadList.get(p);
            names[p] = t.name();
            ops[p] = t.ops();
            expects[p] = t.expects();
            labels[p] = t.labels();
            if (t.kind() == SimThread.Kind.READER) {
                kind[p] = K_READER;
                readerProcess[r] = p;
                readerOf[p] = r;
                readerHook[r] = t.hook();
                readerPasses[r] = t.passes();
                r++;
            } else {
                kind[p] = K_WRITER;
                writerProcesses[w++] = p;
            }
        }

        int linkNames = Math.max(1, config.linkNames().length);
        TcxState init = new TcxState(config.maxProgs(), config.progTypes(), linkNames, linkCapacity, bundleCapacity,
                reuseMemory, config.netkit());
        SequentialTcx setup = new SequentialTcx(init, 0);
        for (int h = 0; h < init.hooks(); h++) {
            for (int prog : config.initial()[h]) {
                int ret = setup.run(TcxOp.attach(h, prog, 0, 0, 0, 0));
                if (ret != 0) {
                    String[] pn = config.progNames();
                    throw new IllegalArgumentException("initial attach of "
                            + (prog > 0 && prog < pn.length ? pn[prog] : "prog#" + prog) + " fails with "
                            + Errno.format(ret));
                }
            }
        }
        initialState = init;
        memory = init.copy();
        int[][] initialVersions = new int[init.hooks()][];
        for (int h = 0; h < init.hooks(); h++) {
            initialVersions[h] = init.entryProgs(init.hookEntry[h]);
        }

        text = new Names(names, config, memory);
        violations = new Violations();
        lock = new Lock(text);
        rcu = new Rcu(rc, readerProcess, n, text);
        lifetimes = new Lifetimes(memory, rcu, violations, text, config.strictReleaseCheck(), config.progs());
        callbacks = new RcuCallbacks(cbFirst, progCallbacks, bundleCallbacks, config.progs(), bundleCapacity, rcu,
                lifetimes, text);
        for (int c = 0; c < callbacks.count(); c++) {
            kind[cbFirst + c] = K_RCU;
            names[cbFirst + c] = callbacks.name(c, text);
        }
        versions = new Versions(initialVersions, readerHook, 2 * totalOps + 8, rcu, violations, text);
        spec = new SpecShadow(init, n, violations);
        readers = new Readers(readerProcess, readerHook, readerPasses, config.variants(), memory, lock, rcu,
                versions, lifetimes, violations, text);
        writers = new Writers(writerProcesses, threads, ops, expects, labels, config.variants(),
                config.progFreeImmediate(), memory, lock, rcu, callbacks, lifetimes, versions, violations, spec, text);

        if (memoryModel.weak() || litmusThreads > 0) {
            parts = new MemoryParts(memoryModel, init, threads, totalOps, config.variants(), config.initial(), cbFirst,
                    choiceFirst, readers, writers, versions, lifetimes, rcu, callbacks, violations, names);
            Arrays.fill(kind, threads, cbFirst, K_LITMUS);
            Arrays.fill(kind, choiceFirst, n, K_CHOICE);
        } else {
            parts = null;
        }

        writerProcessList = writerProcesses;
        readerProcessList = readerProcess;
        persistent = new PersistentProcess(this, writers, readers, callbacks, lock, rcu, writerProcesses,
                readerProcess, parts != null, memory,
                config.variants() != 0);
        readerClass = new int[rc];
        boolean symmetric = false;
        for (int a = 0; a < rc; a++) {
            readerClass[a] = a;
            for (int b = 0; b < a; b++) {
                if (readerHook[b] == readerHook[a] && readerPasses[b] == readerPasses[a]) {
                    readerClass[a] = readerClass[b];
                    symmetric = true;
                    break;
                }
            }
        }
        symmetricReaders = symmetric;
        writerClass = writerClasses(threadList, writerProcesses,
                parts != null || mprogsim.model.tcx.Variant.NO_WRITER_LOCK.in(config.variants()));
        long movable = 0;
        for (int i = 0; i < writerClass.length; i++) {
            for (int j = 0; j < writerClass.length; j++) {
                if (i != j && writerClass[i] == writerClass[j]) {
                    movable |= 1L << writerProcesses[i];
                }
            }
        }
        symmetricWriterMask = movable;
        int maxList = memory.slots + 1;
        int writerSideInts = memory.stateInts() + callbacks.stateInts() + writers.stateInts(maxList)
                + spec.stateInts(writerProcesses);
        // The packed canonical writer side can take a map int per 64 ints more than the ints it packs (and pack
        // writes one int past its end).
        int packedWriterSide = writerSideInts + writerSideInts / 64 + 6;
        stateInts = 17 + packedWriterSide + rcu.stateInts() + lifetimes.stateInts() + versions.stateInts(maxList)
                + readers.stateInts() + (parts == null ? 0 : parts.stateInts());
        cacheWriterSide = parts == null;
        writerBlock = new int[cacheWriterSide ? writerSideInts : 0];
        writerCanon = new int[packedWriterSide];
        writerCanonRaw = new int[writerSideInts + 1];
        int keyInts = 1 + readers.keyInts() + 4 + 1 + lifetimes.readerKeyInts();
        readerKeys = new int[rc][keyInts];
        readerOrder = new int[rc];
        readerSource = new int[rc];
        classCursor = new int[rc];
        int wc = writerProcesses.length;
        writerKeys = new int[writerSideInts];
        writerKeyStart = new int[wc];
        writerKeyEnd = new int[wc];
        writerOrder = new int[wc];
        writerClassCursor = new int[wc];
        writerSource = new int[wc];
        reset();
    }

    /**
     * Which writers are interchangeable: per writer (index into {@code writerProcesses}) the first writer of its
     * class. Two writers are one class when both are writers (no teardown), have equal op lists and equal
     * expectations (labels are trace text only), and neither has an op that creates a link; never with weak memory
     * or litmus threads (their per-thread views are not permuted), nor without the writer lock (two identical
     * writers could then wait in grace periods at once, equal in every writer-side int but waiting for different
     * readers, and the canonical form would no longer be one per set of symmetric states). Why that is sound:
     * docs/exploration.md, "Symmetry".
     */
    private static int[] writerClasses(List<SimThread> threads, int[] writerProcesses, boolean noClasses) {
        int wc = writerProcesses.length;
        int[] cls = new int[wc];
        for (int i = 0; i < wc; i++) {
            cls[i] = i;
            SimThread a = threads.get(writerProcesses[i]);
            if (noClasses || !mayBePermuted(a)) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                SimThread b = threads.get(writerProcesses[j]);
                if (cls[j] == j && mayBePermuted(b) && sameOps(a, b)) {
                    cls[i] = j;
                    break;
                }
            }
        }
        return cls;
    }

    private static boolean mayBePermuted(SimThread t) {
        if (t.kind() != SimThread.Kind.WRITER) {
            return false;
        }
        for (TcxOp op : t.ops()) {
            if (op.kind == OpKind.LINK_CREATE) {
                // Link ids are handed out in the order writers create links and are not renumbered canonically.
                return false;
            }
        }
        return true;
    }

    private static boolean sameOps(SimThread a, SimThread b) {
        TcxOp[] x = a.ops();
        TcxOp[] y = b.ops();
        if (x.length != y.length || a.expects().length != b.expects().length) {
            return false;
        }
        for (int k = 0; k < x.length; k++) {
            if (!sameOp(x[k], y[k]) || !OpExpectation.same(a.expects()[k], b.expects()[k])) {
                return false;
            }
        }
        return true;
    }

    /** Every instance field of the two ops equal (read reflectively, so that a field added later is compared too). */
    static boolean sameOp(TcxOp x, TcxOp y) {
        if (x == y) {
            return true;
        }
        try {
            for (java.lang.reflect.Field f : TcxOp.class.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                if (!java.util.Objects.deepEquals(f.get(x), f.get(y))) {
                    return false;
                }
            }
            return true;
        } catch (IllegalAccessException e) {
            return false;
        }
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
        return 28 + readerCount;
    }

    /** The simulation checks every step either way; whether a violation ends an execution is the explorer's call. */
    @Override
    public void continueAfterViolation(boolean on) {
    }

    @Override
    public long violations() {
        return violations.all() & reported;
    }

    @Override
    public long violationsRaised() {
        return violations.all();
    }

    /**
     * The writer processes that are interchangeable with another writer (identical-writer symmetry), as a mask; 0
     * when there are none. With symmetry on, the canonical form puts each class of them in canonical order.
     */
    public long identicalWriters() {
        return symmetricWriterMask;
    }

    // For the tests of PersistentProcess (this package): what it reasons about.
    boolean isWriter(int p) {
        return kind[p] == K_WRITER;
    }

    boolean isReader(int p) {
        return kind[p] == K_READER;
    }

    int lockHolder() {
        return lock.holder();
    }

    /** Whether p is a reader in the middle of walking an entry its hook no longer points to. */
    boolean walksUnpublishedEntry(int p) {
        return kind[p] == K_READER && readers.walkingEntry(readerOf[p]) != TcxState.NULL_ENTRY
                && !readers.walksPublishedEntry(readerOf[p]);
    }

    /** Whether p is a reader inside its critical section that loads its hook's entry pointer next. */
    boolean loadsEntryNext(int p) {
        return kind[p] == K_READER && readers.loadsEntryNext(readerOf[p]);
    }

    /** Whether some writer is running the release op of a link whose last reference it dropped. */
    boolean someWriterReleasesALink() {
        for (int q = 0; q < kind.length; q++) {
            if (kind[q] == K_WRITER && writers.curIsRelease[q]) {
                return true;
            }
        }
        return false;
    }

    boolean writerWaitsForLock(int p) {
        return writers.next[p] == WriterStep.LOCK;
    }

    boolean lockFreeDrops(int p, int[] drops) {
        return writers.lockFreeDrops(p, drops);
    }

    int[] progRefcounts() {
        return memory.progRefcnt;
    }

    /** {@link Writers#quietUntilGracePeriod} against no accesses: only its bound on the references p drops. */
    boolean dropsUntilGracePeriod(int p, int[] drops) {
        return writers.quietUntilGracePeriod(p, new long[0], 0, drops, new long[maxFootprint()], true);
    }

    /** Whether writer p's next step starts a grace period (its synchronize_rcu). */
    boolean writerStartsGracePeriod(int p) {
        return writers.next[p] == WriterStep.EXEC && writers.pc[p] < writers.plans[p].size()
                && writers.plans[p].code(writers.pc[p]) == mprogsim.model.mprog.Plan.SYNC;
    }

    /** See {@link PersistentProcess}. */
    @Override
    public long persistentProcesses() {
        return persistent.find();
    }

    /**
     * For a file that expects {@code expected}: {@link #violations} and {@link #finish} report only it, and an
     * execution ends at its first violating step when that step breaks only other invariants (every process is DONE
     * from then on and the final checks do not run). A search over every state (the stateful one) then finds exactly
     * the breaches of {@code expected} with no violating step before them on some path, which is what such a file
     * asks for (the stateless explorers get the same, per trace, from the scenarios module's FirstViolation).
     * {@code -1} (the default) reports everything and never cuts.
     */
    public void endAtOtherViolation(long expected) {
        reported = expected;
    }

    private long reported = -1L;

    /**
     * Every invariant broken so far in this execution, reported or not: after {@link #endAtOtherViolation},
     * {@link #violations} reports only the expected one.
     */
    public long allViolations() {
        return violations.all();
    }

    @Override
    public String violationName(int bit) {
        return Invariant.nameOfBit(bit);
    }

    @Override
    public String violationDetail() {
        return violations.detail();
    }

    public SimConfig config() {
        return config;
    }

    TcxState memory() { return memory; } // read by MemorySnapshot, for printed traces only

    // ---- Program: execution ------------------------------------------------------------------------------------

    @Override
    public void reset() {
        writerSideChanged();
        readerKeyKept = 0;
        memory.copyFrom(initialState);
        spec.reset();
        violations.reset();
        lock.reset();
        rcu.reset();
        lifetimes.reset();
        callbacks.reset();
        versions.reset();
        readers.reset();
        writers.reset();
        if (parts != null) {
            parts.reset();
        }
    }

    @Override
    public int status(int p) {
        if ((violations.all() & ~reported) != 0) {
            return DONE;
        }
        return switch (kind[p]) {
            case K_WRITER -> writers.status(p);
            case K_READER -> readers.status(readerOf[p]);
            case K_LITMUS, K_CHOICE -> parts.status(p);
            default -> callbacks.status(p - cbFirst);
        };
    }

    @Override
    public void step(int p) {
        if (kind[p] != K_READER || parts != null) {
            writerSideChanged();
            if (parts != null) {
                readerKeyKept = 0;
            }
        } else {
            readerKeyKept &= ~(1L << readerOf[p]);
        }
        switch (kind[p]) {
            case K_WRITER -> writers.step(p);
            case K_READER -> readers.step(readerOf[p]);
            case K_LITMUS, K_CHOICE -> parts.step(p);
            default -> callbacks.step(p - cbFirst);
        }
    }

    @Override
    public int footprint(int p, long[] out, int off) {
        return switch (kind[p]) {
            case K_WRITER -> writers.footprint(p, out, off) - off;
            case K_READER -> readers.footprint(readerOf[p], out, off) - off;
            case K_LITMUS, K_CHOICE -> parts.footprint(p, out, off) - off;
            default -> (parts == null ? callbacks.footprint(p - cbFirst, out, off)
                    : parts.callbackFootprint(p, out, callbacks.footprint(p - cbFirst, out, off))) - off;
        };
    }

    @Override
    public long finish() {
        writerSideChanged();
        if ((violations.all() & ~reported) != 0) {
            return violations.all() & reported;
        }
        StringBuilder stuck = null;
        for (int p = 0; p < choiceFirst; p++) {
            boolean waiting = p < cbFirst ? status(p) != DONE : callbacks.busy(p - cbFirst);
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
            violations.violate(Invariant.DEADLOCK, "no thread can move; still waiting: " + stuck);
            return violations.all() & reported;
        }
        if (parts != null && parts.finishLitmus()) {
            return violations.all() & reported;
        }
        lifetimes.checkReferences();
        if (!spec.diverged) {
            spec.compareFinal(memory, text, config.progs());
        }
        return violations.all() & reported;
    }

    // ---- the stateful search --------------------------------------------------------------------------------------

    /**
     * Tests: when on, the canonical form also keeps what only {@link #outcome()} reads (each reader's observation
     * of earlier passes, the results of finished ops), so that merged states have the same outcomes. Off by
     * default: no check reads them.
     */
    public void canonicalKeepsOutcome(boolean on) {
        keepOutcome = on;
        writerCanonLen = -1;
        readerKeyKept = 0;
    }

    /**
     * Tests: check every reuse of the writer side's kept forms (save, restore, canonical form) against the form
     * computed from scratch, and throw {@link IllegalStateException} where they differ. Also on with the system
     * property {@code mprogsim.sim.verifyIncremental=true}.
     */
    public void verifyIncremental(boolean on) {
        verifyIncremental = on;
    }

    /** Tests: with false, symmetry permutes readers only, as before identical-writer symmetry. */
    void writerSymmetry(boolean on) {
        writerSymmetry = on;
    }

    /** Tests: the lengths of the kept writer-side forms, to make them stale on purpose and see the check fail. */
    long keptWriterSide() {
        return ((long) writerBlockLen << 32) | (writerCanonLen & 0xffffffffL);
    }

    void keptWriterSide(long lengths) {
        writerBlockLen = (int) (lengths >> 32);
        writerCanonLen = (int) lengths;
    }

    /** Tests: which readers' keys are kept, to make one stale on purpose and see the check fail. */
    long keptReaderKeys() {
        return readerKeyKept;
    }

    void keptReaderKeys(long kept) {
        readerKeyKept = kept;
    }

    /** Timed runs change processes' plans between steps: nothing kept for the stateful search holds then. */
    private void stateChangedOutsideSteps() {
        writerSideChanged();
        readerKeyKept = 0;
    }

    /** A step, a final check or a reset may have written the writer side: its kept forms are stale. */
    private void writerSideChanged() {
        writerBlockLen = -1;
        writerCanonLen = -1;
    }

    @Override
    public int maxStateInts() {
        return stateInts;
    }

    /**
     * Saved layout: violations, lock, the writer side's length and ints (memory, callbacks, writers, spec), then
     * RCU, lifetimes, versions, readers and the weak-memory parts.
     */
    @Override
    public int saveState(int[] out, int off) {
        int k = violations.save(out, off);
        k = lock.save(out, k);
        int start = k + 1;
        if (writerBlockLen >= 0) {
            System.arraycopy(writerBlock, 0, out, start, writerBlockLen);
            k = start + writerBlockLen;
            if (verifyIncremental) {
                verifyWriterBlock("save");
            }
        } else {
            k = saveWriterSide(out, start);
            if (cacheWriterSide) {
                writerBlockLen = k - start;
                System.arraycopy(out, start, writerBlock, 0, writerBlockLen);
            }
        }
        out[start - 1] = k - start;
        k = rcu.save(out, k);
        k = lifetimes.save(out, k);
        k = versions.save(out, k);
        k = readers.save(out, k);
        if (parts != null) {
            k = parts.save(out, k);
        }
        return k - off;
    }

    private int saveWriterSide(int[] out, int k) {
        k = memory.saveState(out, k);
        k = callbacks.save(out, k);
        k = writers.save(out, k);
        return spec.save(out, k, writerProcessList);
    }

    @Override
    public void restoreState(int[] in, int off) {
        int k = violations.restore(in, off);
        k = lock.restore(in, k);
        int len = in[k++];
        if (len == writerBlockLen && Arrays.equals(in, k, k + len, writerBlock, 0, len)) {
            // The writer side is in this state already (only readers moved since): restoring it changes nothing.
            if (verifyIncremental) {
                verifyWriterBlock("restore");
            }
        } else {
            int end = callbacks.restore(in, memory.restoreState(in, k));
            end = spec.restore(in, writers.restore(in, end), writerProcessList);
            if (end != k + len) {
                throw new IllegalStateException("the saved writer side has " + len + " ints, restored " + (end - k));
            }
            writerCanonLen = -1;
            if (cacheWriterSide) {
                System.arraycopy(in, k, writerBlock, 0, len);
                writerBlockLen = len;
            }
        }
        k += len;
        readerKeyKept = 0;
        k = rcu.restore(in, k);
        k = lifetimes.restore(in, k);
        k = versions.restore(in, k);
        k = readers.restore(in, k);
        if (parts != null) {
            parts.restore(in, k);
        }
    }

    /** Checks the kept writer side against a save from scratch. */
    private void verifyWriterBlock(String where) {
        int[] fresh = verifyScratch(writerBlock.length);
        int len = saveWriterSide(fresh, 0);
        if (len != writerBlockLen || !Arrays.equals(fresh, 0, len, writerBlock, 0, len)) {
            throw new IllegalStateException(where + ": the kept writer side differs from the current one\nkept:  "
                    + Arrays.toString(Arrays.copyOf(writerBlock, writerBlockLen)) + "\nfresh: "
                    + Arrays.toString(Arrays.copyOf(fresh, len)));
        }
    }

    private int[] verifyScratch(int size) {
        if (verifyScratch == null || verifyScratch.length < size) {
            verifyScratch = new int[Math.max(size, stateInts)];
        }
        return verifyScratch;
    }

    /**
     * The canonical form: every owner's live state (see each owner's {@code canonical}), with the version log
     * renumbered from the oldest version a reader inside can still be judged against, grace periods and released
     * progs reduced to the readers they can still concern, and (with symmetry) readers of one class sorted by
     * their whole part of the state, grace-period and release masks included.
     */
    @Override
    public int canonicalState(int[] out, int off, boolean symmetry, int[] perm) {
        int k = violations.save(out, off);
        k = lock.canonical(out, k);
        // The writer side first: its order of identical writers renames the grace periods in the readers' keys.
        boolean symmetricW = symmetry && writerSymmetry && symmetricWriterMask != 0;
        int start = k;
        int len = writerCanonLen;
        if (len < 0 || writerCanonSymmetric != symmetricW) {
            len = pack(writerCanonRaw, canonicalWriterSide(writerCanonRaw, 0, symmetricW), writerCanon, 0);
            writerCanonSymmetric = symmetricW;
            writerCanonLen = cacheWriterSide ? len : -1;
        }
        System.arraycopy(writerCanon, 0, out, k, len);
        k += len;
        if (verifyIncremental) {
            int[] kept = writerSource.clone();
            int[] fresh = verifyScratch(2 * writerCanon.length);
            int packed = pack(fresh, canonicalWriterSide(fresh, 0, symmetricW), fresh, writerCanon.length);
            if (packed != k - start || !Arrays.equals(fresh, writerCanon.length, writerCanon.length + packed, out,
                    start, k) || !Arrays.equals(kept, writerSource)) {
                throw new IllegalStateException("the kept canonical writer side differs from the current one");
            }
        }
        for (int p = 0; p < n; p++) {
            perm[p] = p;
        }
        int wc = writerProcessList.length;
        for (int j = 0; j < wc; j++) {
            perm[writerProcessList[writerSource[j]]] = writerProcessList[j];
        }

        versions.computeLow();
        rcu.computePending();
        if (symmetricW) {
            rcu.renameWaiters(perm, symmetricWriterMask);
        }
        lifetimes.computeStillRun();
        int rc = readerCount;
        for (int r = 0; r < rc; r++) {
            readerKey(r);
            readerSource[r] = r;
        }
        if (symmetry && symmetricReaders && (parts == null || parts.allowsReaderSymmetry())) {
            placeReaders();
        }
        for (int j = 0; j < rc; j++) {
            perm[readerProcessList[readerSource[j]]] = readerProcessList[j];
        }
        k = versions.canonical(out, k);
        for (int j = 0; j < rc; j++) {
            int[] key = readerKeys[readerSource[j]];
            System.arraycopy(key, 0, out, k, key.length);
            k += key.length;
        }
        if (parts != null) {
            k = parts.canonical(out, k);
        }
        return k - off;
    }

    /**
     * The canonical writer side packed two ints to one where it can (most of it is small: counts, handles, states,
     * -1 for none), so that the fingerprint hashes about half as many ints. The packing is one-to-one, so the
     * canonical form tells exactly the same states apart: {@code len}, then per group of 32 pairs of ints (the last
     * int paired with a 0 when len is odd) a map int whose bit j says that pair j is one int, {@code (a + 1) << 16 |
     * (b + 1)} (both in -1..65534), else two ints as they are. Reads {@code raw[len]} (set to 0 here) and may write
     * one int past the packed length; returns the packed length. {@code raw} and {@code out} may be one array when
     * the output starts after the input.
     */
    static int pack(int[] raw, int len, int[] out, int k) {
        int start = k;
        raw[len] = 0;
        out[k++] = len;
        int pairs = (len + 1) >>> 1;
        for (int g = 0; g < pairs; g += 32) {
            int mapAt = k++;
            int map = 0;
            int end = Math.min(pairs, g + 32);
            for (int j = g; j < end; j++) {
                int a = raw[2 * j];
                int b = raw[2 * j + 1];
                int a1 = a + 1;
                int b1 = b + 1;
                // Without a branch: a pair that packs writes its word and then b, which the next pair overwrites.
                int one = ((a1 | b1) >>> 16) == 0 ? 1 : 0;
                out[k] = one != 0 ? (a1 << 16) | b1 : a;
                out[k + 1] = b;
                k += 2 - one;
                map |= one << (j - g);
            }
            out[mapAt] = map;
        }
        return k - start;
    }

    /**
     * The canonical writer side: memory, callbacks, the spec's shared part, then per writer its own part and the
     * spec's part for it, in canonical order ({@link #writerSource}). With symmetry, each class of identical
     * writers is sorted by those parts, so that the spec's per-writer state travels with its writer.
     */
    private int canonicalWriterSide(int[] out, int k, boolean symmetric) {
        k = memory.canonicalState(out, k);
        k = callbacks.canonical(out, k);
        k = spec.canonicalShared(out, k);
        int wc = writerProcessList.length;
        int at = 0;
        for (int i = 0; i < wc; i++) {
            int p = writerProcessList[i];
            writerKeyStart[i] = at;
            at = writers.canonical(writerKeys, at, p, keepOutcome);
            at = spec.canonicalOf(p, writers.live(p), writerKeys, at);
            writerKeyEnd[i] = at;
            writerSource[i] = i;
        }
        if (symmetric) {
            placeWriters();
        }
        for (int j = 0; j < wc; j++) {
            int i = writerSource[j];
            int from = writerKeyStart[i];
            int len = writerKeyEnd[i] - from;
            System.arraycopy(writerKeys, from, out, k, len);
            k += len;
        }
        return k;
    }

    /**
     * Sorts each class of identical writers by its part of the writer side; position j of a class takes its j-th
     * smallest. Writers with equal parts keep their process order (any order is a valid symmetry).
     */
    private void placeWriters() {
        int wc = writerProcessList.length;
        for (int i = 0; i < wc; i++) {
            writerOrder[i] = i;
        }
        for (int i = 1; i < wc; i++) {
            int x = writerOrder[i];
            int j = i - 1;
            while (j >= 0 && compareWriters(writerOrder[j], x) > 0) {
                writerOrder[j + 1] = writerOrder[j];
                j--;
            }
            writerOrder[j + 1] = x;
        }
        for (int i = 0; i < wc; i++) {
            int c = writerClass[writerOrder[i]];
            if (i == 0 || writerClass[writerOrder[i - 1]] != c) {
                writerClassCursor[c] = i;
            }
        }
        for (int j = 0; j < wc; j++) {
            writerSource[j] = writerOrder[writerClassCursor[writerClass[j]]++];
        }
    }

    /** Class first, then the writer's part of the writer side, then its length; ties by writer index. */
    private int compareWriters(int a, int b) {
        if (writerClass[a] != writerClass[b]) {
            return writerClass[a] < writerClass[b] ? -1 : 1;
        }
        int c = Arrays.compare(writerKeys, writerKeyStart[a], writerKeyEnd[a], writerKeys, writerKeyStart[b],
                writerKeyEnd[b]);
        return c != 0 ? c : Integer.compare(a, b);
    }

    /**
     * Reader r's whole part of the state: its class, its live local state, inside and sections, which grace
     * periods still wait for it, its version counted from its hook's base, and which released progs it may still
     * run. The grace-period and release masks are thus carried by the readers they name, so placing the keys in
     * canonical order permutes the masks with them.
     */
    private void readerKey(int r) {
        int[] key = readerKeys[r];
        int local = 1 + readers.keyInts();
        if ((readerKeyKept & (1L << r)) == 0) {
            readers.key(r, keepOutcome, key, 1);
            readerKeyKept |= 1L << r;
        } else if (verifyIncremental) {
            int[] fresh = verifyScratch(local);
            readers.key(r, keepOutcome, fresh, 1);
            if (!Arrays.equals(fresh, 1, local, key, 1, local)) {
                throw new IllegalStateException("the kept local key of reader " + r + " differs from the current one");
            }
        }
        key[0] = readerClass[r];
        int k = rcu.readerKey(r, key, local);
        key[k++] = versions.readerKey(r);
        lifetimes.readerKey(r, key, k);
    }

    /** Sorts each class of readers by its key; position j of a class takes its j-th smallest. */
    private void placeReaders() {
        int rc = readerCount;
        for (int r = 0; r < rc; r++) {
            readerOrder[r] = r;
        }
        for (int i = 1; i < rc; i++) {
            int x = readerOrder[i];
            int j = i - 1;
            while (j >= 0 && compareKeys(readerKeys[readerOrder[j]], readerKeys[x]) > 0) {
                readerOrder[j + 1] = readerOrder[j];
                j--;
            }
            readerOrder[j + 1] = x;
        }
        // The key starts with the class, so each class is a run of the sorted order; a cursor per class hands its
        // readers out in order.
        for (int i = 0; i < rc; i++) {
            int c = readerClass[readerOrder[i]];
            if (i == 0 || readerClass[readerOrder[i - 1]] != c) {
                classCursor[c] = i;
            }
        }
        for (int j = 0; j < rc; j++) {
            readerSource[j] = readerOrder[classCursor[readerClass[j]]++];
        }
    }

    private static int compareKeys(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return a[i] < b[i] ? -1 : 1;
            }
        }
        return 0;
    }

    // ---- descriptions and outcomes (not on the hot path) --------------------------------------------------------

    /**
     * Every piece of execution state, owner by owner, as text. Two orders of independent steps must reach the same
     * text; the tests check the footprints against it. Not for the hot path.
     */
    public String stateText() {
        StringBuilder sb = new StringBuilder();
        memory.dump(sb);
        lock.dump(sb);
        rcu.dump(sb);
        lifetimes.dump(sb);
        callbacks.dump(sb);
        versions.dump(sb);
        readers.dump(sb);
        writers.dump(sb);
        spec.dump(sb);
        if (parts != null) {
            parts.dump(sb);
        }
        violations.dump(sb);
        return sb.toString();
    }

    @Override
    public String describeNextStep(int p) {
        return switch (kind[p]) {
            case K_WRITER -> writers.describe(p);
            case K_READER -> readers.describe(readerOf[p]);
            case K_LITMUS, K_CHOICE -> parts.describe(p);
            default -> callbacks.describe(p - cbFirst);
        };
    }

    /** The result of op {@code k} of thread {@code p} in the last execution, or null when it did not finish. */
    public String opResult(int p, int k) {
        return writers.opResult(p, k);
    }

    @Override
    public String outcome() {
        TcxState s = memory;
        StringBuilder sb = new StringBuilder();
        for (int h = 0; h < s.hooks(); h++) {
            sb.append(Names.hook(h)).append('=').append(s.hookSummary(h)).append(';');
        }
        for (int q = 1; q <= config.progs(); q++) {
            sb.append(text.prog(q)).append(':').append(s.progRefcnt[q]).append('/').append(s.progLife[q])
                    .append(s.progFd[q] ? "f" : "").append(';');
        }
        for (int l = 1; l <= s.linksCreated; l++) {
            sb.append(text.link(l)).append(':').append(s.linkRefcnt[l]).append('/').append(s.linkLife[l])
                    .append(';');
        }
        for (int p = 0; p < threads; p++) {
            if (kind[p] == K_WRITER) {
                sb.append(names[p]).append('[');
                for (int k = 0; k < writers.ops[p].length; k++) {
                    sb.append(writers.opResult(p, k)).append(',');
                }
                sb.append(']');
            } else {
                sb.append(names[p]).append('#').append(readers.observation(readerOf[p]));
            }
            sb.append(';');
        }
        if (parts != null) {
            sb.append(parts.outcome());
        }
        sb.append("violations=").append(Invariant.names(violations.all()));
        return sb.toString();
    }

    // ---- timed runs ----------------------------------------------------------------------------------------------

    /** The step kinds, for the scenario's timing section; each names a duration. */
    public static String[] stepKindNames() {
        return TimedMetrics.STEP_KINDS.clone();
    }

    @Override
    public String[] stepKinds() {
        return TimedMetrics.STEP_KINDS;
    }

    @Override
    public int stepKind(int p) {
        return switch (kind[p]) {
            case K_WRITER -> writers.stepKind(p);
            case K_READER -> readers.stepKind(readerOf[p]);
            case K_LITMUS, K_CHOICE -> TimedMetrics.OTHER;
            default -> callbacks.stepKind(p - cbFirst);
        };
    }

    @Override
    public boolean startsArrival(int p) {
        return switch (kind[p]) {
            case K_WRITER -> writers.startsOp(p);
            case K_READER -> readers.startsPass(readerOf[p]);
            default -> false;
        };
    }

    @Override
    public void retire(int p) {
        stateChangedOutsideSteps();
        if (kind[p] == K_READER) {
            readers.retire(readerOf[p]);
        } else if (kind[p] == K_WRITER) {
            writers.retire(p);
        }
    }

    /** Timed runs: a writer that starts its op list over after the last op, until its arrivals end. */
    public void repeatOps(int p, boolean on) {
        stateChangedOutsideSteps();
        writers.repeatOps(p, on);
    }

    /** Timed runs: how many passes reader thread {@code p} makes (a stream ends at its horizon instead). */
    public void setPasses(int p, int passes) {
        stateChangedOutsideSteps();
        readers.setPasses(readerOf[p], passes);
    }

    @Override
    public String[] spanNames() {
        return TimedMetrics.SPANS;
    }

    @Override
    public long spanMarks(int p) {
        return switch (kind[p]) {
            case K_WRITER -> writers.spanMarks(p);
            case K_READER -> readers.spanMarks(readerOf[p]);
            default -> 0;
        };
    }

    @Override
    public String[] gaugeNames() {
        return TimedMetrics.GAUGES;
    }

    @Override
    public long gauge(int i) {
        return callbacks.gauge(i);
    }
}
