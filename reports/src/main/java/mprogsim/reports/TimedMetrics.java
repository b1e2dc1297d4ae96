package mprogsim.reports;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one timed run measured, as {@code mprogsim simulate} prints it (one element of its JSON array; the keys are
 * listed in docs/reports.md): virtual time, latency and wait histograms, throughputs, and the memory waiting for a
 * grace period over time. {@link TimedMetricsJson} reads and writes it.
 *
 * @param sweep         the value of the scenario's sweep this run used, or null without a sweep
 * @param virtualMicros virtual time at which the last step ended
 * @param horizonMicros the time after which streams make no more arrivals, or null when no thread has a stream
 * @param stopReason    why the run ended early ("violation", "time limit", "step limit"), or null
 * @param wallMillis    wall-clock time of the run, or null when left out for byte-for-byte stable output
 * @param latency       per span ("reader_pass", "synchronize_rcu", "writer_lock_hold"), in the producer's order
 * @param waits         per step kind that ever waited ("lock", "grace_period"), how long it waited
 */
public record TimedMetrics(String scenario, long run, long seed, Sweep sweep, double virtualMicros,
                           Double horizonMicros, long steps, boolean complete, String stopReason, Double wallMillis,
                           Map<String, Latency> latency, Map<String, Latency> waits,
                           Map<String, Long> throughputPerSecond, Pending pending, List<String> violations) {
    /** The step kind a sweep varies and the value of this run ("fixed 1000 ns"). */
    public record Sweep(String step, String value) {
        public Sweep {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A latency distribution in microseconds. The percentiles are null when nothing was recorded.
     *
     * @param buckets the distribution in equal-width buckets, or null when the producer did not give them
     */
    public record Latency(long count, Double mean, Double p50, Double p90, Double p99, Double p999, Double max,
                          Buckets buckets) {
        public static Latency empty() {
            return new Latency(0, null, null, null, null, null, null, null);
        }
    }

    /**
     * Counts of recorded values in buckets [from + i * width, from + (i + 1) * width) microseconds.
     */
    public record Buckets(double fromMicros, double widthMicros, List<Long> counts) {
        public Buckets {
            counts = List.copyOf(counts);
            if (!(widthMicros > 0)) {
                throw new IllegalArgumentException("a bucket width must be positive, got " + widthMicros);
            }
        }
    }

    /**
     * Objects and bytes freed only after a grace period (call_rcu, kfree_rcu) that were still waiting.
     *
     * @param series per interval of the run, its start and the most objects and bytes waiting within it
     */
    public record Pending(long peakObjects, long peakBytes, double peakAtMicros, long progBytes, long bundleBytes,
                          List<Point> series) {
        public Pending {
            series = List.copyOf(series);
        }
    }

    public record Point(double atMicros, long objects, long bytes) {
    }

    public TimedMetrics {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(pending, "pending");
        latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
        waits = Collections.unmodifiableMap(new LinkedHashMap<>(waits));
        throughputPerSecond = Collections.unmodifiableMap(new LinkedHashMap<>(throughputPerSecond));
        violations = List.copyOf(violations);
    }

    /**
     * A run may finish a little after its horizon: the work in flight when the last arrival came still ends. A run
     * that goes on for longer than 10% of its horizon past it, and for longer than three times its longest
     * measured activity, had work waiting when the arrivals stopped: they came faster than the threads served
     * them. Its throughputs are then the service rate, not the arrival rate, and its latencies leave the time
     * spent queued out.
     */
    public static final double SATURATION_SHARE_OF_HORIZON = 0.10;
    public static final double SATURATION_LONGEST_ACTIVITIES = 3;

    /** The longest single measured span (a reader pass, a lock hold, a synchronize_rcu), in microseconds. */
    public double longestActivityMicros() {
        double longest = 0;
        for (Latency l : latency.values()) {
            if (l.max() != null) {
                longest = Math.max(longest, l.max());
            }
        }
        return longest;
    }

    /** How far past the horizon virtual time ran, in microseconds; 0 without a horizon or when it did not. */
    public double overrunMicros() {
        // Rounded as the JSON rounds times: 2010.7 - 2000 is 10.7, not 10.700000000000045.
        return horizonMicros == null ? 0 : Math.max(0, Math.round((virtualMicros - horizonMicros) * 100) / 100.0);
    }

    public boolean saturated() {
        if (horizonMicros == null) {
            return false;
        }
        double over = overrunMicros();
        return over > SATURATION_SHARE_OF_HORIZON * horizonMicros
                && over > SATURATION_LONGEST_ACTIVITIES * longestActivityMicros();
    }

    /**
     * One sentence on how the run ended against its horizon, or null when it has no horizon or ended on it: a
     * warning when {@link #saturated()}, otherwise a plain fact.
     */
    public String horizonNote() {
        if (horizonMicros == null || overrunMicros() == 0) {
            return null;
        }
        if (saturated()) {
            return String.format(Locale.ROOT, "saturated: virtual time ran to %s us, %s us past the %s us horizon"
                            + " (%.1fx): arrivals came faster than the threads served them and queued. Throughputs"
                            + " are the service rate, and latencies leave the time spent queued out.",
                    number(virtualMicros), number(overrunMicros()), number(horizonMicros),
                    virtualMicros / horizonMicros);
        }
        return "virtual time ended " + number(overrunMicros()) + " us after the " + number(horizonMicros)
                + " us horizon: the work in flight at the last arrival finishing";
    }

    /** A number as the JSON has it: no exponent, no trailing zeros. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
