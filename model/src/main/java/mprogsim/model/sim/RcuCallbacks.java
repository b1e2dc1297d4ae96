package mprogsim.model.sim;

import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;

/**
 * The RCU callback processes: one per prog (when progs are freed through call_rcu) and one per bundle (kfree_rcu),
 * named {@code rcu:p1}, {@code rcu:bundle0}. Once call_rcu or kfree_rcu queued its object, the process takes the
 * callback, starts a grace period, waits for it and frees the object. With no reader in the scenario a grace
 * period is over as it starts, so there are no callback processes and a queued object is freed at once.
 *
 * <p>Execution state: per callback process whether its object is queued and its next step; how many prog and
 * bundle frees are pending (the gauges of timed runs). Configuration: the object each process frees, the process
 * of each prog and bundle, and the number of the first callback process.
 */
final class RcuCallbacks {
    private static final int PROG = 1;
    private static final int BUNDLE = 2;

    final int first;
    private final int count;
    private final int[] kind;
    private final int[] object;
    private final int[] ofProg;
    private final int[] ofBundle;
    private final Rcu rcu;
    private final Lifetimes lifetimes;
    private final Names names;

    private final boolean[] queued;
    private final Step[] next;
    private int pendingProgFrees;
    private int pendingBundleFrees;

    /**
     * @param first         the process number of the first callback process
     * @param progCallbacks how many progs have a callback process (progs 1..progCallbacks)
     * @param bundles       how many bundles have one (bundles 0..bundles-1); both 0 when there is no reader
     */
    RcuCallbacks(int first, int progCallbacks, int bundles, int progs, int bundleCapacity, Rcu rcu,
                 Lifetimes lifetimes, Names names) {
        this.first = first;
        this.count = progCallbacks + bundles;
        this.rcu = rcu;
        this.lifetimes = lifetimes;
        this.names = names;
        kind = new int[count];
        object = new int[count];
        ofProg = new int[progs + 1];
        ofBundle = new int[bundleCapacity];
        java.util.Arrays.fill(ofProg, -1);
        java.util.Arrays.fill(ofBundle, -1);
        for (int c = 0; c < count; c++) {
            if (c < progCallbacks) {
                kind[c] = PROG;
                object[c] = c + 1;
                ofProg[c + 1] = c;
            } else {
                kind[c] = BUNDLE;
                object[c] = c - progCallbacks;
                ofBundle[c - progCallbacks] = c;
            }
        }
        queued = new boolean[count];
        next = new Step[count];
    }

    /**
     * Whether access {@code a} conflicts with a step callback process c can still take in an execution in which no
     * writer moves, or only writers without the lock ({@code writersMayQueue}: a release may queue its prog) and,
     * when {@code frozenReader} is not -1, that reader does not move either (a grace period waiting for it never
     * ends then). For {@link PersistentProcess}; over-approximate.
     */
    boolean laterStepsConflict(int c, long a, int frozenReader, boolean writersMayQueue) {
        Step st = next[c];
        if (st == Step.QUEUED && !queued[c] && !writersMayQueue) {
            return false;
        }
        if (frozenReader >= 0 && st == Step.GP_END && rcu.waitsOn(first + c, frozenReader)) {
            return false;
        }
        if (frozenReader >= 0 && rcu.inside(frozenReader) && (st == Step.QUEUED || st == Step.GP_START)) {
            // A grace period that starts now waits for the frozen reader: only its start's reads can happen.
            return Loc.kindOf(a) == Loc.RCU_CS && Footprint.writes(a);
        }
        int kind = Loc.kindOf(a);
        int index = Footprint.index(a);
        boolean writes = Footprint.writes(a);
        boolean all = index == Footprint.ALL;
        int obj = object[c];
        switch (kind) {
            case Loc.RCU_CS:
                // The grace period's start reads every reader's section state.
                return writes && (st == Step.QUEUED || st == Step.GP_START);
            case Loc.RCU_EXIT:
                // Its end waits for the sections it saw at its start; before the start, any reader's.
                return writes && (st == Step.QUEUED || st == Step.GP_START
                        || st == Step.GP_END && rcu.waitsOn(first + c, Loc.objectOf(a)));
            case Loc.PROG_MEM:
                return kind(c) == PROG && (all || index == obj);
            case Loc.PROG_REF:
                return kind(c) == PROG && writes && (all || index == obj);
            case Loc.BUNDLE_MEM:
            case Loc.BUNDLE:
                return kind(c) == BUNDLE && (all || index == obj);
            case Loc.HOOK:
                return kind(c) == BUNDLE && writes;
            case Loc.RCU_QUEUE:
                return index == c || all;
            default:
                return false;
        }
    }

    private int kind(int c) {
        return kind[c];
    }

    int count() {
        return count;
    }

    /** Weak memory: the callback process of prog q (-1 when it is freed at once). */
    int callbackOfProg(int q) {
        return ofProg[q];
    }

    /** Weak memory: the callback process of bundle b (-1 when it is freed at once). */
    int callbackOfBundle(int b) {
        return ofBundle[b];
    }

    /** Weak memory: the prog callback process c frees, or 0 for a bundle's. */
    int progOf(int c) {
        return kind[c] == PROG ? object[c] : 0;
    }

    /** Weak memory: whether callback process c's next step starts its grace period. */
    boolean atGraceStart(int c) {
        return next[c] == Step.GP_START;
    }

    /** The name of callback process c, from the object it frees. */
    String name(int c, Names n) {
        return kind[c] == PROG ? "rcu:" + n.prog(object[c]) : "rcu:bundle" + object[c];
    }

    void reset() {
        java.util.Arrays.fill(queued, false);
        java.util.Arrays.fill(next, Step.QUEUED);
        pendingProgFrees = 0;
        pendingBundleFrees = 0;
    }

    // ---- call_rcu and kfree_rcu, as the writers' steps make them -------------------------------------------------

    /** call_rcu of a released prog: its callback process may start its grace period from now on. */
    void queueProg(int q) {
        int c = ofProg[q];
        if (c < 0) {
            lifetimes.freeProg(q, "rcu");
            return;
        }
        pendingProgFrees++;
        queued[c] = true;
    }

    /** kfree_rcu of a bundle. */
    void queueBundle(int b) {
        int c = ofBundle[b];
        if (c < 0) {
            lifetimes.freeBundle(b, "rcu");
            return;
        }
        pendingBundleFrees++;
        queued[c] = true;
    }

    /** What call_rcu of prog q touches: the queue its process waits on, or the free itself when there is none. */
    int queueProgFootprint(int q, long[] out, int k) {
        int c = ofProg[q];
        if (c >= 0) {
            out[k++] = Loc.write(Loc.RCU_QUEUE, c);
            return k;
        }
        return Lifetimes.freeProgFootprint(q, out, k);
    }

    int queueBundleFootprint(int b, long[] out, int k) {
        int c = ofBundle[b];
        if (c >= 0) {
            out[k++] = Loc.write(Loc.RCU_QUEUE, c);
            return k;
        }
        return Lifetimes.freeBundleFootprint(b, out, k);
    }

    // ---- the callback processes ----------------------------------------------------------------------------------

    int status(int c) {
        Step st = next[c];
        // Most callback processes idle most of the time: answer for them without the enum's virtual call.
        if (st == Step.QUEUED) {
            return queued[c] ? Program.ENABLED : Program.BLOCKED;
        }
        return st.status(this, c);
    }

    void step(int c) {
        next[c].step(this, c);
    }

    int footprint(int c, long[] out, int k) {
        return next[c].footprint(this, c, out, k);
    }

    int stepKind(int c) {
        return next[c].kind;
    }

    String describe(int c) {
        return next[c].text(this, c);
    }

    /** Whether process c still has work: a callback queued or in progress (at the end, that is a deadlock). */
    boolean busy(int c) {
        return queued[c] || next[c] != Step.QUEUED;
    }

    long gauge(int i) {
        return i == 0 ? pendingProgFrees : pendingBundleFrees;
    }

    private String what(int c) {
        return kind[c] == PROG ? names.prog(object[c]) : "bundle " + object[c];
    }

    /**
     * The steps of a callback process: what each does, what it touches, its timed kind and its trace text. A
     * callback process never finishes, as memory may be reused in timed runs.
     */
    enum Step {
        /** Waits for its object to be queued; the wait is a step of its own, before the grace period's reads. */
        QUEUED(TimedMetrics.GP_START) {
            @Override
            int status(RcuCallbacks cb, int c) {
                return cb.queued[c] ? Program.ENABLED : Program.BLOCKED;
            }

            @Override
            void step(RcuCallbacks cb, int c) {
                cb.next[c] = GP_START;
            }

            @Override
            int footprint(RcuCallbacks cb, int c, long[] out, int k) {
                out[k++] = Loc.await(Loc.RCU_QUEUE, 0, c);
                return k;
            }

            @Override
            String text(RcuCallbacks cb, int c) {
                return cb.queued[c] ? "takes the queued callback freeing " + cb.what(c) : "idle (nothing queued)";
            }
        },
        GP_START(TimedMetrics.GP_START) {
            @Override
            void step(RcuCallbacks cb, int c) {
                cb.rcu.startGrace(cb.first + c);
                cb.next[c] = GP_END;
            }

            @Override
            int footprint(RcuCallbacks cb, int c, long[] out, int k) {
                return Rcu.graceStartFootprint(out, k);
            }

            @Override
            String text(RcuCallbacks cb, int c) {
                return "grace period starts for the callback freeing " + cb.what(c);
            }
        },
        GP_END(TimedMetrics.GRACE_PERIOD) {
            @Override
            int status(RcuCallbacks cb, int c) {
                return cb.rcu.graceOver(cb.first + c) ? Program.ENABLED : Program.BLOCKED;
            }

            @Override
            void step(RcuCallbacks cb, int c) {
                cb.next[c] = INVOKE;
            }

            @Override
            int footprint(RcuCallbacks cb, int c, long[] out, int k) {
                return cb.rcu.graceEndFootprint(cb.first + c, out, k);
            }

            @Override
            String text(RcuCallbacks cb, int c) {
                return "grace period for " + cb.what(c) + " waits for " + cb.rcu.waitsFor(cb.first + c);
            }
        },
        INVOKE(TimedMetrics.CALLBACK) {
            @Override
            void step(RcuCallbacks cb, int c) {
                cb.queued[c] = false;
                String by = cb.names.process(cb.first + c);
                if (cb.kind[c] == PROG) {
                    cb.pendingProgFrees--;
                    cb.lifetimes.freeProg(cb.object[c], by);
                } else {
                    cb.pendingBundleFrees--;
                    cb.lifetimes.freeBundle(cb.object[c], by);
                }
                cb.next[c] = QUEUED;
            }

            @Override
            int footprint(RcuCallbacks cb, int c, long[] out, int k) {
                int obj = cb.object[c];
                if (cb.kind[c] == PROG) {
                    out[k++] = Loc.write(Loc.PROG_MEM, obj);
                    return Lifetimes.freeProgFootprint(obj, out, k);
                }
                return Lifetimes.freeBundleFootprint(obj, out, k);
            }

            @Override
            String text(RcuCallbacks cb, int c) {
                return "callback frees " + cb.what(c);
            }
        };

        final int kind;

        Step(int kind) {
            this.kind = kind;
        }

        int status(RcuCallbacks cb, int c) {
            return Program.ENABLED;
        }

        abstract void step(RcuCallbacks cb, int c);

        abstract int footprint(RcuCallbacks cb, int c, long[] out, int k);

        abstract String text(RcuCallbacks cb, int c);
    }

    void dump(StringBuilder sb) {
        sb.append("callbacks ").append(java.util.Arrays.toString(queued)).append(java.util.Arrays.toString(next))
                .append(' ').append(pendingProgFrees).append(' ').append(pendingBundleFrees).append('\n');
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    private static final Step[] STEPS = Step.values();

    int stateInts() {
        return 2 * count + 2;
    }

    int save(int[] out, int k) {
        for (int c = 0; c < count; c++) {
            out[k++] = queued[c] ? 1 : 0;
            out[k++] = next[c].ordinal();
        }
        out[k++] = pendingProgFrees;
        out[k++] = pendingBundleFrees;
        return k;
    }

    int restore(int[] in, int k) {
        for (int c = 0; c < count; c++) {
            queued[c] = in[k++] != 0;
            next[c] = STEPS[in[k++]];
        }
        pendingProgFrees = in[k++];
        pendingBundleFrees = in[k++];
        return k;
    }

    /** The pending-free gauges follow from the processes' states (timed runs read them), so they are left out. */
    int canonical(int[] out, int k) {
        for (int c = 0; c < count; c++) {
            out[k++] = queued[c] ? 1 : 0;
            out[k++] = next[c].ordinal();
        }
        return k;
    }
}
