package mprogsim.model.sim;

import java.util.Arrays;
import mprogsim.model.mprog.Plan;

/**
 * The version log: every list of progs published on each hook, in order, and the torn_snapshot check against it.
 * A reader pass must have run exactly the list of one version that was current at some moment while it was inside
 * its critical section: the version current when it entered, or one published before it left.
 *
 * <p>Execution state: the versions of each hook (offsets into one pool of (length, progs...) records), the oldest
 * version still kept, and per reader the version current when its pass entered. Configuration: the initial
 * versions and each reader's hook. Long timed runs compact the log: versions older than what a reader inside can
 * still be judged against are dropped.
 */
final class Versions {
    private static final int COMPACT_AT = 1 << 16;

    private final int[][] initial;
    private final int[] readerHook;
    private final Rcu rcu;
    private final Violations violations;
    private final Names names;

    private int[][] offsets;
    private final int[] count;
    private final int[] base;
    private int[] pool;
    private int poolUsed;
    private final int[] enteredAt;
    /**
     * Weak memory: a reader is guaranteed to see only what preceded the start of the latest grace period before its
     * rcu_read_lock, so its pass may be judged from the version current then (per hook); null under SC.
     */
    private int[] graceVersion;

    Versions(int[][] initial, int[] readerHook, int capacity, Rcu rcu, Violations violations, Names names) {
        this.initial = initial;
        this.readerHook = readerHook;
        this.rcu = rcu;
        this.violations = violations;
        this.names = names;
        count = new int[initial.length];
        base = new int[initial.length];
        low = new int[initial.length];
        offsets = new int[initial.length][capacity];
        pool = new int[64];
        enteredAt = new int[readerHook.length];
    }

    /** The weak memory mode: a pass is judged from the version current at the latest grace period's start. */
    void useWeak() {
        graceVersion = new int[count.length];
    }

    /** Weak memory: a writer's grace period starts; readers entering from now on see at least today's version. */
    void graceStarted() {
        for (int h = 0; h < count.length; h++) {
            graceVersion[h] = count[h] - 1;
        }
    }

    /** Weak memory: a grace-period start writes the version a later reader is judged from. */
    static int graceStartFootprint(long[] out, int k) {
        out[k++] = Loc.write(Loc.VERSION, mprogsim.scheduler.Footprint.ALL);
        return k;
    }

    void reset() {
        if (graceVersion != null) {
            Arrays.fill(graceVersion, 0);
        }
        poolUsed = 0;
        for (int h = 0; h < count.length; h++) {
            count[h] = 0;
            base[h] = 0;
            int off = reserve(h, initial[h].length);
            System.arraycopy(initial[h], 0, pool, off + 1, initial[h].length);
        }
    }

    /** A publish of the list at {@code listOff} of {@code plan} on hook h. */
    void publish(int h, Plan plan, int listOff) {
        int len = plan.listLength(listOff);
        int off = reserve(h, len);
        for (int k = 0; k < len; k++) {
            pool[off + 1 + k] = plan.listItem(listOff, k);
        }
    }

    /** What a publish writes: the hook's version, read by every reader as it enters and leaves. */
    static int publishFootprint(int h, long[] out, int k) {
        out[k++] = Loc.write(Loc.VERSION, h);
        return k;
    }

    /** Reader r enters its critical section: from now on it may see the current version or any later one. */
    void enter(int r) {
        enteredAt[r] = graceVersion != null ? graceVersion[readerHook[r]] : count[readerHook[r]] - 1;
    }

    /** What a reader's entry and exit read of the log. */
    static int observeFootprint(int h, long[] out, int k) {
        out[k++] = Loc.read(Loc.VERSION, h);
        return k;
    }

    /** Reader r (process {@code who}) leaves having run {@code seen[0..len)}: that must be one version's list. */
    void checkSnapshot(int r, String who, int[] seen, int len) {
        int h = readerHook[r];
        int last = count[h] - 1;
        for (int v = enteredAt[r]; v <= last; v++) {
            int off = offsets[h][v - base[h]];
            if (pool[off] != len) {
                continue;
            }
            boolean same = true;
            for (int k = 0; k < len; k++) {
                if (pool[off + 1 + k] != seen[k]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return;
            }
        }
        StringBuilder sb = new StringBuilder(who).append(" saw ").append(names.progList(seen, len))
                .append(" on ").append(Names.hook(h)).append(graceVersion != null
                        ? "; the versions it may see (weak memory: from the start of the latest grace period before"
                        + " its rcu_read_lock):"
                        : "; the versions current while it was inside:");
        for (int v = enteredAt[r]; v <= last; v++) {
            int off = offsets[h][v - base[h]];
            sb.append(' ').append(names.progList(pool, off + 1, pool[off]));
        }
        violations.violate(Invariant.TORN_SNAPSHOT, sb.toString());
    }

    private int reserve(int h, int len) {
        if (poolUsed + len + 1 > pool.length && poolUsed > COMPACT_AT) {
            compact();
        }
        if (count[h] - base[h] == offsets[h].length) {
            offsets[h] = Arrays.copyOf(offsets[h], offsets[h].length * 2);
        }
        if (poolUsed + len + 1 > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + len + 1));
        }
        int off = poolUsed;
        pool[off] = len;
        poolUsed += len + 1;
        offsets[h][count[h]++ - base[h]] = off;
        return off;
    }

    /** Long timed runs: drops the versions older than what any reader inside could still be judged against. */
    private void compact() {
        int[] compacted = new int[pool.length];
        int used = 0;
        for (int h = 0; h < count.length; h++) {
            int keep = count[h] - 1;
            for (int r = 0; r < readerHook.length; r++) {
                if (rcu.inside(r) && readerHook[r] == h) {
                    keep = Math.min(keep, enteredAt[r]);
                }
            }
            int[] offs = new int[Math.max(16, offsets[h].length)];
            for (int v = keep; v < count[h]; v++) {
                int off = offsets[h][v - base[h]];
                int len = pool[off] + 1;
                System.arraycopy(pool, off, compacted, used, len);
                offs[v - keep] = used;
                used += len;
            }
            offsets[h] = offs;
            base[h] = keep;
        }
        pool = compacted;
        poolUsed = used;
    }

    /** The versions by content (not where the pool keeps them), and where each reader's pass began. */
    void dump(StringBuilder sb) {
        for (int h = 0; h < count.length; h++) {
            sb.append("versions").append(h).append(" from ").append(base[h]).append(':');
            for (int v = base[h]; v < count[h]; v++) {
                int off = offsets[h][v - base[h]];
                sb.append(' ').append(Arrays.toString(Arrays.copyOfRange(pool, off + 1, off + 1 + pool[off])));
            }
            sb.append('\n');
        }
        sb.append("entered ").append(Arrays.toString(enteredAt)).append('\n');
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    /** The oldest version of each hook a reader inside can still be judged against (the canonical form's base). */
    private final int[] low;

    /** The most ints {@link #save} writes when each version has at most {@code maxLen} progs. */
    int stateInts(int maxLen) {
        return 2 * (2 + offsets[0].length * (maxLen + 1)) + enteredAt.length + count.length;
    }

    int save(int[] out, int k) {
        for (int h = 0; h < count.length; h++) {
            out[k++] = base[h];
            out[k++] = count[h];
            for (int v = base[h]; v < count[h]; v++) {
                int off = offsets[h][v - base[h]];
                int len = pool[off] + 1;
                System.arraycopy(pool, off, out, k, len);
                k += len;
            }
        }
        System.arraycopy(enteredAt, 0, out, k, enteredAt.length);
        k += enteredAt.length;
        if (graceVersion != null) {
            System.arraycopy(graceVersion, 0, out, k, graceVersion.length);
            k += graceVersion.length;
        }
        return k;
    }

    int restore(int[] in, int k) {
        poolUsed = 0;
        for (int h = 0; h < count.length; h++) {
            base[h] = in[k++];
            int c = in[k++];
            count[h] = base[h];
            while (count[h] < c) {
                int len = in[k];
                int off = reserve(h, len);
                System.arraycopy(in, k + 1, pool, off + 1, len);
                k += len + 1;
            }
        }
        System.arraycopy(in, k, enteredAt, 0, enteredAt.length);
        k += enteredAt.length;
        if (graceVersion != null) {
            System.arraycopy(in, k, graceVersion, 0, graceVersion.length);
            k += graceVersion.length;
        }
        return k;
    }

    /**
     * Computes each hook's canonical base: a pass is judged against the versions from the one current when it
     * entered, and a reader entering later sees the current one, so versions older than the oldest of these can
     * never be read again.
     */
    void computeLow() {
        for (int h = 0; h < count.length; h++) {
            int keep = graceVersion != null ? graceVersion[h] : count[h] - 1;
            for (int r = 0; r < readerHook.length; r++) {
                if (rcu.inside(r) && readerHook[r] == h) {
                    keep = Math.min(keep, enteredAt[r]);
                }
            }
            low[h] = keep;
        }
    }

    /** Reader r's version, counted from its hook's base (after {@link #computeLow}); 0 when it is outside. */
    int readerKey(int r) {
        return rcu.inside(r) ? enteredAt[r] - low[readerHook[r]] : 0;
    }

    /** The live versions of each hook by content, numbered from the base (readers carry theirs in their keys). */
    int canonical(int[] out, int k) {
        for (int h = 0; h < count.length; h++) {
            out[k++] = count[h] - low[h];
            for (int v = low[h]; v < count[h]; v++) {
                int off = offsets[h][v - base[h]];
                int len = pool[off] + 1;
                System.arraycopy(pool, off, out, k, len);
                k += len;
            }
            if (graceVersion != null) {
                out[k++] = graceVersion[h] - low[h];
            }
        }
        return k;
    }
}
