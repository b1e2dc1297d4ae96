package mprogsim.scheduler.stateful;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The states a stateful search has stored, shared by its worker threads: 256 segments, each an open-addressing
 * table of primitive longs under its own lock (striped: two threads rarely want the same segment, and a segment
 * grows alone). Each stored state has a key and a 64-bit value the search keeps with it (a sleep set).
 *
 * <p>Fingerprint mode (the default) stores only the key: a {@code bits}-bit fingerprint of the canonical state.
 * Two different states with the same fingerprint are taken for one, and the second one is never explored; the
 * chance of that is estimated by {@link #collisionProbability}. Exact mode also stores the canonical state itself
 * and compares it, so no state is ever lost.
 */
final class VisitedSet {
    static final int NEW = 0;
    static final int PRUNE = 1;
    static final int REVISIT = 2;

    private static final int SEGMENT_BITS = 8;
    private static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final long SPREAD = 0x9E3779B97F4A7C15L;

    private final int fingerprintBits;
    private final boolean exact;
    private final Segment[] segments = new Segment[SEGMENTS];

    /** Whether several threads use the set: only then is each segment locked (an uncontended lock is a CAS). */
    private final boolean concurrent;

    VisitedSet(int fingerprintBits, boolean exact, int initialSlotsPerSegment) {
        this(fingerprintBits, exact, initialSlotsPerSegment, true);
    }

    VisitedSet(int fingerprintBits, boolean exact, int initialSlotsPerSegment, boolean concurrent) {
        this.concurrent = concurrent;
        if (fingerprintBits < 8 || fingerprintBits > 64) {
            throw new IllegalArgumentException("fingerprints must have 8 to 64 bits, not " + fingerprintBits);
        }
        this.fingerprintBits = fingerprintBits;
        this.exact = exact;
        int slots = Integer.highestOneBit(Math.max(16, initialSlotsPerSegment - 1)) << 1;
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(slots, exact);
        }
    }

    /** The key stored for a state whose canonical form hashes to h: never 0 (0 marks an empty slot). */
    long key(long h) {
        long k = exact || fingerprintBits == 64 ? h : h & ((1L << fingerprintBits) - 1);
        return k == 0 ? 1 : k;
    }

    private Segment segment(long key) {
        return segments[(int) ((key * SPREAD) >>> (64 - SEGMENT_BITS))];
    }

    private static int start(long key, int mask) {
        return (int) ((key * SPREAD) >>> 20) & mask;
    }

    /**
     * The stateful sleep-set visit (Godefroid): a new state is stored with {@code sleep}; a stored one whose sleep
     * set holds nothing that is awake now is pruned; otherwise its stored sleep set becomes the intersection, and
     * the caller explores what was asleep before and is awake now. {@code stored[0]} receives the sleep set stored
     * before the call (valid for REVISIT).
     */
    int visitSleep(long h, int[] canon, int off, int len, long sleep, long[] stored) {
        long key = key(h);
        Segment s = segment(key);
        if (!concurrent) {
            return visitSleep(s, key, canon, off, len, sleep, stored);
        }
        if (!exact && prunesWithoutLock(s, key, sleep, stored)) {
            return PRUNE;
        }
        synchronized (s) {
            return visitSleep(s, key, canon, off, len, sleep, stored);
        }
    }

    /**
     * The common case of a visit with several workers, a state stored with a sleep set the visitor's covers, decided
     * without the segment's lock (a lock is a write to a line the other workers' locks also write). It reads the
     * table racily: the key with acquire (an insert writes the value first and publishes the key with release, so
     * a key seen has its first value), the value opaque. What it sees may be stale, an array the segment has since
     * replaced or a sleep set intersected since, but a stored sleep set only shrinks, so a stale one contains the
     * current one, and if it lies within {@code sleep} the current one does too: pruning is then what the locked
     * visit would decide. Anything else (not found, or something to explore) takes the lock and decides again.
     */
    private static boolean prunesWithoutLock(Segment s, long key, long sleep, long[] stored) {
        long[] slots = s.slots;
        int mask = (slots.length >>> 1) - 1;
        int i = start(key, mask);
        while (true) {
            long k = (long) SLOT.getAcquire(slots, 2 * i);
            if (k == 0) {
                return false;
            }
            if (k == key) {
                long old = (long) SLOT.getOpaque(slots, 2 * i + 1);
                if ((old & ~sleep) != 0) {
                    return false;
                }
                stored[0] = old;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private static int visitSleep(Segment s, long key, int[] canon, int off, int len, long sleep, long[] stored) {
        int i = s.find(key, canon, off, len);
        if (i < 0) {
            s.insert(~i, key, sleep, canon, off, len);
            return NEW;
        }
        long old = s.value(i);
        stored[0] = old;
        if ((old & ~sleep) == 0) {
            return PRUNE;
        }
        s.setValue(i, old & sleep);
        return REVISIT;
    }

    /** Stores the state unless it is there; returns true when it was new. */
    boolean add(long h, int[] canon, int off, int len, long value) {
        long key = key(h);
        Segment s = segment(key);
        synchronized (s) {
            int i = s.find(key, canon, off, len);
            if (i >= 0) {
                return false;
            }
            s.insert(~i, key, value, canon, off, len);
            return true;
        }
    }

    /**
     * Breadth-first: stores the state with {@code value} (its level in the top bits, its key below) and returns
     * true; or, when it is stored already, lowers its value to {@code value} if it was stored at the same level
     * with a larger key, and returns false. So whoever offers first stores it, and it ends with the smallest key
     * offered, whatever the order of the offers.
     */
    boolean offer(long h, int[] canon, int off, int len, long value) {
        long key = key(h);
        Segment s = segment(key);
        synchronized (s) {
            int i = s.find(key, canon, off, len);
            if (i < 0) {
                s.insert(~i, key, value, canon, off, len);
                return true;
            }
            long old = s.value(i);
            if ((old >>> StatefulExplorer.KEY_BITS) == (value >>> StatefulExplorer.KEY_BITS) && value < old) {
                s.setValue(i, value);
            }
            return false;
        }
    }

    /** The value stored with the state, or -1 when it is not stored. */
    long value(long h, int[] canon, int off, int len) {
        long key = key(h);
        Segment s = segment(key);
        synchronized (s) {
            int i = s.find(key, canon, off, len);
            return i < 0 ? -1 : s.value(i);
        }
    }

    long size() {
        long n = 0;
        for (Segment s : segments) {
            synchronized (s) {
                n += s.count;
            }
        }
        return n;
    }

    /** A racy but safe read of the size, for progress lines. */
    long sizeEstimate() {
        long n = 0;
        for (Segment s : segments) {
            n += s.count;
        }
        return n;
    }

    long bytes() {
        long b = 0;
        for (Segment s : segments) {
            synchronized (s) {
                b += 8L * s.slots.length + (s.refs == null ? 0 : 4L * s.refs.length + 4L * s.pool.length);
            }
        }
        return b;
    }

    int fingerprintBits() {
        return exact ? 0 : fingerprintBits;
    }

    /**
     * The probability that a fingerprint collision made the search skip a state, estimated as TLC does
     * ("calculated, optimistic"): each of the {@code matched} lookups that found a stored fingerprint could have
     * found one of {@code stored} fingerprints by chance, n * m / 2^bits; at most 1. Zero in exact mode.
     */
    double collisionProbability(long stored, long matched) {
        if (exact) {
            return 0;
        }
        double p = (double) stored * (double) matched / Math.pow(2, fingerprintBits);
        // A table of more states than fingerprints has certainly merged some.
        if (fingerprintBits < 63 && stored >= (1L << fingerprintBits) / 2) {
            p = 1;
        }
        return Math.min(1, p);
    }

    /**
     * Keys and values interleaved in one array (slot i at 2i and 2i+1), so that a lookup touches one cache line:
     * on a big table every lookup is a cache miss, and that miss is most of its cost.
     */
    private static final class Segment {
        /** Volatile: a worker reading without the lock sees a grown array only once it is filled. */
        volatile long[] slots;
        int[] refs;      // exact: offset of the state in pool (its length first), per slot
        int[] pool;
        int poolUsed;
        int count;
        int mask;

        Segment(int capacity, boolean exact) {
            slots = new long[2 * capacity];
            mask = capacity - 1;
            if (exact) {
                refs = new int[capacity];
                pool = new int[capacity * 4];
            }
        }

        int capacity() {
            return mask + 1;
        }

        long value(int i) {
            return slots[2 * i + 1];
        }

        void setValue(int i, long v) {
            SLOT.setOpaque(slots, 2 * i + 1, v);
        }

        /** The slot holding the state, or ~(the free slot where it would go). */
        int find(long key, int[] canon, int off, int len) {
            long[] slots = this.slots;
            int i = start(key, mask);
            while (true) {
                long k = slots[2 * i];
                if (k == 0) {
                    return ~i;
                }
                if (k == key && (refs == null || sameState(refs[i], canon, off, len))) {
                    return i;
                }
                i = (i + 1) & mask;
            }
        }

        private boolean sameState(int ref, int[] canon, int off, int len) {
            if (pool[ref] != len) {
                return false;
            }
            return Arrays.equals(pool, ref + 1, ref + 1 + len, canon, off, off + len);
        }

        void insert(int slot, long key, long value, int[] canon, int off, int len) {
            long[] slots = this.slots;
            // The value first, then the key with release: a reader without the lock that sees the key sees it.
            slots[2 * slot + 1] = value;
            SLOT.setRelease(slots, 2 * slot, key);
            if (refs != null) {
                if (poolUsed + len + 1 > pool.length) {
                    pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + len + 1));
                }
                refs[slot] = poolUsed;
                pool[poolUsed] = len;
                System.arraycopy(canon, off, pool, poolUsed + 1, len);
                poolUsed += len + 1;
            }
            if (++count * 10 > capacity() * 7) {
                grow();
            }
        }

        private void grow() {
            long[] old = slots;
            int[] oldRefs = refs;
            int capacity = 2 * capacity();
            long[] slots = new long[2 * capacity];
            refs = oldRefs == null ? null : new int[capacity];
            int mask = capacity - 1;
            for (int j = 0; j < old.length / 2; j++) {
                long k = old[2 * j];
                if (k == 0) {
                    continue;
                }
                int i = start(k, mask);
                while (slots[2 * i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[2 * i] = k;
                slots[2 * i + 1] = old[2 * j + 1];
                if (refs != null) {
                    refs[i] = oldRefs[j];
                }
            }
            this.mask = mask;
            // Published filled (a volatile write): a reader without the lock sees the old array or this one whole.
            this.slots = slots;
        }
    }
}
