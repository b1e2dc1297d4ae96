package mprogsim.scheduler;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A tiny shared-memory program for testing explorers: reads, writes, whole-array accesses, locks (nested, in any
 * order, so deadlocks happen), flags that several processes set and clear, waits on one flag or on all of them,
 * steps with two accesses, and an assertion that fails in some interleavings only.
 *
 * <p>Violation bits: {@link #DEADLOCK} from {@link #finish()}, {@link #ASSERTION} from a CHECK step that reads a
 * value whose low two bits are 01.
 *
 * <p>As a {@link StatefulProgram}: the canonical form drops a process's accumulator once no later step of it writes
 * (nothing else reads it) and a lock's holder (only whether it is held is read). {@link #anonymous} programs write
 * values that do not depend on which process writes them, so processes with the same code are interchangeable and
 * symmetry sorts them.
 */
final class ToyProgram implements StatefulProgram {
    static final int READ = 0, WRITE = 1, LOCK = 2, UNLOCK = 3, SIGNAL = 4, WAIT = 5, READ_ALL = 6, WRITE_ALL = 7,
            CLEAR = 8, CHECK = 9, WAIT_ALL = 10, MOVE = 11, LOCK_READ = 12;
    private static final String[] LETTER = {"R", "W", "L", "U", "S", "Z", "r", "w", "C", "K", "A", "M", "Q"};
    static final long DEADLOCK = 1, ASSERTION = 2;
    private static final int VAR = 1, LOCKS = 2, FLAGS = 3;
    static final int MAX_LOCKS = 3, MAX_FLAGS = 3;

    final int[][] kind;
    /** The argument; MOVE packs source * 16 + target, LOCK_READ packs lock * 16 + variable. */
    final int[][] arg;
    final int vars;
    final int flags;
    private final int[] pc;
    private final long[] acc;
    private final long[] mem;
    private final int[] lock;
    private final boolean[] flag;
    private long violations;
    /** When false, waits never block (they are plain reads): for telling blocking issues from others. */
    boolean waitsBlock = true;
    /** Values written do not depend on the writer's index: processes with the same code are interchangeable. */
    final boolean anonymous;

    ToyProgram(int[][] kind, int[][] arg, int vars) {
        this(kind, arg, vars, 2);
    }

    ToyProgram(int[][] kind, int[][] arg, int vars, int flags) {
        this(kind, arg, vars, flags, false);
    }

    ToyProgram(int[][] kind, int[][] arg, int vars, int flags, boolean anonymous) {
        this.anonymous = anonymous;
        this.kind = kind;
        this.arg = arg;
        this.vars = vars;
        this.flags = flags;
        int n = kind.length;
        pc = new int[n];
        acc = new long[n];
        mem = new long[vars];
        lock = new int[MAX_LOCKS];
        flag = new boolean[MAX_FLAGS];
        accLive = new boolean[n][];
        for (int p = 0; p < n; p++) {
            accLive[p] = new boolean[kind[p].length + 1];
            for (int i = kind[p].length - 1; i >= 0; i--) {
                accLive[p][i] = accLive[p][i + 1] || kind[p][i] == WRITE || kind[p][i] == WRITE_ALL;
            }
        }
        classMembers = new int[n][];
        int[] count = new int[n];
        int[] classOf = new int[n];
        for (int p = 0; p < n; p++) {
            classOf[p] = p;
            for (int q = 0; q < p && anonymous; q++) {
                if (Arrays.equals(kind[p], kind[q]) && Arrays.equals(arg[p], arg[q])) {
                    classOf[p] = classOf[q];
                    break;
                }
            }
            count[classOf[p]]++;
        }
        for (int c = 0; c < n; c++) {
            classMembers[c] = new int[count[c]];
            int k = 0;
            for (int p = 0; p < n; p++) {
                if (classOf[p] == c) {
                    classMembers[c][k++] = p;
                }
            }
        }
        order = new int[n];
    }

    private final boolean[][] accLive;
    /** For each class (named by its first member), its members in increasing order; empty for other indices. */
    private final int[][] classMembers;
    private final int[] order;

    /** An identical, independent copy (for parallel explorers, which need one instance per worker). */
    ToyProgram copy() {
        return new ToyProgram(kind, arg, vars, flags, anonymous);
    }

    /** The same code, written values that do not depend on the writer (see {@link #anonymous}). */
    ToyProgram anonymousCopy() {
        return new ToyProgram(kind, arg, vars, flags, true);
    }

    /** A random program; locks are used in balanced lock/unlock pairs, waits only on flags someone signals. */
    static ToyProgram random(SplittableRandom rnd, int procs, int maxOps, int vars) {
        int[][] kind = new int[procs][];
        int[][] arg = new int[procs][];
        boolean[] signalled = new boolean[4];
        for (int p = 0; p < procs; p++) {
            int ops = 1 + rnd.nextInt(maxOps);
            int[] k = new int[ops + 2];
            int[] a = new int[ops + 2];
            int n = 0;
            int held = -1;
            for (int i = 0; i < ops; i++) {
                int r = rnd.nextInt(20);
                if (r < 7) {
                    k[n] = READ;
                    a[n++] = rnd.nextInt(vars);
                } else if (r < 14) {
                    k[n] = WRITE;
                    a[n++] = rnd.nextInt(vars);
                } else if (r < 15) {
                    k[n] = READ_ALL;
                    a[n++] = 0;
                } else if (r < 16) {
                    k[n] = WRITE_ALL;
                    a[n++] = 0;
                } else if (r < 18) {
                    if (held < 0) {
                        held = rnd.nextInt(2);
                        k[n] = LOCK;
                        a[n++] = held;
                    } else {
                        k[n] = UNLOCK;
                        a[n++] = held;
                        held = -1;
                    }
                } else if (r < 19) {
                    int f = rnd.nextInt(2);
                    signalled[f] = true;
                    k[n] = SIGNAL;
                    a[n++] = f;
                } else {
                    k[n] = WAIT;
                    a[n++] = rnd.nextInt(2);
                }
            }
            if (held >= 0) {
                k[n] = UNLOCK;
                a[n++] = held;
            }
            kind[p] = Arrays.copyOf(k, n);
            arg[p] = Arrays.copyOf(a, n);
        }
        // A wait on a flag nobody signals would only deadlock; keep a few deadlocks but make most waits live.
        for (int p = 0; p < procs; p++) {
            for (int i = 0; i < kind[p].length; i++) {
                if (kind[p][i] == WAIT && !signalled[arg[p][i]] && rnd.nextInt(3) != 0) {
                    kind[p][i] = READ;
                    arg[p][i] = rnd.nextInt(vars);
                }
            }
        }
        return new ToyProgram(kind, arg, vars);
    }

    /**
     * Nested critical sections over up to three locks taken in random orders (so lock-order deadlocks occur), waits
     * and signals inside them, acquire-and-read steps, and assertions.
     */
    static ToyProgram lockHeavy(SplittableRandom rnd, int procs, int maxOps, int vars) {
        int locks = 2 + rnd.nextInt(2);
        Builder b = new Builder(procs, maxOps + 6);
        for (int p = 0; p < procs; p++) {
            int ops = 1 + rnd.nextInt(maxOps);
            int[] held = new int[locks];
            int depth = 0;
            for (int i = 0; i < ops; i++) {
                int r = rnd.nextInt(20);
                if (r < 6 && depth < 2) {
                    int l = rnd.nextInt(locks);
                    if (held[l] == 0) {
                        held[l] = 1;
                        depth++;
                        if (rnd.nextInt(3) == 0) {
                            b.add(p, LOCK_READ, l * 16 + rnd.nextInt(vars));
                        } else {
                            b.add(p, LOCK, l);
                        }
                        continue;
                    }
                }
                if (r < 9 && depth > 0) {
                    int l = pickHeld(rnd, held);
                    held[l] = 0;
                    depth--;
                    b.add(p, UNLOCK, l);
                } else if (r < 13) {
                    b.add(p, rnd.nextBoolean() ? READ : WRITE, rnd.nextInt(vars));
                } else if (r < 15) {
                    b.add(p, SIGNAL, rnd.nextInt(2));
                } else if (r < 17) {
                    b.add(p, WAIT, rnd.nextInt(2));
                } else if (r < 18) {
                    b.add(p, CHECK, rnd.nextInt(vars));
                } else {
                    b.add(p, CLEAR, rnd.nextInt(2));
                }
            }
            for (int l = 0; l < locks; l++) {
                if (held[l] != 0) {
                    b.add(p, UNLOCK, l);
                }
            }
        }
        return b.build(vars, 2);
    }

    /** Flags set and cleared by several processes, waits on one flag or on all of them, and shared data. */
    static ToyProgram signalHeavy(SplittableRandom rnd, int procs, int maxOps, int vars) {
        int flags = 2 + rnd.nextInt(2);
        Builder b = new Builder(procs, maxOps + 1);
        for (int p = 0; p < procs; p++) {
            int ops = 1 + rnd.nextInt(maxOps);
            for (int i = 0; i < ops; i++) {
                int r = rnd.nextInt(20);
                if (r < 5) {
                    b.add(p, SIGNAL, rnd.nextInt(flags));
                } else if (r < 7) {
                    b.add(p, CLEAR, rnd.nextInt(flags));
                } else if (r < 11) {
                    b.add(p, WAIT, rnd.nextInt(flags));
                } else if (r < 12) {
                    b.add(p, WAIT_ALL, 0);
                } else if (r < 16) {
                    b.add(p, rnd.nextBoolean() ? READ : WRITE, rnd.nextInt(vars));
                } else if (r < 18) {
                    b.add(p, CHECK, rnd.nextInt(vars));
                } else {
                    b.add(p, MOVE, rnd.nextInt(vars) * 16 + rnd.nextInt(vars));
                }
            }
        }
        return b.build(vars, flags);
    }

    /** Whole-region reads and writes mixed with single slots, two-access steps, and a lock. */
    static ToyProgram regionHeavy(SplittableRandom rnd, int procs, int maxOps, int vars) {
        Builder b = new Builder(procs, maxOps + 1);
        for (int p = 0; p < procs; p++) {
            int ops = 1 + rnd.nextInt(maxOps);
            boolean held = false;
            for (int i = 0; i < ops; i++) {
                int r = rnd.nextInt(20);
                if (r < 4) {
                    b.add(p, READ_ALL, 0);
                } else if (r < 8) {
                    b.add(p, WRITE_ALL, 0);
                } else if (r < 11) {
                    b.add(p, READ, rnd.nextInt(vars));
                } else if (r < 14) {
                    b.add(p, WRITE, rnd.nextInt(vars));
                } else if (r < 16) {
                    b.add(p, MOVE, rnd.nextInt(vars) * 16 + rnd.nextInt(vars));
                } else if (r < 18) {
                    b.add(p, held ? UNLOCK : LOCK, 0);
                    held = !held;
                } else {
                    b.add(p, CHECK, rnd.nextInt(vars));
                }
            }
            if (held) {
                b.add(p, UNLOCK, 0);
            }
        }
        return b.build(vars, 2);
    }

    private static int pickHeld(SplittableRandom rnd, int[] held) {
        int count = 0;
        for (int h : held) {
            count += h;
        }
        int k = rnd.nextInt(count);
        for (int l = 0; l < held.length; l++) {
            if (held[l] != 0 && k-- == 0) {
                return l;
            }
        }
        throw new AssertionError();
    }

    private static final class Builder {
        final int[][] kind;
        final int[][] arg;
        final int[] n;

        Builder(int procs, int capacity) {
            kind = new int[procs][capacity];
            arg = new int[procs][capacity];
            n = new int[procs];
        }

        void add(int p, int k, int a) {
            if (n[p] == kind[p].length) {
                kind[p] = Arrays.copyOf(kind[p], n[p] * 2);
                arg[p] = Arrays.copyOf(arg[p], n[p] * 2);
            }
            kind[p][n[p]] = k;
            arg[p][n[p]++] = a;
        }

        ToyProgram build(int vars, int flags) {
            int procs = kind.length;
            int[][] k = new int[procs][];
            int[][] a = new int[procs][];
            for (int p = 0; p < procs; p++) {
                k[p] = Arrays.copyOf(kind[p], n[p]);
                a[p] = Arrays.copyOf(arg[p], n[p]);
            }
            return new ToyProgram(k, a, vars, flags);
        }
    }

    /** How many interleavings plain DFS would run at most (ignoring blocking): the multinomial of the lengths. */
    long interleavingBound() {
        double total = 0;
        double logs = 0;
        for (int[] k : kind) {
            for (int i = 1; i <= k.length; i++) {
                total++;
                logs += Math.log(total) - Math.log(i);
            }
        }
        return (long) Math.min(Long.MAX_VALUE / 2, Math.exp(logs));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < kind.length; t++) {
            sb.append(t == 0 ? "" : " ").append('t').append(t).append(':');
            for (int i = 0; i < kind[t].length; i++) {
                int a = arg[t][i];
                sb.append(' ').append(LETTER[kind[t][i]]);
                if (kind[t][i] == MOVE || kind[t][i] == LOCK_READ) {
                    sb.append(a >> 4).append('.').append(a & 15);
                } else {
                    sb.append(a);
                }
            }
        }
        return sb.toString();
    }

    @Override
    public int processes() {
        return kind.length;
    }

    @Override
    public String processName(int p) {
        return "t" + p;
    }

    @Override
    public void reset() {
        Arrays.fill(pc, 0);
        Arrays.fill(acc, 0);
        Arrays.fill(mem, 0);
        Arrays.fill(lock, 0);
        Arrays.fill(flag, false);
        violations = 0;
    }

    @Override
    public int status(int p) {
        if (pc[p] == kind[p].length) {
            return DONE;
        }
        int a = arg[p][pc[p]];
        switch (kind[p][pc[p]]) {
            case LOCK:
                return lock[a] == 0 ? ENABLED : BLOCKED;
            case LOCK_READ:
                return lock[a >> 4] == 0 ? ENABLED : BLOCKED;
            case WAIT:
                return flag[a] || !waitsBlock ? ENABLED : BLOCKED;
            case WAIT_ALL:
                if (!waitsBlock) {
                    return ENABLED;
                }
                for (int f = 0; f < flags; f++) {
                    if (!flag[f]) {
                        return BLOCKED;
                    }
                }
                return ENABLED;
            default:
                return ENABLED;
        }
    }

    @Override
    public int footprint(int p, long[] out, int off) {
        int a = arg[p][pc[p]];
        switch (kind[p][pc[p]]) {
            case READ, CHECK -> out[off] = Footprint.read(VAR, a);
            case WRITE -> out[off] = Footprint.write(VAR, a);
            case READ_ALL -> out[off] = Footprint.read(VAR, Footprint.ALL);
            case WRITE_ALL -> out[off] = Footprint.write(VAR, Footprint.ALL);
            case LOCK -> out[off] = Footprint.of(LOCKS, a, Footprint.ACQUIRE);
            case UNLOCK -> out[off] = Footprint.write(LOCKS, a);
            case SIGNAL, CLEAR -> out[off] = Footprint.write(FLAGS, a);
            case WAIT -> out[off] = Footprint.of(FLAGS, a, Footprint.WAIT);
            case WAIT_ALL -> out[off] = Footprint.of(FLAGS, Footprint.ALL, Footprint.WAIT);
            case MOVE -> {
                out[off] = Footprint.read(VAR, a >> 4);
                out[off + 1] = Footprint.write(VAR, a & 15);
                return 2;
            }
            case LOCK_READ -> {
                out[off] = Footprint.of(LOCKS, a >> 4, Footprint.ACQUIRE);
                out[off + 1] = Footprint.read(VAR, a & 15);
                return 2;
            }
            default -> throw new IllegalStateException();
        }
        return 1;
    }

    @Override
    public int maxFootprint() {
        return 2;
    }

    @Override
    public void step(int p) {
        int i = pc[p]++;
        int a = arg[p][i];
        switch (kind[p][i]) {
            case READ -> acc[p] = acc[p] * 31 + mem[a];
            case CHECK -> {
                if ((mem[a] & 3) == 1) {
                    violations |= ASSERTION;
                }
            }
            case WRITE -> mem[a] = acc[p] * 7 + (anonymous ? 0 : p * 101) + i;
            case READ_ALL -> {
                for (long m : mem) {
                    acc[p] = acc[p] * 31 + m;
                }
            }
            case WRITE_ALL -> Arrays.fill(mem, acc[p] * 11 + (anonymous ? 0 : p));
            case LOCK -> lock[a] = anonymous ? 1 : p + 1;
            case LOCK_READ -> {
                lock[a >> 4] = anonymous ? 1 : p + 1;
                acc[p] = acc[p] * 31 + mem[a & 15];
            }
            case UNLOCK -> lock[a] = 0;
            case SIGNAL -> flag[a] = true;
            case CLEAR -> flag[a] = false;
            case MOVE -> mem[a & 15] = mem[a >> 4] * 3 + (anonymous ? 0 : p);
            default -> {
            }
        }
    }

    @Override
    public long violations() {
        return violations;
    }

    @Override
    public long finish() {
        for (int p = 0; p < pc.length; p++) {
            if (pc[p] != kind[p].length) {
                return DEADLOCK;
            }
        }
        return 0;
    }

    @Override
    public void continueAfterViolation(boolean on) {
    }

    @Override
    public String outcome() {
        return Arrays.toString(mem) + Arrays.toString(acc) + Arrays.toString(pc) + Arrays.toString(flag);
    }

    @Override
    public String describeNextStep(int p) {
        return LETTER[kind[p][pc[p]]] + arg[p][pc[p]];
    }

    @Override
    public String violationName(int bit) {
        return bit == 0 ? "deadlock" : "assertion";
    }

    @Override
    public String violationDetail() {
        return "";
    }

    // ---- StatefulProgram --------------------------------------------------------------------------------------

    @Override
    public int maxStateInts() {
        return 3 * pc.length + 2 * vars + MAX_LOCKS + MAX_FLAGS + 2;
    }

    @Override
    public int saveState(int[] out, int off) {
        int k = off;
        for (int p = 0; p < pc.length; p++) {
            out[k++] = pc[p];
            out[k++] = (int) (acc[p] >>> 32);
            out[k++] = (int) acc[p];
        }
        return shared(out, k, false) - off;
    }

    private int shared(int[] out, int k, boolean canonical) {
        for (long m : mem) {
            out[k++] = (int) (m >>> 32);
            out[k++] = (int) m;
        }
        for (int l : lock) {
            out[k++] = canonical && l != 0 ? 1 : l;
        }
        for (boolean f : flag) {
            out[k++] = f ? 1 : 0;
        }
        out[k++] = (int) (violations >>> 32);
        out[k++] = (int) violations;
        return k;
    }

    @Override
    public void restoreState(int[] in, int off) {
        int k = off;
        for (int p = 0; p < pc.length; p++) {
            pc[p] = in[k++];
            acc[p] = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
        }
        for (int v = 0; v < vars; v++) {
            mem[v] = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
        }
        for (int l = 0; l < MAX_LOCKS; l++) {
            lock[l] = in[k++];
        }
        for (int f = 0; f < MAX_FLAGS; f++) {
            flag[f] = in[k++] != 0;
        }
        violations = ((long) in[k++] << 32) | (in[k] & 0xffffffffL);
    }

    private long liveAcc(int p) {
        return accLive[p][pc[p]] ? acc[p] : 0;
    }

    private int compareProcesses(int p, int q) {
        if (pc[p] != pc[q]) {
            return Integer.compare(pc[p], pc[q]);
        }
        return Long.compare(liveAcc(p), liveAcc(q));
    }

    @Override
    public int canonicalState(int[] out, int off, boolean symmetry, int[] perm) {
        int n = pc.length;
        for (int p = 0; p < n; p++) {
            order[p] = p;
        }
        if (symmetry) {
            for (int[] members : classMembers) {
                // Insertion sort of the class's processes by local state, into the class's own positions.
                for (int a = 1; a < members.length; a++) {
                    int v = order[members[a]];
                    int b = a - 1;
                    while (b >= 0 && compareProcesses(v, order[members[b]]) < 0) {
                        order[members[b + 1]] = order[members[b]];
                        b--;
                    }
                    order[members[b + 1]] = v;
                }
            }
        }
        int k = off;
        for (int pos = 0; pos < n; pos++) {
            int p = order[pos];
            perm[p] = pos;
            long a = liveAcc(p);
            out[k++] = pc[p];
            out[k++] = (int) (a >>> 32);
            out[k++] = (int) a;
        }
        return shared(out, k, true) - off;
    }
}
