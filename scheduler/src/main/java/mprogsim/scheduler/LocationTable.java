package mprogsim.scheduler;

import java.util.Arrays;

/**
 * Per memory location of the current execution: the last write, the reads since it and, for locks, the last
 * acquire. An open-addressing map from location (region, index) to a slot; each region also chains its slots so
 * that an access to a whole region ({@link Footprint#ALL}) finds every index touched. Cleared per execution in time
 * proportional to what was used.
 */
final class LocationTable {
    private long[] keys = new long[1024];
    private int[] slotOf = new int[1024];
    private int mask = 1023;

    int used;
    int[] lastWrite = new int[256];
    int[] lastAcquire = new int[256];
    int[] readHead = new int[256];
    int[] regionNext = new int[256];
    long[] slotKey = new long[256];
    private int[] slotPos = new int[256];
    private int[] regionPos = new int[256];
    private int regionsUsed;

    private long[] regionKeys = new long[256];
    private int[] regionHead = new int[256];
    private int regionMask = 255;

    // Read lists: a pool of (event, process, next) cells, at most one per process and location.
    int[] readEvent = new int[1024];
    int[] readNext = new int[1024];
    private int[] readProc = new int[1024];
    int readsUsed;

    LocationTable() {
        Arrays.fill(keys, -1);
        Arrays.fill(regionKeys, -1);
    }

    void clear() {
        // Every key was inserted without deletions, so clearing the recorded positions empties the table exactly.
        for (int i = 0; i < used; i++) {
            keys[slotPos[i]] = -1;
        }
        for (int i = 0; i < regionsUsed; i++) {
            regionKeys[regionPos[i]] = -1;
        }
        used = 0;
        regionsUsed = 0;
        readsUsed = 0;
    }

    private int find(long key) {
        int h = (int) (mix(key) & mask);
        while (keys[h] != -1 && keys[h] != key) {
            h = (h + 1) & mask;
        }
        return h;
    }

    private int findRegion(long region) {
        int h = (int) (mix(region) & regionMask);
        while (regionKeys[h] != -1 && regionKeys[h] != region) {
            h = (h + 1) & regionMask;
        }
        return h;
    }

    private static long mix(long x) {
        x *= 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    /** The slot of a location, or -1 when it was never accessed in this execution. */
    int get(long location) {
        int h = find(location);
        return keys[h] == -1 ? -1 : slotOf[h];
    }

    /** First slot of a region's chain, or -1. */
    int regionFirst(long region) {
        int h = findRegion(region);
        return regionKeys[h] == -1 ? -1 : regionHead[h];
    }

    int getOrCreate(long location) {
        int h = find(location);
        if (keys[h] != -1) {
            return slotOf[h];
        }
        if ((used + 1) * 2 > keys.length) {
            grow();
            h = find(location);
        }
        int s = used++;
        if (s == lastWrite.length) {
            int n = s * 2;
            lastWrite = Arrays.copyOf(lastWrite, n);
            lastAcquire = Arrays.copyOf(lastAcquire, n);
            readHead = Arrays.copyOf(readHead, n);
            regionNext = Arrays.copyOf(regionNext, n);
            slotKey = Arrays.copyOf(slotKey, n);
            slotPos = Arrays.copyOf(slotPos, n);
            regionPos = Arrays.copyOf(regionPos, n);
        }
        keys[h] = location;
        slotPos[s] = h;
        slotOf[h] = s;
        slotKey[s] = location;
        lastWrite[s] = -1;
        lastAcquire[s] = -1;
        readHead[s] = -1;
        long region = location >>> 16;
        if ((regionsUsed + 1) * 2 > regionKeys.length) {
            growRegions();
        }
        int rh = findRegion(region);
        if (regionKeys[rh] == -1) {
            regionKeys[rh] = region;
            regionPos[regionsUsed++] = rh;
            regionNext[s] = -1;
        } else {
            regionNext[s] = regionHead[rh];
        }
        regionHead[rh] = s;
        return s;
    }

    /**
     * Records a read by {@code process}. Only each process's latest read since the last write is kept: an earlier
     * one is ordered before it by program order, so it is never a race of its own nor a dependency the latest does
     * not imply. Without this, a reader looping over one location grows its list, and the cost of the next write to
     * it, with every pass.
     */
    void addRead(int slot, int event, int process) {
        int prev = -1;
        for (int c = readHead[slot]; c >= 0; prev = c, c = readNext[c]) {
            if (readProc[c] == process) {
                if (prev >= 0) {
                    readNext[prev] = readNext[c];
                    readNext[c] = readHead[slot];
                    readHead[slot] = c;
                }
                readEvent[c] = event;
                return;
            }
        }
        if (readsUsed == readEvent.length) {
            readEvent = Arrays.copyOf(readEvent, readsUsed * 2);
            readNext = Arrays.copyOf(readNext, readsUsed * 2);
            readProc = Arrays.copyOf(readProc, readsUsed * 2);
        }
        readEvent[readsUsed] = event;
        readProc[readsUsed] = process;
        readNext[readsUsed] = readHead[slot];
        readHead[slot] = readsUsed++;
    }

    private void grow() {
        long[] ok = keys;
        int[] os = slotOf;
        keys = new long[ok.length * 2];
        slotOf = new int[ok.length * 2];
        Arrays.fill(keys, -1);
        mask = keys.length - 1;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != -1) {
                int h = find(ok[i]);
                keys[h] = ok[i];
                slotOf[h] = os[i];
                slotPos[os[i]] = h;
            }
        }
    }

    private void growRegions() {
        long[] ok = regionKeys;
        int[] oh = regionHead;
        regionKeys = new long[ok.length * 2];
        regionHead = new int[ok.length * 2];
        Arrays.fill(regionKeys, -1);
        regionMask = regionKeys.length - 1;
        int n = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != -1) {
                int h = findRegion(ok[i]);
                regionKeys[h] = ok[i];
                regionHead[h] = oh[i];
                regionPos[n++] = h;
            }
        }
    }
}
