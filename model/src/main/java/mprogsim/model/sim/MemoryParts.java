package mprogsim.model.sim;

import mprogsim.model.tcx.TcxState;

/**
 * The parts of a simulation that only the memory model brings (docs/memory-model.md), wired and dispatched in one
 * place: in weak memory the tcx threads' {@link WeakTcx} and one read-choice process per reader; for a litmus file
 * its {@link LitmusThreads} and, in weak memory, one read-choice process per litmus thread. Under sequential
 * consistency without a litmus file there are none, and {@link TcxSimulation} never calls into it.
 *
 * <p>Processes: the litmus threads are numbered from {@code firstLitmus} (right after the tcx threads, of which a
 * litmus file has none), the read-choice processes from {@code firstChoice} (after the RCU callbacks).
 * Execution state: that of the weak memory (with the readers' and lifetimes' weak parts, which they keep) or of the
 * litmus machine. Configuration: the wiring.
 */
final class MemoryParts {
    final WeakTcx weak;
    final LitmusThreads litmus;
    final int firstLitmus;
    final int firstChoice;
    final int choices;
    private final Readers readers;
    private final Lifetimes lifetimes;
    private final RcuCallbacks callbacks;
    private final int firstCallback;
    private final int progs;

    /**
     * Wires the weak memory into the tcx parts (readers, writers, versions, lifetimes, RCU), or makes the litmus
     * threads; {@code names} gets the names of the litmus and read-choice processes.
     */
    MemoryParts(MemoryModel model, TcxState init, int threads, int totalOps, int variants, int[][] initialLists,
                int firstCallback, int firstChoice, Readers readers, Writers writers, Versions versions,
                Lifetimes lifetimes, Rcu rcu, RcuCallbacks callbacks, Violations violations, String[] names) {
        this.firstLitmus = threads;
        this.firstChoice = firstChoice;
        this.readers = readers;
        this.lifetimes = lifetimes;
        this.callbacks = callbacks;
        this.firstCallback = firstCallback;
        this.progs = init.progs;
        if (model.litmus() != null) {
            weak = null;
            litmus = new LitmusThreads(model.litmus(), model.weak(), threads, violations);
            for (int t = 0; t < litmus.threads(); t++) {
                names[threads + t] = model.litmus().threadNames()[t];
            }
            choices = model.weak() ? litmus.threads() : 0;
            for (int c = 0; c < choices; c++) {
                names[firstChoice + c] = names[threads + c] + ".rf";
            }
        } else {
            litmus = null;
            weak = new WeakTcx(init, threads, totalOps, variants, model.progInitRacing(), initialLists, versions,
                    lifetimes, callbacks, firstCallback);
            readers.useWeak(weak);
            versions.useWeak();
            lifetimes.useWeak();
            rcu.weak = weak;
            writers.weak = weak;
            choices = readers.process.length;
            for (int c = 0; c < choices; c++) {
                names[firstChoice + c] = names[readers.process[c]] + ".rf";
            }
        }
    }

    /** Refuses what the memory model cannot run: timed runs (memory reused), tcx threads beside a litmus file. */
    static void checkSupported(MemoryModel model, boolean reuseMemory, int tcxThreads) {
        if (reuseMemory && (model.weak() || model.litmus() != null)) {
            throw new IllegalArgumentException("timed runs are sequentially consistent: weak memory (model.memory"
                    + " \"lkmm\") and litmus files are explored, not timed");
        }
        if (model.litmus() != null && tcxThreads > 0) {
            throw new IllegalArgumentException("a litmus scenario has no tcx threads");
        }
    }

    /** How many litmus threads a model brings (they take the place of the tcx threads). */
    static int litmusThreads(MemoryModel model) {
        return model.litmus() == null ? 0 : model.litmus().threads();
    }

    /** How many read-choice processes a model brings to a simulation of {@code readers} tcx readers. */
    static int choiceProcesses(MemoryModel model, int readers) {
        return model.weak() ? readers + litmusThreads(model) : 0;
    }

    boolean isLitmus(int p) {
        return litmus != null && p >= firstLitmus && p < firstLitmus + litmus.threads();
    }

    // ---- the litmus and read-choice processes ---------------------------------------------------------------------

    int status(int p) {
        if (p >= firstChoice) {
            int c = p - firstChoice;
            return litmus != null ? litmus.choiceStatus(c) : readers.choiceStatus(c);
        }
        return litmus.status(p - firstLitmus);
    }

    void step(int p) {
        if (p >= firstChoice) {
            int c = p - firstChoice;
            if (litmus != null) {
                litmus.advance(c);
            } else {
                readers.advance(c);
            }
        } else {
            litmus.step(p - firstLitmus);
        }
    }

    int footprint(int p, long[] out, int k) {
        if (p >= firstChoice) {
            int c = p - firstChoice;
            return litmus != null ? litmus.choiceFootprint(c, out, k) : readers.choiceFootprint(c, out, k);
        }
        return litmus.footprint(p - firstLitmus, out, k);
    }

    String describe(int p) {
        if (p >= firstChoice) {
            int c = p - firstChoice;
            return litmus != null ? litmus.describeChoice(c) : readers.describeChoice(c);
        }
        return litmus.describe(p - firstLitmus);
    }

    /** What RCU callback process p's next step adds to its footprint in weak memory. */
    int callbackFootprint(int p, long[] out, int k) {
        if (weak != null && callbacks.atGraceStart(p - firstCallback)) {
            k = weak.graceStartFootprint(p, out, k);
        }
        return k;
    }

    // ---- execution ----------------------------------------------------------------------------------------------

    void reset() {
        if (weak != null) {
            weak.reset();
        }
        if (litmus != null) {
            litmus.reset();
        }
    }

    /** The end of an execution of a litmus file: its exists clause. True when the file is one. */
    boolean finishLitmus() {
        if (litmus == null) {
            return false;
        }
        litmus.finish();
        return true;
    }

    /** Readers are interchangeable only without weak memory: its views are per process. */
    boolean allowsReaderSymmetry() {
        return weak == null;
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    /** The most ints {@link #save} or {@link #canonical} write. */
    int stateInts() {
        int k = 0;
        if (weak != null) {
            k += Math.max(weak.mem.stateInts(), weak.mem.canonicalInts()) + readers.weakKeyInts() + progs + 1;
        }
        if (litmus != null) {
            k += Math.max(litmus.machine.stateInts(), litmus.machine.canonicalInts());
        }
        return k;
    }

    int save(int[] out, int k) {
        if (weak != null) {
            k = weak.mem.save(out, k);
        }
        return litmus != null ? litmus.machine.save(out, k) : k;
    }

    int restore(int[] in, int k) {
        if (weak != null) {
            k = weak.mem.restore(in, k);
        }
        return litmus != null ? litmus.machine.restore(in, k) : k;
    }

    /** The weak state in the canonical form: pending releases, the memory by content, the readers' choices. */
    int canonical(int[] out, int k) {
        if (weak != null) {
            k = lifetimes.weakKey(out, k);
            weak.mem.canonicalBegin();
            k = weak.mem.canonical(out, k);
            for (int r = 0; r < readers.process.length; r++) {
                k = readers.weakKey(r, out, k);
            }
            k = weak.mem.canonicalEnd(out, k);
        }
        return litmus != null ? litmus.machine.canonical(out, k) : k;
    }

    void dump(StringBuilder sb) {
        if (weak != null) {
            weak.dump(sb);
        }
        if (litmus != null) {
            litmus.machine.memory.dump(sb);
        }
    }

    /** The litmus registers the exists clause names, for outcomes; empty otherwise. */
    String outcome() {
        return litmus != null ? litmus.outcome() + ";" : "";
    }
}
