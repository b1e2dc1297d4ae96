package mprogsim.scheduler.stateful;

/** A 64-bit hash of an int array slice, without allocation (MurmurHash3's 64-bit mixing, two ints per round). */
final class StateHash {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private StateHash() {
    }

    static long of(int[] a, int off, int len) {
        long h = 0x9E3779B97F4A7C15L ^ len;
        int end = off + len;
        int i = off;
        for (; i + 1 < end; i += 2) {
            long k = (a[i] & 0xffffffffL) | ((long) a[i + 1] << 32);
            h ^= mixKey(k);
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        if (i < end) {
            h ^= mixKey(a[i] & 0xffffffffL);
        }
        return fmix(h ^ len);
    }

    private static long mixKey(long k) {
        k *= C1;
        k = Long.rotateLeft(k, 31);
        return k * C2;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
