package mprogsim.model.sim;

/**
 * The global writer lock (RTNL): who holds it, taking it (a step that blocks while another process holds it),
 * releasing it, and their footprints.
 *
 * <p>Execution state: {@code holder}. Configuration: none.
 */
final class Lock {
    private final Names names;
    private int holder = -1;

    Lock(Names names) {
        this.names = names;
    }

    void reset() {
        holder = -1;
    }

    /** The process holding the lock, -1 when free. */
    int holder() {
        return holder;
    }

    boolean free() {
        return holder < 0;
    }

    void acquire(int p) {
        holder = p;
    }

    void release() {
        holder = -1;
    }

    static int acquireFootprint(long[] out, int k) {
        out[k++] = Loc.acquire(Loc.LOCK, 0);
        return k;
    }

    static int releaseFootprint(long[] out, int k) {
        out[k++] = Loc.write(Loc.LOCK, 0);
        return k;
    }

    /** "rtnl_lock", with who holds it when someone does. */
    String describeAcquire() {
        return "rtnl_lock" + (holder >= 0 ? " (held by " + names.process(holder) + ")" : "");
    }

    void dump(StringBuilder sb) {
        sb.append("lock ").append(holder).append('\n');
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    int save(int[] out, int k) {
        out[k++] = holder;
        return k;
    }

    int restore(int[] in, int k) {
        holder = in[k++];
        return k;
    }

    /** Only whether the lock is held is ever read (the holder's name is trace text). */
    int canonical(int[] out, int k) {
        out[k++] = holder >= 0 ? 1 : 0;
        return k;
    }
}
