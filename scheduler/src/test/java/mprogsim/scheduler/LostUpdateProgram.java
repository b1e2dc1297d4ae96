package mprogsim.scheduler;

import java.util.Arrays;

/**
 * {@code processes} processes each increment a shared counter non-atomically (a load, then a store of the value
 * plus one), after {@code padding} private steps, so that a run without preemptions never loses an update and
 * losing one needs a context switch between a process's load and its store. Violation bit 0 (lost update) is
 * raised at the end when the counter is short. All processes are interchangeable (symmetry), and a process's loaded
 * value is dead outside its load-store window.
 */
final class LostUpdateProgram implements StatefulProgram {
    static final long LOST_UPDATE = 1;
    private static final int COUNTER = 1;
    private static final int PRIVATE = 2;

    private final int padding;
    private final int[] pc;
    private final long[] loaded;
    private final int[] order;
    private long counter;

    LostUpdateProgram(int processes, int padding) {
        this.padding = padding;
        pc = new int[processes];
        loaded = new long[processes];
        order = new int[processes];
    }

    @Override
    public int processes() {
        return pc.length;
    }

    @Override
    public String processName(int p) {
        return "inc" + p;
    }

    @Override
    public void reset() {
        Arrays.fill(pc, 0);
        Arrays.fill(loaded, 0);
        counter = 0;
    }

    @Override
    public int status(int p) {
        return pc[p] == padding + 2 ? DONE : ENABLED;
    }

    @Override
    public int footprint(int p, long[] out, int off) {
        int i = pc[p];
        out[off] = i < padding ? Footprint.write(PRIVATE, p)
                : i == padding ? Footprint.read(COUNTER, 0) : Footprint.write(COUNTER, 0);
        return 1;
    }

    @Override
    public int maxFootprint() {
        return 1;
    }

    @Override
    public void step(int p) {
        int i = pc[p]++;
        if (i == padding) {
            loaded[p] = counter;
        } else if (i == padding + 1) {
            counter = loaded[p] + 1;
        }
    }

    @Override
    public long violations() {
        return 0;
    }

    @Override
    public long finish() {
        return counter == pc.length ? 0 : LOST_UPDATE;
    }

    @Override
    public void continueAfterViolation(boolean on) {
    }

    @Override
    public String outcome() {
        return "counter=" + counter;
    }

    @Override
    public String describeNextStep(int p) {
        int i = pc[p];
        return i < padding ? "work" : i == padding ? "load counter" : "store counter";
    }

    @Override
    public String violationName(int bit) {
        return "lost_update";
    }

    @Override
    public String violationDetail() {
        return "counter " + counter + " after " + pc.length + " increments";
    }

    @Override
    public int maxStateInts() {
        return 3 * pc.length + 2;
    }

    @Override
    public int saveState(int[] out, int off) {
        int k = off;
        for (int p = 0; p < pc.length; p++) {
            out[k++] = pc[p];
            out[k++] = (int) (loaded[p] >>> 32);
            out[k++] = (int) loaded[p];
        }
        out[k++] = (int) (counter >>> 32);
        out[k++] = (int) counter;
        return k - off;
    }

    @Override
    public void restoreState(int[] in, int off) {
        int k = off;
        for (int p = 0; p < pc.length; p++) {
            pc[p] = in[k++];
            loaded[p] = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
        }
        counter = ((long) in[k++] << 32) | (in[k] & 0xffffffffL);
    }

    private long live(int p) {
        return pc[p] == padding + 1 ? loaded[p] : 0;
    }

    @Override
    public int canonicalState(int[] out, int off, boolean symmetry, int[] perm) {
        int n = pc.length;
        for (int p = 0; p < n; p++) {
            order[p] = p;
        }
        if (symmetry) {
            for (int a = 1; a < n; a++) {
                int v = order[a];
                int b = a - 1;
                while (b >= 0 && (pc[v] < pc[order[b]] || pc[v] == pc[order[b]] && live(v) < live(order[b]))) {
                    order[b + 1] = order[b];
                    b--;
                }
                order[b + 1] = v;
            }
        }
        int k = off;
        for (int pos = 0; pos < n; pos++) {
            int p = order[pos];
            perm[p] = pos;
            out[k++] = pc[p];
            out[k++] = (int) (live(p) >>> 32);
            out[k++] = (int) live(p);
        }
        out[k++] = (int) (counter >>> 32);
        out[k++] = (int) counter;
        return k - off;
    }
}
