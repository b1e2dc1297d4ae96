package mprogsim.scheduler;

/**
 * One memory access of a step, packed in a long: a region (an object's field or array, chosen by the program), an
 * index inside it ({@link #ALL} for the whole region), and a mode. Two accesses conflict when they touch the same
 * region at overlapping indices and at least one writes. The engine decides which steps commute from these alone.
 *
 * <p>Blocking steps must say what they block on, since exploration relies on it: a step that can be BLOCKED
 * declares its lock with {@link #ACQUIRE}, or the locations whose values decide whether it may run with
 * {@link #WAIT}, and never both in one step.
 */
public final class Footprint {
    public static final int READ = 0;
    public static final int WRITE = 1;
    /**
     * A read on which the step's being enabled depends (a grace period waiting for readers to leave, a callback
     * waiting to be queued). It conflicts like a read. Any number of writes, by any processes, may enable or disable
     * the step; the explorers find out which from {@link Program#status}.
     */
    public static final int WAIT = 2;
    /**
     * Acquiring a lock: enabled exactly when the lock is free; it takes the lock (it conflicts like a write). The
     * holder releases it with a {@link #WRITE} of the same location. Its races are with the previous holder's
     * acquire, never with the release.
     */
    public static final int ACQUIRE = 3;

    public static final int ALL = 0xffff;

    private Footprint() {
    }

    public static long of(int region, int index, int mode) {
        return ((long) region << 18) | ((long) (index & 0xffff) << 2) | mode;
    }

    public static long read(int region, int index) {
        return of(region, index, READ);
    }

    public static long write(int region, int index) {
        return of(region, index, WRITE);
    }

    public static int region(long a) {
        return (int) (a >>> 18);
    }

    public static int index(long a) {
        return (int) ((a >>> 2) & 0xffff);
    }

    public static int mode(long a) {
        return (int) (a & 3);
    }

    public static boolean writes(long a) {
        int m = (int) (a & 3);
        return m == WRITE || m == ACQUIRE;
    }

    /** The region and index part: equal keys name the same location. */
    public static long location(long a) {
        return a >>> 2;
    }

    public static boolean overlaps(long a, long b) {
        if ((a >>> 18) != (b >>> 18)) {
            return false;
        }
        int ia = (int) ((a >>> 2) & 0xffff);
        int ib = (int) ((b >>> 2) & 0xffff);
        return ia == ib || ia == ALL || ib == ALL;
    }

    public static boolean conflict(long a, long b) {
        return (writes(a) || writes(b)) && overlaps(a, b);
    }

    /** Whether any access of {@code a[aOff..aOff+aLen)} conflicts with any of {@code b[bOff..bOff+bLen)}. */
    public static boolean conflict(long[] a, int aOff, int aLen, long[] b, int bOff, int bLen) {
        for (int i = 0; i < aLen; i++) {
            long x = a[aOff + i];
            for (int j = 0; j < bLen; j++) {
                if (conflict(x, b[bOff + j])) {
                    return true;
                }
            }
        }
        return false;
    }
}
