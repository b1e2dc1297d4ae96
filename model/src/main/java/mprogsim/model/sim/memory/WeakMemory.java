package mprogsim.model.sim.memory;

import java.util.Arrays;

/**
 * An operational weak memory for the simulator's {@code "lkmm"} mode (docs/memory-model.md): per-location write
 * histories (the modification order of each location is the order in which its writes execute) and per-thread views
 * into them, in the style of the view-based promise-free models (Kang et al.'s promising semantics without
 * promises, GenMC's and loom's operational checkers), with the Linux-kernel memory model's cumulativity for release
 * stores and strong fences and its address-dependency ordering.
 *
 * <p>A view gives, per location, the index of the oldest write a load may still read. Each thread has three:
 * <ul>
 *   <li>{@code cur}: what its own loads are ordered after (coherence and acquires): a load of x reads any write of
 *   x at or after {@code cur[x]} (and after the view of the dependency it goes through);</li>
 *   <li>{@code obs}: what has propagated to it: {@code cur} joined with the message view of every marked write it
 *   read. A release store or a strong fence is A-cumulative over exactly this;</li>
 *   <li>{@code rel}: the view at its last strong fence, carried by its later relaxed stores (a strong fence orders
 *   everything the thread had observed before every later store, for every other thread).</li>
 * </ul>
 * A write carries a message view: a release store carries {@code obs} (its own write included), a relaxed or plain
 * store carries {@code rel}. Reading a write with a marked load adds its message view to {@code obs}; an acquire
 * load adds it to {@code cur} too; a load whose address depends on a marked load of that write starts from
 * {@code cur} joined with the message view (rcu_dereference). Strong fences are totally ordered: each joins and
 * updates one global fence view. Named synchronisation views ({@link #acquireSync}, {@link #releaseSync}) carry the
 * lock's release-acquire chain and RCU's guarantees.
 *
 * <p>Message views are interned as snapshots: a write stores a snapshot number, 0 being the empty view (every
 * initial value). All state is in flat int arrays sized at construction; nothing is allocated per access. The
 * capacity of each location's history and of the snapshot table is fixed: exceeding it is a model limit reported
 * with an {@link IllegalStateException} naming it, never a silent truncation.
 */
public final class WeakMemory {
    /** A plain C access: no ordering, carries no dependency, propagates nothing (LKMM: not Marked). */
    public static final int PLAIN = 0;
    /** READ_ONCE / WRITE_ONCE: a marked access without ordering; a marked load heads an address dependency. */
    public static final int ONCE = 1;
    /** smp_store_release, rcu_assign_pointer (stores); smp_load_acquire (loads). */
    public static final int RELEASE = 2;
    public static final int ACQUIRE = 3;

    /** Writer of the initial values and of writes made before the run by no simulated thread. */
    public static final int NOBODY = -1;

    private static final String[] KIND_NAMES = {"plain", "once", "release", "acquire"};

    public final int locations;
    public final int threads;
    private final int historyCap;
    private final int snapshotCap;
    private final int syncs;

    // ---- execution state ----
    private final int[] historyLength;
    private final int[] value;
    private final int[] message;
    private final int[] writer;
    private final int[] writeKind;
    private int snapshots;
    private final int[] snapshot;
    private final int[] cur;
    private final int[] obs;
    private final int[] rel;
    private final int[] fenceView;
    private final int[] syncView;

    /** The state {@link #reset} returns to, taken by {@link #markInitial}. */
    private int[] initial;

    /**
     * @param historyCap the most writes one location can take in one run, its initial value included
     * @param snapshotCap the most distinct message views one run can create, the empty one included
     * @param syncs how many named synchronisation views (locks, RCU)
     */
    public WeakMemory(int locations, int threads, int historyCap, int snapshotCap, int syncs) {
        this.locations = locations;
        this.threads = threads;
        this.historyCap = historyCap;
        this.snapshotCap = snapshotCap;
        this.syncs = syncs;
        historyLength = new int[locations];
        value = new int[locations * historyCap];
        message = new int[locations * historyCap];
        writer = new int[locations * historyCap];
        writeKind = new int[locations * historyCap];
        snapshot = new int[snapshotCap * locations];
        cur = new int[threads * locations];
        obs = new int[threads * locations];
        rel = new int[threads];
        fenceView = new int[locations];
        syncView = new int[syncs * locations];
        canonicalNumber = new int[snapshotCap];
        Arrays.fill(canonicalNumber, -1);
        canonicalOrder = new int[snapshotCap];
        canonicalTouched = new int[snapshotCap];
        clear();
    }

    private void clear() {
        Arrays.fill(historyLength, 1);
        Arrays.fill(value, 0);
        Arrays.fill(message, 0);
        Arrays.fill(writer, NOBODY);
        Arrays.fill(writeKind, PLAIN);
        snapshots = 1;
        Arrays.fill(snapshot, 0);
        Arrays.fill(cur, 0);
        Arrays.fill(obs, 0);
        Arrays.fill(rel, 0);
        Arrays.fill(fenceView, 0);
        Arrays.fill(syncView, 0);
    }

    // ---- set-up: the memory before the run -------------------------------------------------------------------

    /** Location {@code loc} starts with {@code v} (write 0, visible to every thread). */
    public void setInitial(int loc, int v) {
        value[loc * historyCap] = v;
    }

    /**
     * A write made before the run by no simulated thread, with an empty message view and visible to no thread
     * until something orders it (a program's contents written by its loader, published through its fd).
     */
    public int addUnorderedInitialWrite(int loc, int v) {
        int i = append(loc, v, NOBODY, PLAIN, 0);
        return i;
    }

    /** Makes every write of {@code loc} so far visible to every thread (happened before the run). */
    public void makeVisibleToAll(int loc) {
        int last = historyLength[loc] - 1;
        for (int t = 0; t < threads; t++) {
            cur[t * locations + loc] = last;
            obs[t * locations + loc] = last;
        }
    }

    /** Thread {@code t} has observed every write of {@code loc} so far (e.g. looked its publication up). */
    public void observe(int t, int loc) {
        int o = t * locations + loc;
        obs[o] = Math.max(obs[o], historyLength[loc] - 1);
    }

    /** The current state becomes the one {@link #reset} returns to. */
    public void markInitial() {
        initial = new int[stateInts()];
        save(initial, 0);
    }

    public void reset() {
        if (initial == null) {
            clear();
        } else {
            restore(initial, 0);
        }
    }

    // ---- accesses ---------------------------------------------------------------------------------------------

    /**
     * The oldest write of {@code loc} thread {@code t} may read, when the load's address depends on loads that read
     * writes with message snapshots {@code depA} and {@code depB} (0 for none).
     */
    public int lowerBound(int t, int loc, int depA, int depB) {
        int lo = cur[t * locations + loc];
        lo = Math.max(lo, snapshot[depA * locations + loc]);
        return Math.max(lo, snapshot[depB * locations + loc]);
    }

    /** How many writes of {@code loc} there are (the newest is {@code length - 1}). */
    public int length(int loc) {
        return historyLength[loc];
    }

    public int valueAt(int loc, int index) {
        return value[loc * historyCap + index];
    }

    public int messageAt(int loc, int index) {
        return message[loc * historyCap + index];
    }

    public int writerAt(int loc, int index) {
        return writer[loc * historyCap + index];
    }

    public int kindAt(int loc, int index) {
        return writeKind[loc * historyCap + index];
    }

    /** The newest write of {@code loc}: what a sequentially consistent load would read. */
    public int latest(int loc) {
        return value[loc * historyCap + historyLength[loc] - 1];
    }

    /**
     * Thread {@code t} loads write {@code index} of {@code loc} (at or after its {@link #lowerBound}) with access kind
     * {@code kind}; returns the value read. The caller keeps {@link #messageAt} as the dependency of loads through
     * the value when the load is marked.
     */
    public int load(int t, int loc, int index, int kind) {
        int base = t * locations;
        if (cur[base + loc] < index) {
            cur[base + loc] = index;
        }
        if (obs[base + loc] < index) {
            obs[base + loc] = index;
        }
        int m = message[loc * historyCap + index];
        if (kind != PLAIN && m != 0) {
            joinInto(obs, base, snapshot, m * locations);
            if (kind == ACQUIRE) {
                joinInto(cur, base, snapshot, m * locations);
            }
        }
        return value[loc * historyCap + index];
    }

    /** Thread {@code t} stores {@code v} into {@code loc} with access kind {@code kind}; returns the write's index. */
    public int store(int t, int loc, int v, int kind) {
        int base = t * locations;
        int index = historyLength[loc];
        cur[base + loc] = index;
        obs[base + loc] = index;
        int m = kind == RELEASE ? intern(obs, base) : rel[t];
        return append(loc, v, t, kind, m);
    }

    private int append(int loc, int v, int t, int kind, int m) {
        int index = historyLength[loc];
        if (index >= historyCap) {
            throw new IllegalStateException("weak memory: more than " + historyCap
                    + " writes to one location in one run (model limit)");
        }
        int o = loc * historyCap + index;
        value[o] = v;
        message[o] = m;
        writer[o] = t;
        writeKind[o] = kind;
        historyLength[loc] = index + 1;
        return index;
    }

    /**
     * A strong fence of thread {@code t} (smp_mb, the ends of synchronize_rcu, value-returning atomics): its loads
     * are ordered after everything it observed and after every earlier strong fence's view; its later stores carry
     * that view (A-cumulativity); later fences see it.
     */
    public void fence(int t) {
        int base = t * locations;
        for (int x = 0; x < locations; x++) {
            int v = Math.max(Math.max(cur[base + x], obs[base + x]), fenceView[x]);
            cur[base + x] = v;
            obs[base + x] = v;
            fenceView[x] = v;
        }
        rel[t] = intern(cur, base);
    }

    /** Thread {@code t} acquires synchronisation view {@code s}: its loads are ordered after what was released. */
    public void acquireSync(int t, int s) {
        joinInto(cur, t * locations, syncView, s * locations);
        joinInto(obs, t * locations, syncView, s * locations);
    }

    /** Thread {@code t} releases into synchronisation view {@code s} everything it observed. */
    public void releaseSync(int t, int s) {
        joinInto(syncView, s * locations, obs, t * locations);
    }

    /** Synchronisation view {@code dst} takes in everything view {@code src} holds (an RCU callback's grace period). */
    public void joinSync(int dst, int src) {
        joinInto(syncView, dst * locations, syncView, src * locations);
    }

    private void joinInto(int[] dst, int dstOff, int[] src, int srcOff) {
        for (int x = 0; x < locations; x++) {
            if (dst[dstOff + x] < src[srcOff + x]) {
                dst[dstOff + x] = src[srcOff + x];
            }
        }
    }

    /** The snapshot number of view {@code view[off..off+locations)}, reusing an equal recent one. */
    private int intern(int[] view, int off) {
        for (int s = snapshots - 1; s >= 0 && s >= snapshots - 4; s--) {
            if (equalsSnapshot(s, view, off)) {
                return s;
            }
        }
        if (snapshots >= snapshotCap) {
            throw new IllegalStateException("weak memory: more than " + snapshotCap
                    + " distinct message views in one run (model limit)");
        }
        System.arraycopy(view, off, snapshot, snapshots * locations, locations);
        return snapshots++;
    }

    private boolean equalsSnapshot(int s, int[] view, int off) {
        int so = s * locations;
        for (int x = 0; x < locations; x++) {
            if (snapshot[so + x] != view[off + x]) {
                return false;
            }
        }
        return true;
    }

    /** Component {@code loc} of message snapshot {@code s}. */
    public int snapshotAt(int s, int loc) {
        return snapshot[s * locations + loc];
    }

    public int curAt(int t, int loc) {
        return cur[t * locations + loc];
    }

    public int obsAt(int t, int loc) {
        return obs[t * locations + loc];
    }

    public int releaseSnapshot(int t) {
        return rel[t];
    }

    public static String kindName(int kind) {
        return KIND_NAMES[kind];
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    /** The most ints {@link #save} writes. */
    public int stateInts() {
        return 1 + locations + 4 * locations * historyCap + snapshotCap * locations + 2 * threads * locations
                + threads + locations + syncs * locations;
    }

    public int save(int[] out, int k) {
        System.arraycopy(historyLength, 0, out, k, locations);
        k += locations;
        for (int x = 0; x < locations; x++) {
            int base = x * historyCap;
            int len = historyLength[x];
            System.arraycopy(value, base, out, k, len);
            k += len;
            System.arraycopy(message, base, out, k, len);
            k += len;
            System.arraycopy(writer, base, out, k, len);
            k += len;
            System.arraycopy(writeKind, base, out, k, len);
            k += len;
        }
        out[k++] = snapshots;
        System.arraycopy(snapshot, 0, out, k, snapshots * locations);
        k += snapshots * locations;
        k = copyOut(cur, out, k);
        k = copyOut(obs, out, k);
        k = copyOut(rel, out, k);
        k = copyOut(fenceView, out, k);
        return copyOut(syncView, out, k);
    }

    public int restore(int[] in, int k) {
        System.arraycopy(in, k, historyLength, 0, locations);
        k += locations;
        for (int x = 0; x < locations; x++) {
            int base = x * historyCap;
            int len = historyLength[x];
            System.arraycopy(in, k, value, base, len);
            k += len;
            System.arraycopy(in, k, message, base, len);
            k += len;
            System.arraycopy(in, k, writer, base, len);
            k += len;
            System.arraycopy(in, k, writeKind, base, len);
            k += len;
        }
        snapshots = in[k++];
        System.arraycopy(in, k, snapshot, 0, snapshots * locations);
        k += snapshots * locations;
        k = copyIn(in, k, cur);
        k = copyIn(in, k, obs);
        k = copyIn(in, k, rel);
        k = copyIn(in, k, fenceView);
        return copyIn(in, k, syncView);
    }

    /**
     * Canonical numbering of snapshots: by first reference in the canonical form, equal contents one number
     * (interning keeps only recent views unique). Scratch, not state.
     */
    private final int[] canonicalNumber;
    private final int[] canonicalOrder;
    private int canonicalCount;
    private final int[] canonicalTouched;
    private int touchedCount;

    /**
     * Starts a canonical form: snapshots are numbered in the order the form first refers to them (through
     * {@link #canonicalRef}), and {@link #canonicalEnd} writes their contents in that order, so that two runs that
     * interned the same views under other numbers agree, and each view is written once.
     */
    public void canonicalBegin() {
        for (int i = 0; i < touchedCount; i++) {
            canonicalNumber[canonicalTouched[i]] = -1;
        }
        touchedCount = 0;
        canonicalCount = 0;
    }

    /** Snapshot {@code s} as the canonical form refers to it (after {@link #canonicalBegin}). */
    public int canonicalRef(int s) {
        int c = canonicalNumber[s];
        if (c >= 0) {
            return c;
        }
        c = -1;
        for (int i = 0; i < canonicalCount && c < 0; i++) {
            if (equalsSnapshot(canonicalOrder[i], snapshot, s * locations)) {
                c = i;
            }
        }
        if (c < 0) {
            c = canonicalCount;
            canonicalOrder[canonicalCount++] = s;
        }
        canonicalNumber[s] = c;
        canonicalTouched[touchedCount++] = s;
        return c;
    }

    /**
     * The canonical form: what a later load, store, fence or check can read. Values and message views (by
     * {@link #canonicalRef}) of every write, the views; not who wrote what (trace text only).
     */
    public int canonical(int[] out, int k) {
        System.arraycopy(historyLength, 0, out, k, locations);
        k += locations;
        for (int x = 0; x < locations; x++) {
            int base = x * historyCap;
            int len = historyLength[x];
            for (int i = 0; i < len; i++) {
                out[k++] = value[base + i];
                out[k++] = canonicalRef(message[base + i]);
            }
        }
        k = copyOut(cur, out, k);
        k = copyOut(obs, out, k);
        for (int t = 0; t < threads; t++) {
            out[k++] = canonicalRef(rel[t]);
        }
        k = copyOut(fenceView, out, k);
        return copyOut(syncView, out, k);
    }

    /** Ends a canonical form: the contents of the snapshots it referred to, in their canonical order. */
    public int canonicalEnd(int[] out, int k) {
        out[k++] = canonicalCount;
        for (int i = 0; i < canonicalCount; i++) {
            System.arraycopy(snapshot, canonicalOrder[i] * locations, out, k, locations);
            k += locations;
        }
        return k;
    }

    /** The most ints {@link #canonical} and {@link #canonicalEnd} write. */
    public int canonicalInts() {
        return locations + 2 * locations * historyCap + 2 * threads * locations + threads + locations
                + syncs * locations + 1 + snapshotCap * locations;
    }

    private static int copyOut(int[] src, int[] out, int k) {
        System.arraycopy(src, 0, out, k, src.length);
        return k + src.length;
    }

    private static int copyIn(int[] in, int k, int[] dst) {
        System.arraycopy(in, k, dst, 0, dst.length);
        return k + dst.length;
    }

    /** The histories and views as text, for state dumps. Not for the hot path. */
    public void dump(StringBuilder sb) {
        sb.append("weak");
        for (int x = 0; x < locations; x++) {
            sb.append(" L").append(x).append('[');
            for (int i = 0; i < historyLength[x]; i++) {
                sb.append(i == 0 ? "" : ",").append(valueAt(x, i)).append('/').append(messageAt(x, i));
            }
            sb.append(']');
        }
        sb.append(" cur").append(Arrays.toString(cur)).append(" obs").append(Arrays.toString(obs))
                .append(" rel").append(Arrays.toString(rel)).append(" fence").append(Arrays.toString(fenceView))
                .append(" sync").append(Arrays.toString(syncView)).append('\n');
    }
}
