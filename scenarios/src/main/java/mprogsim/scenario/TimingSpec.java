package mprogsim.scenario;

import java.util.List;
import java.util.Map;
import mprogsim.scheduler.timed.Distribution;

/**
 * The {@code timing} section: how long each kind of step takes in virtual time, how reader passes and writer ops
 * arrive, object sizes for the memory-waiting-for-a-grace-period figures, and how many runs to make. All times are
 * in microseconds in the file and nanoseconds here.
 */
public record TimingSpec(
        Map<String, Distribution> steps,
        long horizonNanos,
        Map<String, ThreadTiming> threads,
        long progBytes,
        long bundleBytes,
        int runs,
        int seriesPoints,
        String sweepStep,
        List<Distribution> sweepValues) {

    public static final long DEFAULT_PROG_BYTES = 4096;
    public static final long DEFAULT_BUNDLE_BYTES = 1088;

    /** The defaults every step kind has unless the file says otherwise, in microseconds. */
    public static final Map<String, Double> DEFAULT_STEP_US = Map.ofEntries(
            Map.entry("lookup", 0.05), Map.entry("lock", 0.05), Map.entry("plan", 0.5),
            Map.entry("slot_write", 0.005), Map.entry("publish", 0.01), Map.entry("gp_start", 0.1),
            Map.entry("grace_period", 20.0), Map.entry("refcount", 0.02), Map.entry("free", 0.1),
            Map.entry("unlock", 0.05), Map.entry("rcu_read_lock", 0.01), Map.entry("entry_load", 0.005),
            Map.entry("slot_read", 0.005), Map.entry("prog_run", 0.2), Map.entry("rcu_read_unlock", 0.01),
            Map.entry("callback", 5.0), Map.entry("other", 0.05));

    public static final TimingSpec DEFAULT = new TimingSpec(Map.of(), 1_000_000, Map.of(), DEFAULT_PROG_BYTES,
            DEFAULT_BUNDLE_BYTES, 1, 50, null, List.of());

    /** How one thread's activities arrive: a Poisson rate, a gap distribution, or given start times. */
    public record ThreadTiming(Distribution gap, long[] atNanos, boolean repeat) {
    }

    /** The distribution of step kind {@code kind}, the file's or the default. */
    public Distribution step(String kind) {
        Distribution d = steps.get(kind);
        return d != null ? d : Distribution.fixed(DEFAULT_STEP_US.getOrDefault(kind, 0.05) * 1000);
    }
}
