package mprogsim.scheduler.stateful;

/**
 * A 64-bit hash of an int array slice, without allocation: xxHash64 (Yann Collet's, by its published
 * specification) over the ints taken two at a time as little-endian 64-bit words. Four independent lanes per 32
 * bytes let the CPU overlap their multiplications; the one-lane MurmurHash3 loop used before spent a fifth of a
 * stateful search's time here (a 189-int canonical state on scenarios/bench/r3.json).
 */
final class StateHash {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long LOW = 0xffffffffL;

    private StateHash() {
    }

    static long of(int[] a, int off, int len) {
        int end = off + len;
        int i = off;
        long h;
        if (len >= 8) {
            long v1 = SEED + P1 + P2;
            long v2 = SEED + P2;
            long v3 = SEED;
            long v4 = SEED - P1;
            for (; i + 8 <= end; i += 8) {
                v1 = round(v1, (a[i] & LOW) | ((long) a[i + 1] << 32));
                v2 = round(v2, (a[i + 2] & LOW) | ((long) a[i + 3] << 32));
                v3 = round(v3, (a[i + 4] & LOW) | ((long) a[i + 5] << 32));
                v4 = round(v4, (a[i + 6] & LOW) | ((long) a[i + 7] << 32));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12)
                    + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = SEED + P5;
        }
        h += 4L * len;
        for (; i + 2 <= end; i += 2) {
            h ^= round(0, (a[i] & LOW) | ((long) a[i + 1] << 32));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i < end) {
            h ^= (a[i] & LOW) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long h, long v) {
        h ^= round(0, v);
        return h * P1 + P4;
    }
}
