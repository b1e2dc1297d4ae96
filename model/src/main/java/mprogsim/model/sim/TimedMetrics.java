package mprogsim.model.sim;

/**
 * What a timed run measures: the step kinds (each names a duration in the scenario's timing section), the spans
 * whose lengths become latency histograms, and the gauges sampled after every step. Every step of the step tables
 * ({@link WriterStep}, {@link PlanStep}, {@link Readers.Step}, {@link RcuCallbacks.Step}) names its kind and its span
 * marks here. Constants only.
 */
final class TimedMetrics {
    private TimedMetrics() {
    }

    static final String[] STEP_KINDS = {"lookup", "lock", "plan", "slot_write", "publish", "gp_start",
        "grace_period", "refcount", "free", "unlock", "rcu_read_lock", "entry_load", "slot_read", "prog_run",
        "rcu_read_unlock", "callback", "other"};
    static final int LOOKUP = 0;
    static final int LOCK = 1;
    static final int PLAN = 2;
    static final int SLOT_WRITE = 3;
    static final int PUBLISH = 4;
    static final int GP_START = 5;
    static final int GRACE_PERIOD = 6;
    static final int REFCOUNT = 7;
    static final int FREE = 8;
    static final int UNLOCK = 9;
    static final int READ_LOCK = 10;
    static final int ENTRY_LOAD = 11;
    static final int SLOT_READ = 12;
    static final int PROG_RUN = 13;
    static final int READ_UNLOCK = 14;
    static final int CALLBACK = 15;
    static final int OTHER = 16;

    static final String[] SPANS = {"reader_pass", "synchronize_rcu", "writer_lock_hold"};
    static final long OPEN_PASS = 1L;
    static final long CLOSE_PASS = 1L << 1;
    static final long OPEN_SYNC = 1L << 2;
    static final long CLOSE_SYNC = 1L << 3;
    static final long OPEN_HOLD = 1L << 4;
    static final long CLOSE_HOLD = 1L << 5;

    static final String[] GAUGES = {"pending_prog_frees", "pending_bundle_frees"};
}
