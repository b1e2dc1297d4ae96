package mprogsim.model.sim;

import mprogsim.model.tcx.TcxState;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;

/**
 * The reader threads. Each pass is rcu_read_lock, the load of the hook's entry pointer, a READ_ONCE of each slot
 * until NULL (or {@code count} slots with {@code reader_uses_count}), a run of each prog found (an access to the
 * prog object, a step of its own) and rcu_read_unlock, which checks the pass against the version log.
 * {@code reader_takes_lock} adds a take and release of the global lock after the load.
 *
 * <p>Execution state: per reader its next step, the entry it loaded, the slot it reads next, the prog it found,
 * the count it read, the progs it ran in this pass and a hash of everything it saw in earlier passes. The
 * critical sections themselves belong to {@link Rcu}. Configuration: each reader's process, hook and number of
 * passes (timed runs may set the passes before a run), and the reader-side variants.
 */
final class Readers {
    final int[] process;
    final int[] hook;
    private final int[] passes;
    private final boolean usesCount;
    private final boolean takesLock;
    private final TcxState s;
    private final Lock lock;
    private final Rcu rcu;
    private final Versions versions;
    private final Lifetimes lifetimes;
    private final Violations violations;
    private final Names names;

    private final Step[] next;
    private final int[] entry;
    private final int[] slot;
    private final int[] prog;
    private final int[] count;
    private final int[][] seen;
    private final int[] seenLen;
    private final long[] observation;

    /** The weak memory mode (null under sequential consistency) and each reader's part of it. */
    private WeakTcx weak;
    /** Message view (snapshot) of the entry-pointer write this pass loaded, 0 after a plain load. */
    private int[] wDepEntry;
    /** Message view of the slot write the prog about to run was loaded from. */
    private int[] wDepSlot;
    /** The read choice of the next load: how many writes newer than its lower bound it reads. */
    private int[] wAdvance;
    /** Which write of the hook this pass's entry load read (for traces). */
    private int[] wEntryWrite;

    Readers(int[] process, int[] hook, int[] passes, int variants, TcxState memory, Lock lock, Rcu rcu,
            Versions versions, Lifetimes lifetimes, Violations violations, Names names) {
        this.process = process;
        this.hook = hook;
        this.passes = passes;
        this.usesCount = mprogsim.model.tcx.Variant.READER_USES_COUNT.in(variants);
        this.takesLock = mprogsim.model.tcx.Variant.READER_TAKES_LOCK.in(variants);
        this.s = memory;
        this.lock = lock;
        this.rcu = rcu;
        this.versions = versions;
        this.lifetimes = lifetimes;
        this.violations = violations;
        this.names = names;
        int n = process.length;
        next = new Step[n];
        entry = new int[n];
        slot = new int[n];
        prog = new int[n];
        count = new int[n];
        seen = new int[n][memory.slots + 2];
        seenLen = new int[n];
        observation = new long[n];
    }

    void useWeak(WeakTcx w) {
        int n = process.length;
        weak = w;
        wDepEntry = new int[n];
        wDepSlot = new int[n];
        wAdvance = new int[n];
        wEntryWrite = new int[n];
    }

    void reset() {
        if (weak != null) {
            java.util.Arrays.fill(wDepEntry, 0);
            java.util.Arrays.fill(wDepSlot, 0);
            java.util.Arrays.fill(wAdvance, 0);
            java.util.Arrays.fill(wEntryWrite, 0);
        }
        for (int r = 0; r < process.length; r++) {
            next[r] = passes[r] > 0 ? Step.ENTER : Step.DONE;
            seenLen[r] = 0;
            observation[r] = 0;
        }
    }

    int status(int r) {
        return next[r].status(this, r);
    }

    boolean takesLock() {
        return takesLock;
    }

    boolean weak() {
        return weak != null;
    }

    /**
     * Whether access {@code a} conflicts with a step reader r can still take in an execution in which no writer
     * moves (for {@link PersistentProcess}). The hook pointers, and the slots of every entry a reader can reach, then
     * keep their values: r reads its own critical-section state, the version and entry pointer of its hook, the
     * entry it holds and the entry published now (their slots, count and memory), and the progs in their slots. An
     * over-approximation: a true answer only costs reduction.
     */
    boolean laterStepsConflict(int r, long a) {
        Step st = next[r];
        if (st == Step.DONE) {
            return false;
        }
        int kind = Loc.kindOf(a);
        int index = Footprint.index(a);
        boolean writes = Footprint.writes(a);
        switch (kind) {
            case Loc.RCU_CS:
                return index == r || index == Footprint.ALL;
            case Loc.RCU_EXIT:
                // r still ends its current section and the later ones; a grace period may wait on an earlier one.
                return Loc.objectOf(a) == r && (index == Footprint.ALL || index >= rcu.sections(r) % 0xffff);
            case Loc.VERSION:
                return writes && (index == hook[r] || index == Footprint.ALL);
            case Loc.HOOK:
                return writes && loadsAgain(r) && (index == hook[r] || index == Footprint.ALL);
            case Loc.LOCK:
                return takesLock;
            case Loc.FP:
            case Loc.COUNT:
            case Loc.BUNDLE_MEM:
            case Loc.PROG_MEM:
                if (!writes) {
                    return false;
                }
                if (kind == Loc.PROG_MEM && st == Step.RUN && (index == prog[r] || index == Footprint.ALL)) {
                    return true;
                }
                boolean holds = st == Step.COUNT || st == Step.SLOT || st == Step.RUN || st == Step.LOCK
                        || st == Step.UNLOCK;
                return holds && entryConflict(entry[r], kind, index)
                        || loadsAgain(r) && entryConflict(s.hookEntry[hook[r]], kind, index);
            default:
                // The weak-memory locations belong to readers too; everything else no reader touches.
                return kind >= Loc.WEAK_FENCE;
        }
    }

    /**
     * The entry reader r is walking when its next step reads one of its slots or runs a prog found there (inside
     * its critical section), else {@link TcxState#NULL_ENTRY}.
     */
    int walkingEntry(int r) {
        Step st = next[r];
        return st == Step.SLOT || st == Step.RUN ? entry[r] : TcxState.NULL_ENTRY;
    }

    /** Whether reader r, inside its critical section, loads its hook's entry pointer next. */
    boolean loadsEntryNext(int r) {
        return next[r] == Step.LOAD;
    }

    /** Whether reader r's walk reads the entry its hook points to now. */
    boolean walksPublishedEntry(int r) {
        int e = walkingEntry(r);
        return e != TcxState.NULL_ENTRY && e == s.hookEntry[hook[r]];
    }

    /** Whether reader r will still load its hook's entry pointer (this pass or a later one). */
    private boolean loadsAgain(int r) {
        Step st = next[r];
        return st == Step.ENTER || st == Step.LOAD || rcu.sections(r) + 1 < passes[r];
    }

    /** Whether a write of kind/index touches entry e as a reader reads it: its slots, count, memory or progs. */
    private boolean entryConflict(int e, int kind, int index) {
        if (e == TcxState.NULL_ENTRY) {
            return false;
        }
        if (index == Footprint.ALL) {
            return true;
        }
        switch (kind) {
            case Loc.FP:
                return index / s.slots == e;
            case Loc.COUNT:
            case Loc.BUNDLE_MEM:
                return index == TcxState.bundleOf(e);
            default:
                for (int i = 0; i < s.slots; i++) {
                    if (s.fp[s.fpIndex(e, i)] == index) {
                        return true;
                    }
                }
                return false;
        }
    }

    void step(int r) {
        next[r].step(this, r);
    }

    int footprint(int r, long[] out, int k) {
        k = next[r].footprint(this, r, out, k);
        if (weak != null) {
            out[k++] = Loc.write(Loc.WEAK_CHOICE, process[r]);
            if (next[r] == Step.EXIT) {
                out[k++] = Loc.write(Loc.WEAK_SYNC, 0);
            }
        }
        return k;
    }

    // ---- weak memory: the read choice of each load -------------------------------------------------------------

    /** The weak location reader r's next step loads; -1 when it loads none (or under sequential consistency). */
    private int weakLoc(int r) {
        if (weak == null) {
            return -1;
        }
        return switch (next[r]) {
            case LOAD -> weak.hookLoc(hook[r]);
            case COUNT -> weak.countLoc(TcxState.bundleOf(entry[r]));
            case SLOT -> slot[r] < s.slots ? weak.fpLoc(s.fpIndex(entry[r], slot[r])) : -1;
            case RUN -> weak.racing && prog[r] != 0 ? weak.contentLoc(prog[r]) : -1;
            default -> -1;
        };
    }

    /** The oldest write reader r's next load may read: its views and the dependencies of the load. */
    private int weakLower(int r, int loc) {
        Step st = next[r];
        int depA = st == Step.LOAD ? 0 : wDepEntry[r];
        int depB = st == Step.RUN ? wDepSlot[r] : 0;
        return weak.mem.lowerBound(process[r], loc, depA, depB);
    }

    /**
     * The write reader r's next load reads: the newest, moved back by its read choice, never older than its lower
     * bound (random and PCT runs stay close to sequential consistency, with stale reads where a choice asks).
     */
    private int weakIndex(int r, int loc) {
        return Math.max(weakLower(r, loc), weak.mem.length(loc) - 1 - wAdvance[r]);
    }

    private int weakRead(int r, int loc, int kind) {
        int i = weakIndex(r, loc);
        wAdvance[r] = 0;
        return weak.mem.load(process[r], loc, i, kind);
    }

    /** The value reader r's next load will read (for traces). */
    private int weakPeek(int r, int loc) {
        return weak.mem.valueAt(loc, weakIndex(r, loc));
    }

    /** Whether reader r's next load could read an older write than it will: its read choice may move on. */
    boolean canAdvance(int r) {
        int loc = weakLoc(r);
        return loc >= 0 && weakIndex(r, loc) > weakLower(r, loc);
    }

    /** The read-choice process of reader r: DONE with the reader, ENABLED while an older write may be read. */
    int choiceStatus(int r) {
        if (next[r] == Step.DONE) {
            return Program.DONE;
        }
        return canAdvance(r) ? Program.ENABLED : Program.BLOCKED;
    }

    /** The read-choice step: reader r's next load will read one write older. */
    void advance(int r) {
        wAdvance[r]++;
    }

    /**
     * The read-choice step's footprint: it changes the reader's choice (written by every step of the reader) and
     * is enabled by the writes of the location the reader loads next.
     */
    int choiceFootprint(int r, long[] out, int k) {
        out[k++] = Loc.await(Loc.WEAK_CHOICE, 0, process[r]);
        out[k++] = Loc.write(Loc.WEAK_CHOICE, process[r]);
        switch (next[r]) {
            case LOAD -> out[k++] = Loc.await(Loc.HOOK, 0, hook[r]);
            case COUNT -> out[k++] = Loc.await(Loc.COUNT, 0, TcxState.bundleOf(entry[r]));
            case SLOT -> out[k++] = Loc.slot(Footprint.WAIT, entry[r], Math.min(slot[r], s.slots - 1), s.slots);
            case RUN -> out[k++] = Loc.await(Loc.PROG_MEM, 0, prog[r]);
            default -> {
            }
        }
        return k;
    }

    String describeChoice(int r) {
        int loc = weakLoc(r);
        if (loc < 0) {
            return "read choice of " + who(r) + " (no load next)";
        }
        int i = weakIndex(r, loc);
        return "read choice: " + who(r) + "'s next load of " + weak.locationName(loc) + " will read "
                + weak.writeText(names, loc, i - 1) + " instead of " + weak.writeText(names, loc, i);
    }

    /** Reader r's next load as trace text: the write it reads from and, for a stale one, the missing ordering. */
    private String weakNote(int r, int loc) {
        int i = weakIndex(r, loc);
        String rf = weak.readsFrom(names, loc, i);
        if (i == weak.mem.length(loc) - 1) {
            return " [" + rf + "]";
        }
        String why = switch (next[r]) {
            case LOAD -> weak.syncBarrier
                    ? "no grace period that started after them began before this section's rcu_read_lock,"
                    + " and nothing else orders them before it"
                    : "a grace period's start without a barrier (sync_without_barrier) orders nothing before a"
                    + " section that begins after it";
            case RUN -> "the prog's contents were published through its fd, and the store that installed the prog"
                    + " in the slot carries no release and follows no full fence after the writer's fd lookup"
                    + " (LKMM: T6)";
            default -> weak.plainEntryLoad
                    ? "the entry pointer was loaded with a plain load (entry_load_plain): no address dependency"
                    + " orders this load after it"
                    : weak.mem.kindAt(weak.hookLoc(hook[r]), wEntryWrite[r]) != mprogsim.model.sim.memory.WeakMemory.RELEASE
                    ? "the entry pointer this reader followed was published by "
                    + weak.writeText(names, weak.hookLoc(hook[r]), wEntryWrite[r])
                    + " (no release): the stores before it are not ordered before it"
                    : "the publish this reader followed does not order them";
        };
        return " [" + rf + ": " + why + "]";
    }

    /** Reader r's weak state in the canonical form: read choice, and dependencies by canonical snapshot. */
    int weakKey(int r, int[] out, int k) {
        out[k++] = wAdvance[r];
        out[k++] = wEntryWrite[r];
        out[k++] = weak.mem.canonicalRef(wDepEntry[r]);
        out[k++] = weak.mem.canonicalRef(wDepSlot[r]);
        return k;
    }

    int weakKeyInts() {
        return weak == null ? 0 : process.length * 4;
    }

    int stepKind(int r) {
        return next[r].kind;
    }

    long spanMarks(int r) {
        return next[r].spans;
    }

    String describe(int r) {
        Step st = next[r];
        return st == Step.DONE ? "done" : "pass " + (rcu.sections(r) + 1) + ": " + st.text(this, r);
    }

    /** Timed runs: whether the reader's next step starts a pass (it waits for the pass's arrival). */
    boolean startsPass(int r) {
        return next[r] == Step.ENTER;
    }

    /** Timed runs: the reader's stream has ended; a reader between passes makes no more. */
    void retire(int r) {
        if (next[r] == Step.ENTER) {
            next[r] = Step.DONE;
        }
    }

    void setPasses(int r, int n) {
        passes[r] = n;
    }

    /** What the reader saw in all its passes, for comparing outcomes. */
    String observation(int r) {
        return Long.toHexString(observation[r]) + "/" + rcu.sections(r);
    }

    private String who(int r) {
        return names.process(process[r]);
    }

    private Step afterLoad() {
        return takesLock ? Step.LOCK : afterLock();
    }

    private Step afterLock() {
        return usesCount ? Step.COUNT : Step.SLOT;
    }

    /** A reader's steps: what each does, what it touches, its timed kind, its span marks and its trace text. */
    enum Step {
        ENTER(TimedMetrics.READ_LOCK, TimedMetrics.OPEN_PASS) {
            @Override
            void step(Readers rs, int r) {
                rs.rcu.enter(r);
                if (rs.weak != null) {
                    rs.weak.enter(rs.process[r]);
                }
                rs.versions.enter(r);
                rs.seenLen[r] = 0;
                rs.next[r] = LOAD;
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                k = Rcu.enterFootprint(r, out, k);
                return Versions.observeFootprint(rs.hook[r], out, k);
            }

            @Override
            String text(Readers rs, int r) {
                return "rcu_read_lock";
            }
        },
        LOAD(TimedMetrics.ENTRY_LOAD, 0) {
            @Override
            void step(Readers rs, int r) {
                int e;
                if (rs.weak == null) {
                    e = rs.s.hookEntry[rs.hook[r]];
                } else {
                    int loc = rs.weak.hookLoc(rs.hook[r]);
                    int i = rs.weakIndex(r, loc);
                    boolean plain = rs.weak.plainEntryLoad;
                    e = rs.weakRead(r, loc, plain ? mprogsim.model.sim.memory.WeakMemory.PLAIN
                            : mprogsim.model.sim.memory.WeakMemory.ONCE);
                    rs.wEntryWrite[r] = i;
                    rs.wDepEntry[r] = plain ? 0 : rs.weak.mem.messageAt(loc, i);
                }
                rs.entry[r] = e;
                rs.slot[r] = 0;
                rs.next[r] = e == TcxState.NULL_ENTRY ? EXIT : rs.afterLoad();
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                out[k++] = Loc.read(Loc.HOOK, rs.hook[r]);
                return k;
            }

            @Override
            String text(Readers rs, int r) {
                if (rs.weak != null) {
                    int loc = rs.weak.hookLoc(rs.hook[r]);
                    int e = rs.weakPeek(r, loc);
                    return (rs.weak.plainEntryLoad ? "plain load " : "rcu_dereference ") + Names.hook(rs.hook[r])
                            + " -> " + (e == TcxState.NULL_ENTRY ? "NULL" : Names.entry(e)) + rs.weakNote(r, loc);
                }
                int e = rs.s.hookEntry[rs.hook[r]];
                return "load " + Names.hook(rs.hook[r]) + " -> "
                        + (e == TcxState.NULL_ENTRY ? "NULL" : Names.entry(e));
            }
        },
        LOCK(TimedMetrics.LOCK, 0) {
            @Override
            int status(Readers rs, int r) {
                return rs.lock.free() ? Program.ENABLED : Program.BLOCKED;
            }

            @Override
            void step(Readers rs, int r) {
                rs.lock.acquire(rs.process[r]);
                rs.next[r] = UNLOCK;
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                return Lock.acquireFootprint(out, k);
            }

            @Override
            String text(Readers rs, int r) {
                return rs.lock.describeAcquire();
            }
        },
        UNLOCK(TimedMetrics.UNLOCK, 0) {
            @Override
            void step(Readers rs, int r) {
                rs.lock.release();
                rs.next[r] = rs.afterLock();
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                return Lock.releaseFootprint(out, k);
            }

            @Override
            String text(Readers rs, int r) {
                return "rtnl_unlock";
            }
        },
        COUNT(TimedMetrics.SLOT_READ, 0) {
            @Override
            void step(Readers rs, int r) {
                int b = TcxState.bundleOf(rs.entry[r]);
                if (rs.lifetimes.freed(b)) {
                    rs.violations.violate(Invariant.USE_AFTER_FREE, rs.who(r) + " reads the count of bundle " + b
                            + ", already freed");
                }
                rs.count[r] = rs.weak == null ? rs.s.bundleCount[b]
                        : rs.weakRead(r, rs.weak.countLoc(b), mprogsim.model.sim.memory.WeakMemory.ONCE);
                rs.next[r] = rs.count[r] > 0 ? SLOT : EXIT;
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                int b = TcxState.bundleOf(rs.entry[r]);
                out[k++] = Loc.read(Loc.COUNT, b);
                out[k++] = Loc.read(Loc.BUNDLE_MEM, b);
                return k;
            }

            @Override
            String text(Readers rs, int r) {
                int b = TcxState.bundleOf(rs.entry[r]);
                if (rs.weak != null) {
                    int loc = rs.weak.countLoc(b);
                    return "read count of bundle " + b + " -> " + rs.weakPeek(r, loc) + rs.weakNote(r, loc);
                }
                return "read count of bundle " + b + " -> " + rs.s.bundleCount[b];
            }
        },
        SLOT(TimedMetrics.SLOT_READ, 0) {
            @Override
            void step(Readers rs, int r) {
                int e = rs.entry[r];
                int i = rs.slot[r];
                TcxState s = rs.s;
                if (i >= s.slots) {
                    rs.violations.violate(Invariant.WILD_ACCESS, rs.who(r) + " reads slot " + i + " of an entry with "
                            + s.slots + " slots (no NULL terminator in reach)");
                    rs.next[r] = EXIT;
                    return;
                }
                if (rs.lifetimes.freed(TcxState.bundleOf(e))) {
                    rs.violations.violate(Invariant.USE_AFTER_FREE, rs.who(r) + " reads slot " + i + " of "
                            + Names.entry(e) + ", whose bundle is already freed");
                }
                int q;
                if (rs.weak == null) {
                    q = s.fp[s.fpIndex(e, i)];
                } else {
                    int loc = rs.weak.fpLoc(s.fpIndex(e, i));
                    int w = rs.weakIndex(r, loc);
                    q = rs.weakRead(r, loc, mprogsim.model.sim.memory.WeakMemory.ONCE);
                    rs.wDepSlot[r] = rs.weak.mem.messageAt(loc, w);
                }
                rs.prog[r] = q;
                rs.next[r] = q != 0 || rs.usesCount ? RUN : EXIT;
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                int e = rs.entry[r];
                // A slot past the array's end is still a read of this entry's memory.
                out[k++] = Loc.slot(Footprint.READ, e, Math.min(rs.slot[r], rs.s.slots - 1), rs.s.slots);
                out[k++] = Loc.read(Loc.BUNDLE_MEM, TcxState.bundleOf(e));
                return k;
            }

            @Override
            String text(Readers rs, int r) {
                TcxState s = rs.s;
                int e = rs.entry[r];
                int i = rs.slot[r];
                if (rs.weak != null && i < s.slots) {
                    int loc = rs.weak.fpLoc(s.fpIndex(e, i));
                    return "READ_ONCE " + Names.entry(e) + "[" + i + "] -> " + rs.names.progOrNull(rs.weakPeek(r, loc))
                            + rs.weakNote(r, loc);
                }
                return "READ_ONCE " + Names.entry(e) + "[" + i + "] -> "
                        + (i < s.slots ? rs.names.progOrNull(s.fp[s.fpIndex(e, i)]) : "out of bounds");
            }
        },
        RUN(TimedMetrics.PROG_RUN, 0) {
            @Override
            void step(Readers rs, int r) {
                int q = rs.prog[r];
                if (q == 0) {
                    rs.violations.violate(Invariant.WILD_ACCESS, rs.who(r) + " runs the NULL prog of slot "
                            + rs.slot[r]);
                } else {
                    rs.lifetimes.checkRun(rs.who(r), r, q);
                    if (rs.weak != null && rs.weak.racing) {
                        int loc = rs.weak.contentLoc(q);
                        int i = rs.weakIndex(r, loc);
                        if (rs.weak.mem.valueAt(loc, i) == 0) {
                            rs.violations.violate(Invariant.UNINITIALIZED_READ, rs.who(r) + " runs "
                                    + rs.names.prog(q) + " and reads its contents before their initialisation"
                                    + rs.weakNote(r, loc));
                        }
                        rs.weakRead(r, loc, mprogsim.model.sim.memory.WeakMemory.PLAIN);
                    }
                    if (rs.seenLen[r] < rs.seen[r].length) {
                        rs.seen[r][rs.seenLen[r]++] = q;
                    }
                }
                int after = ++rs.slot[r];
                rs.next[r] = rs.usesCount && after >= rs.count[r] ? EXIT : SLOT;
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                out[k++] = Loc.read(Loc.PROG_MEM, rs.prog[r]);
                return k;
            }

            @Override
            String text(Readers rs, int r) {
                if (rs.weak != null && rs.weak.racing && rs.prog[r] != 0) {
                    int loc = rs.weak.contentLoc(rs.prog[r]);
                    return "run " + rs.names.progOrNull(rs.prog[r]) + ", its contents "
                            + (rs.weakPeek(r, loc) == 0 ? "uninitialised" : "initialised") + rs.weakNote(r, loc);
                }
                return "run " + rs.names.progOrNull(rs.prog[r]);
            }
        },
        EXIT(TimedMetrics.READ_UNLOCK, TimedMetrics.CLOSE_PASS) {
            @Override
            void step(Readers rs, int r) {
                rs.versions.checkSnapshot(r, rs.who(r), rs.seen[r], rs.seenLen[r]);
                long h = rs.observation[r] * 1_000_003L + rs.seenLen[r];
                for (int k = 0; k < rs.seenLen[r]; k++) {
                    h = h * 31 + rs.seen[r][k];
                }
                rs.observation[r] = h;
                rs.rcu.exit(r);
                if (rs.weak != null) {
                    rs.weak.exit(rs.process[r]);
                }
                rs.next[r] = rs.rcu.sections(r) < rs.passes[r] ? ENTER : DONE;
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                k = rs.rcu.exitFootprint(r, out, k);
                return Versions.observeFootprint(rs.hook[r], out, k);
            }

            @Override
            String text(Readers rs, int r) {
                return "rcu_read_unlock, saw " + rs.names.progList(rs.seen[r], rs.seenLen[r]);
            }
        },
        DONE(TimedMetrics.OTHER, 0) {
            @Override
            int status(Readers rs, int r) {
                return Program.DONE;
            }

            @Override
            void step(Readers rs, int r) {
                throw new IllegalStateException(rs.who(r) + " has finished");
            }

            @Override
            int footprint(Readers rs, int r, long[] out, int k) {
                return k;
            }

            @Override
            String text(Readers rs, int r) {
                return "done";
            }
        };

        final int kind;
        final long spans;

        Step(int kind, long spans) {
            this.kind = kind;
            this.spans = spans;
        }

        int status(Readers rs, int r) {
            return Program.ENABLED;
        }

        abstract void step(Readers rs, int r);

        abstract int footprint(Readers rs, int r, long[] out, int k);

        abstract String text(Readers rs, int r);
    }

    void dump(StringBuilder sb) {
        for (int r = 0; r < process.length; r++) {
            sb.append("reader").append(r).append(' ').append(next[r]).append(' ').append(entry[r]).append(' ')
                    .append(slot[r]).append(' ').append(prog[r]).append(' ').append(count[r]).append(' ')
                    .append(java.util.Arrays.toString(java.util.Arrays.copyOf(seen[r], seenLen[r]))).append(' ')
                    .append(observation[r]).append(' ').append(passes[r]).append('\n');
        }
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    private static final Step[] STEPS = Step.values();

    int stateInts() {
        return process.length * (8 + s.slots + 2 + (weak != null ? 4 : 0));
    }

    int save(int[] out, int k) {
        int width = seen.length == 0 ? 0 : seen[0].length;
        for (int r = 0; r < process.length; r++) {
            out[k++] = next[r].ordinal();
            out[k++] = entry[r];
            out[k++] = slot[r];
            out[k++] = prog[r];
            out[k++] = count[r];
            out[k++] = seenLen[r];
            System.arraycopy(seen[r], 0, out, k, width);
            k += width;
            out[k++] = (int) (observation[r] >>> 32);
            out[k++] = (int) observation[r];
            if (weak != null) {
                out[k++] = wDepEntry[r];
                out[k++] = wDepSlot[r];
                out[k++] = wAdvance[r];
                out[k++] = wEntryWrite[r];
            }
        }
        return k;
    }

    int restore(int[] in, int k) {
        int width = seen.length == 0 ? 0 : seen[0].length;
        for (int r = 0; r < process.length; r++) {
            next[r] = STEPS[in[k++]];
            entry[r] = in[k++];
            slot[r] = in[k++];
            prog[r] = in[k++];
            count[r] = in[k++];
            seenLen[r] = in[k++];
            System.arraycopy(in, k, seen[r], 0, width);
            k += width;
            observation[r] = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
            if (weak != null) {
                wDepEntry[r] = in[k++];
                wDepSlot[r] = in[k++];
                wAdvance[r] = in[k++];
                wEntryWrite[r] = in[k++];
            }
        }
        return k;
    }

    /** How many ints {@link #key} writes per reader. */
    int keyInts() {
        return 8 + s.slots + 2;
    }

    /**
     * Reader r's local state as the canonical form holds it: only what its remaining steps of this pass read. The
     * entry is read until the last slot is run (not at the exit), the slot index from the load on, the prog found
     * only by its run, the count only with reader_uses_count, and the progs seen by the exit's check; between
     * passes nothing but the step. What it saw in earlier passes ({@code observation}) is read by no check, only
     * by {@code outcome()}, so it is kept only when {@code keepOutcome}.
     */
    int key(int r, boolean keepOutcome, int[] out, int k) {
        Step st = next[r];
        out[k++] = st.ordinal();
        boolean walking = st == Step.LOCK || st == Step.UNLOCK || st == Step.COUNT || st == Step.SLOT
                || st == Step.RUN;
        out[k++] = walking ? entry[r] : 0;
        out[k++] = walking ? slot[r] : 0;
        out[k++] = st == Step.RUN ? prog[r] : 0;
        out[k++] = walking && usesCount && st != Step.COUNT ? count[r] : 0;
        boolean hasSeen = walking || st == Step.EXIT;
        int len = hasSeen ? seenLen[r] : 0;
        out[k++] = len;
        int width = seen[r].length;
        for (int i = 0; i < width; i++) {
            out[k++] = i < len ? seen[r][i] : 0;
        }
        out[k++] = keepOutcome ? (int) (observation[r] >>> 32) : 0;
        out[k++] = keepOutcome ? (int) observation[r] : 0;
        return k;
    }
}
