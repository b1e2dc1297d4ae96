package mprogsim.model.sim;

import mprogsim.model.mprog.Plan;
import mprogsim.model.sim.memory.WeakMemory;
import mprogsim.model.tcx.TcxPlanner;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;

/**
 * The tcx simulator's accesses in the weak {@code lkmm} mode (docs/memory-model.md): which kernel locations have
 * write histories, and what each step of a writer means to them. Readers read through it (see {@link Readers}).
 *
 * <p>Weak locations: each hook's entry pointer, every fp slot of every entry, every bundle's count, and, with
 * prog_init "racing", every prog's contents. The writers' own decisions read the newest values (their plans come
 * from {@link TcxState}): every write of these locations is made under the writer lock, whose release-acquire chain
 * puts every earlier write in the lock holder's view. Writer steps map as follows: a slot store of the memcpy or
 * memmove into the peer and the count store are plain stores, an in-place slot store is a WRITE_ONCE, the publish is
 * rcu_assign_pointer (a release; a WRITE_ONCE with {@code publish_without_release}), rtnl_lock acquires and
 * rtnl_unlock releases the lock's view, both ends of synchronize_rcu are strong fences (the start also releases
 * into what later read-side critical sections acquire, the end acquires what every rcu_read_unlock released), and
 * every put (refcount_dec_and_test and its kin return a value) is a strong fence. An fd lookup of a prog observes
 * the prog's contents as its fd's publication ordered them (bpf_prog_inc returns nothing: no fence).
 *
 * <p>Execution state: the memory (histories and views). Configuration: the layout.
 */
final class WeakTcx {
    static final int SYNC_LOCK = 0;
    static final int SYNC_GP_START = 1;
    static final int SYNC_UNLOCKED = 2;
    /** The view call_rcu or kfree_rcu hands to callback process c is sync view {@code SYNC_CALLBACK + c}. */
    static final int SYNC_CALLBACK = 3;

    final WeakMemory mem;
    final boolean racing;
    final boolean releasePublish;
    final boolean plainEntryLoad;
    /** synchronize_rcu's start is a strong fence that new readers acquire (not so with sync_without_barrier). */
    final boolean syncBarrier;
    private final TcxState s;
    private final int fpBase;
    private final int countBase;
    private final int contentBase;
    private final Versions versions;
    private final Lifetimes lifetimes;
    private final RcuCallbacks callbacks;
    private final int firstCallback;

    WeakTcx(TcxState initial, int processes, int totalOps, int variants, boolean racing, int[][] initialLists,
            Versions versions, Lifetimes lifetimes, RcuCallbacks callbacks, int firstCallback) {
        this.s = initial;
        this.versions = versions;
        this.lifetimes = lifetimes;
        this.callbacks = callbacks;
        this.firstCallback = firstCallback;
        this.racing = racing;
        this.releasePublish = !Variant.PUBLISH_WITHOUT_RELEASE.in(variants);
        this.plainEntryLoad = Variant.ENTRY_LOAD_PLAIN.in(variants);
        this.syncBarrier = !Variant.SYNC_WITHOUT_BARRIER.in(variants);
        fpBase = initial.hookEntry.length;
        countBase = fpBase + initial.fp.length;
        contentBase = countBase + initial.bundleCapacity;
        int locations = contentBase + (racing ? initial.progs : 0);
        // Each op writes one location at most a few times (a slot in the memcpy and again in the memmove, the count,
        // the hook once or twice); its fences and releases create at most a handful of message views.
        mem = new WeakMemory(locations, processes, 3 + 4 * totalOps, 4 + 12 * totalOps, SYNC_CALLBACK
                + callbacks.count());
        for (int h = 0; h < fpBase; h++) {
            mem.setInitial(h, initial.hookEntry[h]);
        }
        for (int i = 0; i < initial.fp.length; i++) {
            mem.setInitial(fpBase + i, initial.fp[i]);
        }
        for (int b = 0; b < initial.bundleCapacity; b++) {
            mem.setInitial(countBase + b, initial.bundleCount[b]);
        }
        if (racing) {
            for (int q = 1; q <= initial.progs; q++) {
                mem.addUnorderedInitialWrite(contentLoc(q), 1);
            }
            for (int[] list : initialLists) {
                for (int q : list) {
                    mem.makeVisibleToAll(contentLoc(q));
                }
            }
        }
        mem.markInitial();
    }

    int hookLoc(int h) {
        return h;
    }

    int fpLoc(int fpIndex) {
        return fpBase + fpIndex;
    }

    int countLoc(int bundle) {
        return countBase + bundle;
    }

    int contentLoc(int prog) {
        return contentBase + prog - 1;
    }

    /** The location's name for traces. */
    String locationName(int loc) {
        if (loc < fpBase) {
            return Names.hook(loc);
        }
        if (loc < countBase) {
            int i = loc - fpBase;
            return Names.entry(i / s.slots) + "[" + (i % s.slots) + "]";
        }
        if (loc < contentBase) {
            return "bundle " + (loc - countBase) + " count";
        }
        return "contents of prog#" + (loc - contentBase + 1);
    }

    void reset() {
        mem.reset();
    }

    // ---- writers ----------------------------------------------------------------------------------------------

    /** The weak meaning of writer p's next step, applied before the step runs (its effect on plain memory). */
    void beforeWriterStep(Writers w, int p) {
        switch (w.next[p]) {
            case LOCK -> mem.acquireSync(p, SYNC_LOCK);
            case GP_END -> {
                mem.acquireSync(p, SYNC_UNLOCKED);
                mem.fence(p);
            }
            case PUT -> mem.fence(p);
            case RELEASE -> {
                // call_rcu: the callback's grace period starts after everything the releasing thread observed.
                int c = callbacks.callbackOfProg(w.followUpProg[p]);
                if (c >= 0 && !w.freeImmediate) {
                    mem.releaseSync(p, SYNC_CALLBACK + c);
                }
            }
            case PLAN -> {
                if (!w.cur[p].kind.locked()) {
                    mem.fence(p); // closing an fd puts its object
                }
            }
            case LOOKUP -> {
                int target = TcxPlanner.lookupTarget(w.cur[p], w.pc[p]);
                if (racing && target > 0) {
                    mem.observe(p, contentLoc(target));
                }
            }
            case EXEC -> beforeAction(w, p, w.plans[p], w.pc[p]);
            default -> {
            }
        }
    }

    private void beforeAction(Writers w, int p, Plan plan, int i) {
        switch (plan.code(i)) {
            case Plan.SLOT_STORE -> mem.store(p, fpLoc(s.fpIndex(plan.arg(i, 0), plan.arg(i, 1))), plan.arg(i, 2),
                    WeakMemory.PLAIN);
            case Plan.SLOT_PUBLISH -> mem.store(p, fpLoc(s.fpIndex(plan.arg(i, 0), plan.arg(i, 1))),
                    plan.arg(i, 2), WeakMemory.ONCE);
            case Plan.COUNT_STORE -> mem.store(p, countLoc(plan.arg(i, 0)), plan.arg(i, 1), WeakMemory.PLAIN);
            case Plan.PUBLISH -> mem.store(p, hookLoc(plan.arg(i, 0)), plan.arg(i, 1),
                    releasePublish ? WeakMemory.RELEASE : WeakMemory.ONCE);
            case Plan.SYNC -> {
                if (syncBarrier) {
                    mem.fence(p);
                    mem.releaseSync(p, SYNC_GP_START);
                }
            }
            case Plan.FREE_BUNDLE -> {
                int c = plan.arg(i, 1) != 0 ? callbacks.callbackOfBundle(plan.arg(i, 0)) : -1;
                if (c >= 0) {
                    mem.releaseSync(p, SYNC_CALLBACK + c);
                }
            }
            case Plan.UNLOCK -> {
                if (!w.noLock) {
                    mem.releaseSync(p, SYNC_LOCK);
                }
            }
            case Plan.PUT_PROG, Plan.PUT_LINK, Plan.CLOSE_PROG_FD, Plan.CLOSE_LINK_FD -> mem.fence(p);
            default -> {
            }
        }
    }

    /**
     * What writer p's next step adds to its footprint: every writer step may fence (the global fence view), and the
     * end of a grace period reads what every rcu_read_unlock released.
     */
    int writerFootprint(Writers w, int p, long[] out, int k) {
        out[k++] = Loc.write(Loc.WEAK_FENCE, 0);
        if (w.next[p] == WriterStep.GP_END) {
            out[k++] = Loc.read(Loc.WEAK_SYNC, 0);
        } else if (w.next[p] == WriterStep.EXEC && w.plans[p].code(w.pc[p]) == Plan.SYNC) {
            k = graceStartFootprint(p, out, k);
        }
        return k;
    }

    /**
     * Any grace period starts (from {@link Rcu#startGrace}). A writer's (it holds the writer lock, so everything
     * published so far is in its view, which its strong fence released to later readers): later readers are judged
     * from today's version, and every pending release is ordered. An RCU callback's: its view is what call_rcu's
     * caller observed; it orders the release of its own prog.
     */
    void graceStarted(int p) {
        if (p < firstCallback) {
            versions.graceStarted();
            lifetimes.graceOrdersReleases(-1);
            return;
        }
        int c = p - firstCallback;
        mem.joinSync(SYNC_GP_START, SYNC_CALLBACK + c);
        int q = callbacks.progOf(c);
        if (q > 0) {
            lifetimes.graceOrdersReleases(q);
        }
    }

    /** What a grace period's start adds to its footprint in weak memory (see {@link #graceStarted}). */
    int graceStartFootprint(int p, long[] out, int k) {
        if (p < firstCallback) {
            k = Versions.graceStartFootprint(out, k);
            out[k++] = Loc.write(Loc.PROG_MEM, mprogsim.scheduler.Footprint.ALL);
            return k;
        }
        int c = p - firstCallback;
        out[k++] = Loc.write(Loc.RCU_QUEUE, c);
        int q = callbacks.progOf(c);
        if (q > 0) {
            out[k++] = Loc.write(Loc.PROG_MEM, q);
        }
        return k;
    }

    // ---- readers: rcu_read_lock and rcu_read_unlock ---------------------------------------------------------------

    /** rcu_read_lock: the section sees everything before the start of every grace period that began before it. */
    void enter(int p) {
        mem.acquireSync(p, SYNC_GP_START);
    }

    /** rcu_read_unlock: what the section observed is ordered before the end of every later grace period. */
    void exit(int p) {
        mem.releaseSync(p, SYNC_UNLOCKED);
    }

    // ---- trace text ---------------------------------------------------------------------------------------------

    /** Who made write {@code i} of {@code loc}, and how, for traces. */
    String writeText(Names names, int loc, int i) {
        int who = mem.writerAt(loc, i);
        if (who == WeakMemory.NOBODY) {
            return i == 0 ? "the initial value" : "the prog loader's initialisation";
        }
        String how = switch (mem.kindAt(loc, i)) {
            case WeakMemory.RELEASE -> "rcu_assign_pointer";
            case WeakMemory.ONCE -> "WRITE_ONCE";
            default -> "plain store";
        };
        return names.process(who) + "'s " + how;
    }

    /** "reads-from ..." with the newer writes the load could not see, for traces. */
    String readsFrom(Names names, int loc, int i) {
        int n = mem.length(loc);
        StringBuilder sb = new StringBuilder("reads-from ").append(writeText(names, loc, i)).append(" (write ")
                .append(i + 1).append(" of ").append(n).append(')');
        if (i < n - 1) {
            sb.append("; newer, not ordered before this load: ");
            for (int j = i + 1; j < n; j++) {
                sb.append(j > i + 1 ? ", " : "").append(writeText(names, loc, j));
            }
        }
        return sb.toString();
    }

    void dump(StringBuilder sb) {
        mem.dump(sb);
    }
}
