package mprogsim.stress.tcx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.OpContext;
import mprogsim.model.tcx.PlanEffects;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxPlanner;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;
import mprogsim.stress.rcu.Rcu;

/**
 * A concurrent tcx device with two hooks (and, with {@link TcxConfig#netkit}, a netkit pair: the primary and peer
 * devices, each with its own entry pointer and an embedded bundle that is never freed), running the kernel's
 * protocol against real shared memory. Which user of bpf_mprog a hook belongs to is the planner's business (its
 * {@link mprogsim.model.tcx.AttachLocation}); this class only executes plans.
 *
 * <p>The control plane is the model's {@link TcxState} (bundle counts, cp items, revisions, refcounts, fd table),
 * and every decision comes from the model's {@link TcxPlanner}, which holds the one copy of the bpf_mprog algorithm.
 * This class executes each planned action in order: a slot store goes both to the control plane and to the
 * reader-visible {@link Entry} (plain store for memcpy/memmove, opaque store for WRITE_ONCE), a publish is a release
 * store of the hook's entry pointer, a synchronize is {@link Rcu#synchronize()}, a last put releases the prog and
 * frees it at once or through {@link Rcu#callRcu}, and a kfree_rcu of a bundle goes through call_rcu too.
 *
 * <p>Two locks. The writer lock is RTNL: a locked operation holds it from planning to its plan's UNLOCK action, and
 * {@code no_writer_lock} drops it. The control lock only makes each single access to control-plane memory atomic
 * (it stands for the atomic refcount operations and the word-sized stores of the kernel); it is held for one
 * planning step or one action at a time, never across a grace period, so writers without the writer lock still
 * plan from the same state and interleave their stores, as unlocked kernel writers would.
 *
 * <p>Readers take neither lock: a pass is rcu_read_lock, an acquire load of the hook's entry pointer, opaque loads
 * of the fp slots up to NULL, a run of each prog, rcu_read_unlock.
 */
public final class ConcurrentTcx {
    public static final int INGRESS = TcxState.INGRESS;
    public static final int EGRESS = TcxState.EGRESS;
    public static final int NETKIT_PRIMARY = TcxState.NETKIT_PRIMARY;
    public static final int NETKIT_PEER = TcxState.NETKIT_PEER;

    private static final VarHandle HOOK = MethodHandles.arrayElementVarHandle(Entry[].class);
    /** Control-plane bundle slots; freed ones are reused, each reuse a fresh reader-visible allocation. */
    private static final int BUNDLE_CAPACITY = 8;

    public final TcxConfig config;
    private final Rcu rcu = new Rcu();
    private final ReentrantLock writerLock = new ReentrantLock();
    private final ReentrantLock controlLock = new ReentrantLock();
    private final TcxState control;
    private final TcxPlanner planner;
    private final QueryResult plannedQuery = new QueryResult();
    private final Prog[] progs;
    private final Bundle[] bundles;
    private final Entry[] hooks;
    private final int slots;

    private final boolean writersLock;
    private final boolean readerUsesCount;
    private final boolean readerTakesLock;
    private final boolean immediateFree;

    /** Guarded by the control lock. */
    private int refcountUnderflows;

    public ConcurrentTcx(TcxConfig config) {
        this.config = config;
        int[] types = new int[config.progs + 1];
        Arrays.fill(types, 1, types.length, TcxState.TYPE_SCHED_CLS);
        int bundleCapacity = BUNDLE_CAPACITY + (config.netkit ? 2 : 0);
        this.control = new TcxState(config.maxProgs, types, config.linkNames, config.linkCapacity, bundleCapacity,
                true, config.netkit);
        this.bundles = new Bundle[bundleCapacity];
        this.hooks = new Entry[control.hooks()];
        this.planner = new TcxPlanner(config.variants);
        this.slots = control.slots;
        boolean strict = config.releaseCheck == TcxConfig.ReleaseCheck.STRICT;
        this.progs = new Prog[config.progs + 1];
        for (int p = 1; p <= config.progs; p++) {
            progs[p] = new Prog(p, strict);
        }
        this.writersLock = !config.has(Variant.NO_WRITER_LOCK);
        this.readerUsesCount = config.has(Variant.READER_USES_COUNT);
        this.readerTakesLock = config.has(Variant.READER_TAKES_LOCK);
        this.immediateFree = config.progFree == TcxConfig.ProgFree.IMMEDIATE;
    }

    public Rcu rcu() {
        return rcu;
    }

    public Rcu.Reader registerReader() {
        return rcu.registerReader();
    }

    public Prog prog(int handle) {
        return progs[handle];
    }

    // ---- the data path ------------------------------------------------------------------------------------------

    /** One reader pass over {@code hook}: what a packet sees in tcx_run. */
    public void pass(Rcu.Reader reader, int hook, PassRecord out) {
        out.reset();
        reader.enter();
        Entry e = (Entry) HOOK.getAcquire(hooks, hook);
        if (e != null) {
            if (readerTakesLock) {
                writerLock.lock();
                writerLock.unlock();
            }
            if (readerUsesCount) {
                runCounted(e, reader, out);
            } else {
                runUntilNull(e.fp, reader, out);
            }
            if (e.bundle.freed()) {
                out.misuse(PassRecord.ENTRY_AFTER_FREE, 0);
            }
        }
        reader.exit();
    }

    private static void runUntilNull(Prog[] fp, Rcu.Reader reader, PassRecord out) {
        for (int i = 0; ; i++) {
            if (i == fp.length) {
                out.misuse(PassRecord.WILD_ACCESS, 0);
                return;
            }
            Prog p = Entry.readOnce(fp, i);
            if (p == null) {
                return;
            }
            p.run(reader, out);
        }
    }

    private static void runCounted(Entry e, Rcu.Reader reader, PassRecord out) {
        int n = e.bundle.loadCount();
        Prog[] fp = e.fp;
        for (int i = 0; i < n; i++) {
            if (i >= fp.length) {
                out.misuse(PassRecord.WILD_ACCESS, 0);
                return;
            }
            Prog p = Entry.readOnce(fp, i);
            if (p == null) {
                out.misuse(PassRecord.WILD_ACCESS, 0);
                continue;
            }
            p.run(reader, out);
        }
    }

    // ---- the control plane --------------------------------------------------------------------------------------

    /** Runs one control-plane operation to completion and returns the syscall's return value. */
    public int run(TcxOp op) {
        return run(op, null);
    }

    /** As {@link #run(TcxOp)}; a query's output is copied into {@code queryOut} when given. */
    public int run(TcxOp op, QueryResult queryOut) {
        if (queryOut != null) {
            queryOut.reset();
        }
        int pre = TcxPlanner.precheck(op);
        if (pre != 0) {
            return pre;
        }
        OpContext ctx = new OpContext();
        Plan plan = new Plan();
        ArrayDeque<Integer> releases = new ArrayDeque<>();
        int n = TcxPlanner.lookups(op);
        for (int i = 0; i < n; i++) {
            int r;
            controlLock.lock();
            try {
                r = planner.lookup(control, op, i, ctx);
                if (r != 0) {
                    planner.failEarly(op, ctx, r, plan);
                }
            } finally {
                controlLock.unlock();
            }
            if (r != 0) {
                execute(plan, false, releases);
                releaseLinks(releases);
                return r;
            }
        }
        int ret = runPlanned(op, ctx, plan, queryOut, releases);
        releaseLinks(releases);
        return ret;
    }

    /** dev_tcx_uninstall of both hooks, after the device is unlisted. */
    public void teardown() {
        run(TcxOp.teardown());
    }

    /** The deletion of the netkit pair: netkit_uninit of the primary, then of the peer. Returns the op's result. */
    public int netkitTeardown() {
        return run(TcxOp.netkitTeardown());
    }

    private int runPlanned(TcxOp op, OpContext ctx, Plan plan, QueryResult queryOut, ArrayDeque<Integer> releases) {
        boolean locked = writersLock && op.kind.locked();
        if (locked) {
            writerLock.lock();
        }
        try {
            controlLock.lock();
            try {
                plannedQuery.reset();
                planner.plan(control, op, ctx, plan, plannedQuery);
                if (queryOut != null) {
                    queryOut.copyFrom(plannedQuery);
                }
            } finally {
                controlLock.unlock();
            }
            locked = execute(plan, locked, releases);
        } finally {
            if (locked) {
                writerLock.unlock();
            }
        }
        return plan.ret;
    }

    /** The last reference of a link went: tcx_link_release runs, under the writer lock, as its own operation. */
    private void releaseLinks(ArrayDeque<Integer> releases) {
        Integer l;
        while ((l = releases.poll()) != null) {
            runPlanned(TcxOp.linkRelease(l), new OpContext(), new Plan(), null, releases);
        }
    }

    /** Executes {@code plan} in order; returns whether the writer lock is still held. */
    private boolean execute(Plan plan, boolean locked, ArrayDeque<Integer> releases) {
        for (int i = 0; i < plan.size(); i++) {
            switch (plan.code(i)) {
                case Plan.SYNC -> rcu.synchronize();
                case Plan.UNLOCK -> {
                    if (locked) {
                        writerLock.unlock();
                        locked = false;
                    }
                }
                default -> {
                    controlLock.lock();
                    try {
                        apply(plan, i, releases);
                    } finally {
                        controlLock.unlock();
                    }
                }
            }
        }
        return locked;
    }

    /** One action, to the control plane and to reader-visible memory. Called under the control lock. */
    private void apply(Plan plan, int i, ArrayDeque<Integer> releases) {
        TcxState s = control;
        int code = plan.code(i);
        switch (code) {
            case Plan.SLOT_STORE, Plan.SLOT_PUBLISH -> {
                PlanEffects.applyStore(s, plan, i);
                Entry e = entry(plan.arg(i, 0));
                Prog p = progOrNull(plan.arg(i, 2));
                if (code == Plan.SLOT_STORE) {
                    e.storePlain(plan.arg(i, 1), p);
                } else {
                    e.writeOnce(plan.arg(i, 1), p);
                }
            }
            case Plan.COUNT_STORE -> {
                PlanEffects.applyStore(s, plan, i);
                bundle(plan.arg(i, 0)).storeCount(plan.arg(i, 1));
            }
            case Plan.PUBLISH -> {
                PlanEffects.applyStore(s, plan, i);
                int ref = plan.arg(i, 1);
                HOOK.setRelease(hooks, plan.arg(i, 0), ref == TcxState.NULL_ENTRY ? null : entry(ref));
            }
            case Plan.PUT_PROG -> putProg(plan.arg(i, 0));
            case Plan.COMMIT_RELEASE -> {
                int b = plan.arg(i, 0);
                if (s.bundleRef[b] != 0) {
                    putProg(s.bundleRef[b]);
                    s.bundleRef[b] = 0;
                }
            }
            case Plan.FREE_BUNDLE -> {
                int b = plan.arg(i, 0);
                s.bundleLife[b] = TcxState.FREED;
                Bundle old = bundles[b];
                bundles[b] = null;
                if (old != null) {
                    if (plan.arg(i, 1) == 1) {
                        rcu.callRcu(old::markFreed);
                    } else {
                        old.markFreed();
                    }
                }
            }
            case Plan.PUT_LINK -> putLink(plan.arg(i, 0), releases);
            case Plan.FREE_LINK -> s.linkLife[plan.arg(i, 0)] = TcxState.FREED;
            case Plan.CLOSE_PROG_FD -> {
                s.progFd[plan.arg(i, 0)] = false;
                putProg(plan.arg(i, 0));
            }
            case Plan.CLOSE_LINK_FD -> {
                s.linkFd[plan.arg(i, 0)] = false;
                putLink(plan.arg(i, 0), releases);
            }
            default -> {
                // Control-plane only: mark_for_release, revision, link fields, device unlisting.
                if (!PlanEffects.applyStore(s, plan, i)) {
                    throw new IllegalStateException("unhandled action " + Plan.codeName(code));
                }
            }
        }
    }

    /** The reader-visible allocation behind a control-plane bundle; a bundle the planner just created gets one. */
    private Bundle bundle(int b) {
        Bundle real = bundles[b];
        if (real == null) {
            real = new Bundle(slots);
            bundles[b] = real;
        }
        return real;
    }

    private Entry entry(int ref) {
        return bundle(TcxState.bundleOf(ref)).entry(ref & 1);
    }

    private Prog progOrNull(int handle) {
        return handle == 0 ? null : progs[handle];
    }

    private void putProg(int p) {
        int r = control.putProg(p);
        if (r == 1) {
            Prog prog = progs[p];
            prog.markReleased(rcu.advance());
            if (immediateFree) {
                prog.markFreed();
            } else {
                rcu.callRcu(prog::markFreed);
            }
        } else if (r < 0) {
            refcountUnderflows++;
        }
    }

    private void putLink(int l, ArrayDeque<Integer> releases) {
        int r = control.putLink(l);
        if (r == 1) {
            releases.add(l);
        } else if (r < 0) {
            refcountUnderflows++;
        }
    }

    // ---- inspection, for tests ------------------------------------------------------------------------------------

    /** rcu_barrier: waits for a grace period and runs the deferred frees queued so far. No reader may be inside. */
    public void quiesce() {
        rcu.barrier();
    }

    /** The progs a reader would run on {@code hook} right now, read from reader-visible memory outside RCU. */
    public int[] visibleProgs(int hook) {
        Entry e = (Entry) HOOK.getAcquire(hooks, hook);
        if (e == null) {
            return new int[0];
        }
        int n = 0;
        while (n < e.fp.length && Entry.readOnce(e.fp, n) != null) {
            n++;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Entry.readOnce(e.fp, i).id;
        }
        return out;
    }

    /** The control plane's view of {@code hook}: "none" or "rev R [p/l ...]". */
    public String controlSummary(int hook) {
        controlLock.lock();
        try {
            return control.hookSummary(hook);
        } finally {
            controlLock.unlock();
        }
    }

    public int refcount(int prog) {
        controlLock.lock();
        try {
            return control.progRefcnt[prog];
        } finally {
            controlLock.unlock();
        }
    }

    /**
     * After {@link #quiesce()}, with no operation in flight: the broken invariants between the control plane and
     * reader-visible memory (refcounts against lifecycles, hook contents), empty when all hold.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        controlLock.lock();
        try {
            if (refcountUnderflows != 0) {
                out.add("refcount: " + refcountUnderflows + " put(s) below zero");
            }
            for (int p = 1; p <= config.progs; p++) {
                int refs = control.progRefcnt[p];
                int life = progs[p].life();
                if (refs > 0 && life != Prog.LIVE) {
                    out.add("refcount: p" + p + " has " + refs + " reference(s) but is " + lifeName(life));
                } else if (refs <= 0 && life != Prog.FREED) {
                    out.add("refcount: p" + p + " has no reference but is " + lifeName(life));
                }
            }
            for (int b = 0; config.netkit && b < 2; b++) {
                if (control.bundleLife[b] != TcxState.LIVE || bundles[b] != null && bundles[b].freed()) {
                    out.add("bundle: the embedded bundle of netkit device " + b + " was freed");
                }
            }
            for (int h = 0; h < control.hooks(); h++) {
                int[] expected = control.entryProgs(control.hookEntry[h]);
                int[] seen = visibleProgs(h);
                if (!Arrays.equals(expected, seen)) {
                    out.add("hook " + h + ": readers see " + Arrays.toString(seen) + " but the control plane has "
                            + Arrays.toString(expected));
                }
            }
        } finally {
            controlLock.unlock();
        }
        return out;
    }

    /** The misuse progs recorded so far: runs after free, runs after release. */
    public List<String> misuse() {
        List<String> out = new ArrayList<>();
        for (int p = 1; p <= config.progs; p++) {
            if (progs[p].runsAfterFree() != 0) {
                out.add("use_after_free: p" + p + " ran " + progs[p].runsAfterFree() + " time(s) after free");
            }
            if (progs[p].runsAfterRelease() != 0) {
                out.add("use_after_release: p" + p + " ran " + progs[p].runsAfterRelease()
                        + " time(s) after release");
            }
        }
        return out;
    }

    private static String lifeName(int life) {
        return switch (life) {
            case Prog.LIVE -> "live";
            case Prog.RELEASED -> "released";
            default -> "freed";
        };
    }
}
