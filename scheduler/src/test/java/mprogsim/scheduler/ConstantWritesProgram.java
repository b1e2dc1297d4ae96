package mprogsim.scheduler;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A toy program whose steps store small constants or a value loaded before, so that interleavings that are not
 * reorderings of one another (two processes storing the same constant, a load whose register is dead afterwards)
 * meet in one canonical state. {@link ToyProgram} stores values that depend on the writer and the step, so its
 * states meet almost only through reorderings of independent steps; here a state is often reached again by a path
 * that the first one does not explain, with another sleep set: the stateful search's revisit case.
 *
 * <p>Each process is a straight line of: {@code LD x} (register := x), {@code ST x} (x := register), {@code SET x c}
 * (x := c), {@code LI c} (register := c, touches nothing shared) and {@code CHK x c} (raises {@link #HIT} when x
 * equals c). Values are below {@code mod}. The canonical form drops a register no later step reads. Every step
 * advances its process, so the state graph is acyclic, as the explorer requires. A process is named persistent when
 * its next step conflicts with no step any other process still has to run.
 */
final class ConstantWritesProgram implements StatefulProgram {
    static final int LD = 0, ST = 1, SET = 2, LI = 3, CHK = 4;
    private static final String[] NAME = {"LD", "ST", "SET", "LI", "CHK"};
    static final long HIT = 2;
    private static final int VAR = 1;

    final int[][] op;
    final int[][] arg;
    final int[][] value;
    final int vars;
    /** registerLive[p][i]: some step of p from i on reads the register before a step overwrites it. */
    private final boolean[][] registerLive;
    private final int[] pc;
    private final int[] reg;
    private final int[] mem;
    private long violations;

    ConstantWritesProgram(int[][] op, int[][] arg, int[][] value, int vars) {
        this.op = op;
        this.arg = arg;
        this.value = value;
        this.vars = vars;
        int n = op.length;
        pc = new int[n];
        reg = new int[n];
        mem = new int[vars];
        registerLive = new boolean[n][];
        for (int p = 0; p < n; p++) {
            registerLive[p] = new boolean[op[p].length + 1];
            for (int i = op[p].length - 1; i >= 0; i--) {
                registerLive[p][i] = op[p][i] == ST || op[p][i] != LD && op[p][i] != LI && registerLive[p][i + 1];
            }
        }
    }

    ConstantWritesProgram copy() {
        return new ConstantWritesProgram(op, arg, value, vars);
    }

    static ConstantWritesProgram random(SplittableRandom rnd, int procs, int maxSteps, int vars, int mod) {
        int[][] op = new int[procs][];
        int[][] arg = new int[procs][];
        int[][] value = new int[procs][];
        for (int p = 0; p < procs; p++) {
            int len = 1 + rnd.nextInt(maxSteps);
            op[p] = new int[len];
            arg[p] = new int[len];
            value[p] = new int[len];
            for (int i = 0; i < len; i++) {
                int r = rnd.nextInt(10);
                op[p][i] = r < 3 ? LD : r < 5 ? ST : r < 8 ? SET : r < 9 ? LI : CHK;
                arg[p][i] = op[p][i] == LI ? 0 : rnd.nextInt(vars);
                value[p][i] = rnd.nextInt(mod);
            }
        }
        return new ConstantWritesProgram(op, arg, value, vars);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < op.length; p++) {
            sb.append(p == 0 ? "" : " | ").append('p').append(p).append(':');
            for (int i = 0; i < op[p].length; i++) {
                sb.append(' ').append(NAME[op[p][i]]);
                if (op[p][i] != LI) {
                    sb.append(arg[p][i]);
                }
                if (op[p][i] == SET || op[p][i] == LI || op[p][i] == CHK) {
                    sb.append(op[p][i] == LI ? "" : ",").append(value[p][i]);
                }
            }
        }
        return sb.toString();
    }

    @Override
    public int processes() {
        return op.length;
    }

    @Override
    public String processName(int p) {
        return "p" + p;
    }

    @Override
    public void reset() {
        Arrays.fill(pc, 0);
        Arrays.fill(reg, 0);
        Arrays.fill(mem, 0);
        violations = 0;
    }

    @Override
    public int status(int p) {
        return pc[p] == op[p].length ? DONE : ENABLED;
    }

    @Override
    public int footprint(int p, long[] out, int off) {
        return footprintAt(p, pc[p], out, off);
    }

    private int footprintAt(int p, int i, long[] out, int off) {
        switch (op[p][i]) {
            case LD, CHK -> out[off] = Footprint.read(VAR, arg[p][i]);
            case ST, SET -> out[off] = Footprint.write(VAR, arg[p][i]);
            default -> {
                return 0;
            }
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
        int x = arg[p][i];
        switch (op[p][i]) {
            case LD -> reg[p] = mem[x];
            case ST -> mem[x] = reg[p];
            case SET -> mem[x] = value[p][i];
            case LI -> reg[p] = value[p][i];
            case CHK -> {
                if (mem[x] == value[p][i]) {
                    violations |= HIT;
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public long violations() {
        return violations;
    }

    @Override
    public long finish() {
        return 0;
    }

    @Override
    public void continueAfterViolation(boolean on) {
    }

    @Override
    public String outcome() {
        return Arrays.toString(mem) + Arrays.toString(reg) + Arrays.toString(pc) + violations;
    }

    @Override
    public String describeNextStep(int p) {
        return NAME[op[p][pc[p]]] + arg[p][pc[p]];
    }

    @Override
    public String violationName(int bit) {
        return bit == 1 ? "hit" : "bit" + bit;
    }

    @Override
    public String violationDetail() {
        return "";
    }

    private final long[] mine = new long[1];
    private final long[] theirs = new long[1];

    @Override
    public long persistentProcesses() {
        long named = 0;
        for (int p = 0; p < op.length; p++) {
            if (pc[p] == op[p].length) {
                continue;
            }
            int len = footprint(p, mine, 0);
            boolean alone = true;
            for (int q = 0; q < op.length && alone; q++) {
                for (int j = pc[q]; q != p && j < op[q].length && alone; j++) {
                    alone = !Footprint.conflict(mine, 0, len, theirs, 0, footprintAt(q, j, theirs, 0));
                }
            }
            if (alone) {
                named |= 1L << p;
            }
        }
        return named;
    }

    @Override
    public int maxStateInts() {
        return 2 * op.length + vars + 1;
    }

    @Override
    public int saveState(int[] out, int off) {
        int k = off;
        for (int p = 0; p < op.length; p++) {
            out[k++] = pc[p];
            out[k++] = reg[p];
        }
        for (int v = 0; v < vars; v++) {
            out[k++] = mem[v];
        }
        out[k++] = (int) violations;
        return k - off;
    }

    @Override
    public void restoreState(int[] in, int off) {
        int k = off;
        for (int p = 0; p < op.length; p++) {
            pc[p] = in[k++];
            reg[p] = in[k++];
        }
        for (int v = 0; v < vars; v++) {
            mem[v] = in[k++];
        }
        violations = in[k];
    }

    @Override
    public int canonicalState(int[] out, int off, boolean symmetry, int[] perm) {
        int k = off;
        for (int p = 0; p < op.length; p++) {
            perm[p] = p;
            out[k++] = pc[p];
            out[k++] = registerLive[p][pc[p]] ? reg[p] : 0;
        }
        for (int v = 0; v < vars; v++) {
            out[k++] = mem[v];
        }
        out[k++] = (int) violations;
        return k - off;
    }
}
