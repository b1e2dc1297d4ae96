package mprogsim.scheduler;

import java.util.Arrays;

/**
 * {@code processes} processes each increment a shared counter non-atomically (a load, then a store of the value
 * plus one), after {@code padding} private steps, so that a run without preemptions never loses an update and
 * losing one needs a context switch between a process's load and its store. Violation bit 0 (lost update) is
 * raised at the end when the counter is short.
 */
final class LostUpdateProgram implements Program {
    static final long LOST_UPDATE = 1;
    private static final int COUNTER = 1;
    private static final int PRIVATE = 2;

    private final int padding;
    private final int[] pc;
    private final long[] loaded;
    private long counter;

    LostUpdateProgram(int processes, int padding) {
        this.padding = padding;
        pc = new int[processes];
        loaded = new long[processes];
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
}
