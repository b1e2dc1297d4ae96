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

    void reset() {
        for (int r = 0; r < process.length; r++) {
            next[r] = passes[r] > 0 ? Step.ENTER : Step.DONE;
            seenLen[r] = 0;
            observation[r] = 0;
        }
    }

    int status(int r) {
        return next[r].status(this, r);
    }

    void step(int r) {
        next[r].step(this, r);
    }

    int footprint(int r, long[] out, int k) {
        return next[r].footprint(this, r, out, k);
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
                int e = rs.s.hookEntry[rs.hook[r]];
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
                rs.count[r] = rs.s.bundleCount[b];
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
                int q = s.fp[s.fpIndex(e, i)];
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
        return process.length * (8 + s.slots + 2);
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
