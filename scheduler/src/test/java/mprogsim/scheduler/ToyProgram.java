package mprogsim.scheduler;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A tiny shared-memory program for testing explorers: reads, writes, whole-array accesses, locks and waits. */
final class ToyProgram implements Program {
    static final int READ = 0, WRITE = 1, LOCK = 2, UNLOCK = 3, SIGNAL = 4, WAIT = 5, READ_ALL = 6, WRITE_ALL = 7;
    private static final int VAR = 1, LOCKS = 2, FLAGS = 3;

    final int[][] kind;
    final int[][] arg;
    final int vars;
    private final int[] pc;
    private final long[] acc;
    private final long[] mem;
    private final int[] lock;
    private final boolean[] flag;

    ToyProgram(int[][] kind, int[][] arg, int vars) {
        this.kind = kind;
        this.arg = arg;
        this.vars = vars;
        int n = kind.length;
        pc = new int[n];
        acc = new long[n];
        mem = new long[vars];
        lock = new int[4];
        flag = new boolean[4];
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
            case WAIT:
                return flag[a] ? ENABLED : BLOCKED;
            default:
                return ENABLED;
        }
    }

    @Override
    public int footprint(int p, long[] out, int off) {
        int a = arg[p][pc[p]];
        switch (kind[p][pc[p]]) {
            case READ -> out[off] = Footprint.read(VAR, a);
            case WRITE -> out[off] = Footprint.write(VAR, a);
            case READ_ALL -> out[off] = Footprint.read(VAR, Footprint.ALL);
            case WRITE_ALL -> out[off] = Footprint.write(VAR, Footprint.ALL);
            case LOCK -> out[off] = Footprint.of(LOCKS, a, Footprint.ACQUIRE);
            case UNLOCK -> out[off] = Footprint.write(LOCKS, a);
            case SIGNAL -> out[off] = Footprint.write(FLAGS, a);
            default -> out[off] = Footprint.of(FLAGS, a, Footprint.WAIT);
        }
        return 1;
    }

    @Override
    public int maxFootprint() {
        return 1;
    }

    @Override
    public void step(int p) {
        int i = pc[p]++;
        int a = arg[p][i];
        switch (kind[p][i]) {
            case READ -> acc[p] = acc[p] * 31 + mem[a];
            case WRITE -> mem[a] = acc[p] * 7 + p * 101 + i;
            case READ_ALL -> {
                for (long m : mem) {
                    acc[p] = acc[p] * 31 + m;
                }
            }
            case WRITE_ALL -> Arrays.fill(mem, acc[p] * 11 + p);
            case LOCK -> lock[a] = p + 1;
            case UNLOCK -> lock[a] = 0;
            case SIGNAL -> flag[a] = true;
            default -> {
            }
        }
    }

    @Override
    public long violations() {
        return 0;
    }

    @Override
    public long finish() {
        for (int p = 0; p < pc.length; p++) {
            if (pc[p] != kind[p].length) {
                return 1;
            }
        }
        return 0;
    }

    @Override
    public void continueAfterViolation(boolean on) {
    }

    @Override
    public String outcome() {
        return Arrays.toString(mem) + Arrays.toString(acc) + Arrays.toString(pc);
    }

    @Override
    public String describeNextStep(int p) {
        return kind[p][pc[p]] + ":" + arg[p][pc[p]];
    }

    @Override
    public String violationName(int bit) {
        return "deadlock";
    }

    @Override
    public String violationDetail() {
        return "";
    }
}
