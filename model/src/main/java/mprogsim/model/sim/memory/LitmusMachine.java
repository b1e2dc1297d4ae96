package mprogsim.model.sim.memory;

import java.util.Arrays;
import mprogsim.model.sim.memory.LitmusProgram.Code;
import mprogsim.model.sim.memory.LitmusProgram.Op;

/**
 * Runs a {@link LitmusProgram} one access at a time on a {@link WeakMemory} (or, with {@code weak} false, on
 * sequentially consistent memory: every load reads the newest write). Each thread is a step machine; a load may
 * read any write at or after its lower bound, and which one is the thread's read choice: the load reads write
 * {@code newest - advance} (never older than its lower bound), and {@link #advance} (run by the caller as a step of
 * its own, so that exploration enumerates every choice) moves the choice one write older. synchronize_rcu is two steps, the start of the grace
 * period (a strong fence) and its end (a strong fence, enabled once every thread that was inside a read-side
 * critical section at the start has left it).
 *
 * <p>Execution state: per thread its pc, whether it is between the two steps of synchronize_rcu, its registers and
 * the message view (snapshot) of the write each register's value was loaded from, whether it is inside a read-side
 * critical section and how many it completed, the sections its grace period waits for, its read choice; and the
 * memory. Configuration: the program.
 */
public final class LitmusMachine {
    /** Synchronisation views of the memory: the start of every grace period so far; every rcu_read_unlock. */
    public static final int SYNC_GP_START = 0;
    public static final int SYNC_UNLOCKED = 1;

    public final LitmusProgram program;
    public final boolean weak;
    public final WeakMemory memory;
    private final int threads;
    private final int regs;

    private final int[] pc;
    private final boolean[] inGrace;
    private final int[] reg;
    private final int[] regDep;
    private final boolean[] inside;
    private final int[] sections;
    private final long[] waitMask;
    private final int[] waitSection;
    private final int[] advance;

    public LitmusMachine(LitmusProgram program, boolean weak) {
        this.program = program;
        this.weak = weak;
        this.threads = program.threads();
        this.regs = Math.max(1, program.registers());
        int stores = 0;
        int fences = 0;
        for (Op[] ops : program.ops()) {
            for (Op op : ops) {
                if (op.code().store) {
                    stores++;
                } else if (op.code() == Code.SMP_MB || op.code() == Code.SYNCHRONIZE_RCU) {
                    fences += 2;
                }
            }
        }
        memory = new WeakMemory(program.locations(), threads, stores + 1, stores + fences + 2, 2);
        for (int x = 0; x < program.locations(); x++) {
            memory.setInitial(x, program.initialValues()[x]);
        }
        memory.markInitial();
        pc = new int[threads];
        inGrace = new boolean[threads];
        reg = new int[threads * regs];
        regDep = new int[threads * regs];
        inside = new boolean[threads];
        sections = new int[threads];
        waitMask = new long[threads];
        waitSection = new int[threads * threads];
        advance = new int[threads];
        reset();
    }

    public void reset() {
        memory.reset();
        Arrays.fill(pc, 0);
        Arrays.fill(inGrace, false);
        Arrays.fill(reg, 0);
        Arrays.fill(regDep, 0);
        Arrays.fill(inside, false);
        Arrays.fill(sections, 0);
        Arrays.fill(waitMask, 0);
        Arrays.fill(waitSection, 0);
        Arrays.fill(advance, 0);
    }

    public boolean done(int t) {
        return pc[t] >= program.ops()[t].length;
    }

    /** The op thread t runs next; valid when not {@link #done}. */
    public Op next(int t) {
        return program.ops()[t][pc[t]];
    }

    /** Whether t's next step is the end of a grace period. */
    public boolean atGraceEnd(int t) {
        return inGrace[t];
    }

    /** Whether t may move: false only for a grace period's end while a reader it waits for is still inside. */
    public boolean enabled(int t) {
        if (!inGrace[t]) {
            return true;
        }
        long m = waitMask[t];
        while (m != 0) {
            int u = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            if (sections[u] <= waitSection[t * threads + u]) {
                return false;
            }
        }
        return true;
    }

    /** The grace period t waits for, as a mask of threads, and the section each was in ({@link #waitSection}). */
    public long waitMask(int t) {
        return waitMask[t];
    }

    public int waitSection(int t, int u) {
        return waitSection[t * threads + u];
    }

    public int sections(int t) {
        return sections[t];
    }

    public boolean inside(int t) {
        return inside[t];
    }

    /** The location t's next load or store accesses, or -1 (no access, or an address that is no location). */
    public int target(int t) {
        if (done(t) || inGrace[t]) {
            return -1;
        }
        Op op = next(t);
        if (op.code().access < 0) {
            return -1;
        }
        if (op.addrReg() < 0) {
            return op.loc();
        }
        int v = reg[t * regs + op.addrReg()] - LitmusProgram.POINTER_BASE;
        return v >= 0 && v < program.locations() ? v : -1;
    }

    /** Whether t's next step is a load (with a read choice). */
    public boolean atLoad(int t) {
        return !done(t) && !inGrace[t] && next(t).code().load() && target(t) >= 0;
    }

    /** The oldest write t's next load may read. Valid when {@link #atLoad}. */
    public int lowerBound(int t) {
        Op op = next(t);
        int x = target(t);
        if (!weak) {
            return memory.length(x) - 1;
        }
        int dep = op.addrReg() >= 0 ? regDep[t * regs + op.addrReg()] : 0;
        return memory.lowerBound(t, x, dep, 0);
    }

    /**
     * The write t's next load reads: the newest, moved back by its read choice, never older than its lower bound.
     * Reading the newest by default keeps random and PCT runs close to sequential consistency, with stale reads
     * where a read-choice step asks for them.
     */
    public int readIndex(int t) {
        return Math.max(lowerBound(t), memory.length(target(t)) - 1 - advance[t]);
    }

    /** Whether t's next load could read an older write than {@link #readIndex}. */
    public boolean canAdvance(int t) {
        return weak && atLoad(t) && readIndex(t) > lowerBound(t);
    }

    /** t's next load will read one write older. */
    public void advance(int t) {
        advance[t]++;
    }

    public int advanceOf(int t) {
        return advance[t];
    }

    /** The register values and dependencies. */
    public int register(int t, int r) {
        return reg[t * regs + r];
    }

    /**
     * Runs t's next step. Returns false when it could not: an access through a register that holds no address (the
     * caller reports it).
     */
    public boolean step(int t) {
        if (inGrace[t]) {
            inGrace[t] = false;
            waitMask[t] = 0;
            if (weak) {
                memory.acquireSync(t, SYNC_UNLOCKED);
                memory.fence(t);
            }
            pc[t]++;
            return true;
        }
        Op op = next(t);
        Code c = op.code();
        switch (c) {
            case SMP_MB -> {
                if (weak) {
                    memory.fence(t);
                }
            }
            case RCU_READ_LOCK -> {
                inside[t] = true;
                if (weak) {
                    memory.acquireSync(t, SYNC_GP_START);
                }
            }
            case RCU_READ_UNLOCK -> {
                inside[t] = false;
                sections[t]++;
                if (weak) {
                    memory.releaseSync(t, SYNC_UNLOCKED);
                }
            }
            case SYNCHRONIZE_RCU -> {
                long m = 0;
                for (int u = 0; u < threads; u++) {
                    if (inside[u] && u != t) {
                        m |= 1L << u;
                        waitSection[t * threads + u] = sections[u];
                    }
                }
                waitMask[t] = m;
                inGrace[t] = true;
                if (weak) {
                    memory.fence(t);
                    memory.releaseSync(t, SYNC_GP_START);
                }
                return true;
            }
            default -> {
                int x = target(t);
                if (x < 0) {
                    pc[t]++;
                    return false;
                }
                if (c.store) {
                    int v = op.valueReg() >= 0 ? reg[t * regs + op.valueReg()] : op.constant();
                    memory.store(t, x, v, weak ? c.access : WeakMemory.ONCE);
                } else {
                    int i = readIndex(t);
                    int v = memory.load(t, x, i, weak ? c.access : WeakMemory.ONCE);
                    int o = t * regs + op.destReg();
                    reg[o] = v;
                    // A plain load heads no address dependency the LKMM recognises.
                    regDep[o] = c.access == WeakMemory.PLAIN ? 0 : memory.messageAt(x, i);
                    advance[t] = 0;
                }
            }
        }
        pc[t]++;
        return true;
    }

    /** Whether every condition of the exists clause holds now. */
    public boolean existsHolds() {
        for (LitmusProgram.Condition c : program.exists()) {
            if (reg[c.thread() * regs + c.register()] != c.value()) {
                return false;
            }
        }
        return true;
    }

    /** The final registers the exists clause names, as text. */
    public String registersText() {
        StringBuilder sb = new StringBuilder();
        for (LitmusProgram.Condition c : program.exists()) {
            sb.append(sb.length() == 0 ? "" : " ").append(program.threadNames()[c.thread()]).append(':')
                    .append(program.registerNames()[c.register()]).append('=')
                    .append(program.valueText(reg[c.thread() * regs + c.register()]));
        }
        return sb.toString();
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    public int stateInts() {
        return threads * (5 + 2 * regs + threads) + memory.stateInts();
    }

    public int save(int[] out, int k) {
        for (int t = 0; t < threads; t++) {
            out[k++] = pc[t];
            out[k++] = inGrace[t] ? 1 : 0;
            out[k++] = inside[t] ? 1 : 0;
            out[k++] = sections[t];
            out[k++] = advance[t];
        }
        System.arraycopy(reg, 0, out, k, reg.length);
        k += reg.length;
        System.arraycopy(regDep, 0, out, k, regDep.length);
        k += regDep.length;
        for (int t = 0; t < threads; t++) {
            out[k++] = (int) waitMask[t];
        }
        System.arraycopy(waitSection, 0, out, k, waitSection.length);
        k += waitSection.length;
        return memory.save(out, k);
    }

    public int restore(int[] in, int k) {
        for (int t = 0; t < threads; t++) {
            pc[t] = in[k++];
            inGrace[t] = in[k++] != 0;
            inside[t] = in[k++] != 0;
            sections[t] = in[k++];
            advance[t] = in[k++];
        }
        System.arraycopy(in, k, reg, 0, reg.length);
        k += reg.length;
        System.arraycopy(in, k, regDep, 0, regDep.length);
        k += regDep.length;
        for (int t = 0; t < threads; t++) {
            waitMask[t] = in[k++] & 0xffffffffL;
        }
        System.arraycopy(in, k, waitSection, 0, waitSection.length);
        k += waitSection.length;
        return memory.restore(in, k);
    }

    public int canonicalInts() {
        return threads * (5 + 2 * regs + 2 * threads) + memory.canonicalInts();
    }

    /** The canonical form: the threads' state with each register's dependency by canonical snapshot, the memory's. */
    public int canonical(int[] out, int k) {
        memory.canonicalBegin();
        for (int t = 0; t < threads; t++) {
            out[k++] = pc[t];
            out[k++] = inGrace[t] ? 1 : 0;
            out[k++] = inside[t] ? 1 : 0;
            out[k++] = sections[t];
            out[k++] = advance[t];
            for (int r = 0; r < regs; r++) {
                out[k++] = reg[t * regs + r];
                out[k++] = memory.canonicalRef(regDep[t * regs + r]);
            }
            for (int u = 0; u < threads; u++) {
                boolean waits = (waitMask[t] & (1L << u)) != 0;
                out[k++] = waits ? 1 : 0;
                out[k++] = waits ? waitSection[t * threads + u] : 0;
            }
        }
        k = memory.canonical(out, k);
        return memory.canonicalEnd(out, k);
    }
}
