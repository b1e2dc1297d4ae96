package mprogsim.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scheduler.timed.Arrivals;
import mprogsim.scheduler.timed.Distribution;
import mprogsim.scheduler.timed.TimedResult;
import mprogsim.scheduler.timed.TimedSimulator;
import mprogsim.scheduler.timed.TimingModel;
import org.HdrHistogram.Histogram;

/**
 * Runs a scenario in virtual time with its {@code timing} section: each run (and each value of a sweep) gives
 * latency histograms, throughputs and the memory waiting for a grace period, plus the usual invariant checks.
 */
public final class TimedRun {
    /** One run's measurements, with the sweep value it used (null without a sweep). */
    public record Measured(TimedResult result, String sweepValue, TimingSpec timing) {
    }

    private TimedRun() {
    }

    public static TimingSpec timing(Scenario s) {
        return s.timing() != null ? s.timing() : TimingSpec.DEFAULT;
    }

    /** Applies the timing section's streams to a simulator: readers with arrivals pass until the horizon. */
    public static void configureStreams(Scenario s, TcxSimulation sim) {
        TimingSpec t = timing(s);
        for (int p = 0; p < s.threads().size(); p++) {
            ThreadSpec th = s.threads().get(p);
            TimingSpec.ThreadTiming tt = t.threads().get(th.name());
            if (tt == null) {
                continue;
            }
            if (th.kind() == ThreadSpec.Kind.READER && (tt.gap() != null || tt.atNanos() != null)) {
                sim.setPasses(p, Integer.MAX_VALUE);
            }
            if (tt.repeat()) {
                sim.repeatOps(p, true);
            }
        }
    }

    static TimingModel model(Scenario s, TcxSimulation sim, Distribution sweepValue) {
        TimingSpec t = timing(s);
        String[] kinds = sim.stepKinds();
        Distribution[] byKind = new Distribution[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            byKind[k] = sweepValue != null && kinds[k].equals(t.sweepStep()) ? sweepValue : t.step(kinds[k]);
        }
        Arrivals[] arrivals = new Arrivals[sim.processes()];
        for (int p = 0; p < s.threads().size(); p++) {
            TimingSpec.ThreadTiming tt = t.threads().get(s.threads().get(p).name());
            if (tt == null) {
                continue;
            }
            if (tt.atNanos() != null) {
                arrivals[p] = Arrivals.at(tt.atNanos(), t.horizonNanos());
            } else if (tt.gap() != null) {
                arrivals[p] = Arrivals.every(tt.gap(), t.horizonNanos());
            }
        }
        return new TimingModel(byKind, arrivals, t.seriesPoints());
    }

    /**
     * Every run of the scenario (runs times the sweep's values), stopping a run at a reported violation. {@code sim}
     * comes from {@link ScenarioRunner#simulation(Scenario, boolean)} with timed streams.
     */
    public static List<Measured> run(Scenario s, TcxSimulation sim, long seed, int runs, double wallLimitSeconds) {
        TimingSpec t = timing(s);
        TimedSimulator engine = new TimedSimulator(200_000_000L, wallLimitSeconds);
        List<Measured> out = new ArrayList<>();
        List<Distribution> points = t.sweepStep() == null ? java.util.Collections.singletonList(null)
                : t.sweepValues();
        long index = 0;
        for (Distribution point : points) {
            for (int r = 0; r < runs; r++) {
                TimedResult res = engine.run(sim, model(s, sim, point), seed, index++, true);
                out.add(new Measured(res, point == null ? null : point.describe(), t));
            }
        }
        return out;
    }

    // ---- reporting ----------------------------------------------------------------------------------------------

    static double us(double nanos) {
        return Math.round(nanos / 10.0) / 100.0;
    }

    static ObjectNode histogram(ObjectMapper m, Histogram h) {
        ObjectNode o = m.createObjectNode();
        o.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            o.put("mean", us(h.getMean()));
            o.put("p50", us(h.getValueAtPercentile(50)));
            o.put("p90", us(h.getValueAtPercentile(90)));
            o.put("p99", us(h.getValueAtPercentile(99)));
            o.put("p999", us(h.getValueAtPercentile(99.9)));
            o.put("max", us(h.getMaxValue()));
            long width = bucketWidthNanos(h.getMaxValue() - h.getMinValue());
            long from = h.getMinValue() / width * width;
            long[] counts = new long[(int) ((h.getMaxValue() - from) / width) + 1];
            for (org.HdrHistogram.HistogramIterationValue v : h.recordedValues()) {
                long value = Math.max(from, Math.min(h.getMaxValue(), v.getValueIteratedTo()));
                counts[(int) ((value - from) / width)] += v.getCountAtValueIteratedTo();
            }
            ObjectNode b = o.putObject("buckets");
            b.put("from_us", from / 1000.0);
            b.put("width_us", width / 1000.0);
            ArrayNode c = b.putArray("counts");
            for (long n : counts) {
                c.add(n);
            }
        }
        return o;
    }

    /**
     * Equal-width buckets for a latency chart: 1, 2 or 5 times a power of ten nanoseconds, at most 40 over the
     * recorded range.
     */
    static long bucketWidthNanos(long range) {
        long width = 10;
        while (range / width > 40) {
            width = Long.toString(width).charAt(0) == '2' ? width * 5 / 2 : width * 2;
        }
        return width;
    }

    private static int index(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Objects and bytes waiting for a grace period, merged from the two gauges in time order. */
    static long[][] pending(TimedResult r, TimingSpec t) {
        int pi = index(r.gaugeNames, "pending_prog_frees");
        int bi = index(r.gaugeNames, "pending_bundle_frees");
        int np = r.seriesLength[pi];
        int nb = r.seriesLength[bi];
        long[] time = new long[np + nb];
        long[] objects = new long[np + nb];
        long[] bytes = new long[np + nb];
        int i = 0;
        int j = 0;
        int k = 0;
        long progs = 0;
        long bundles = 0;
        while (i < np || j < nb) {
            long ti = i < np ? r.seriesTime[pi][i] : Long.MAX_VALUE;
            long tj = j < nb ? r.seriesTime[bi][j] : Long.MAX_VALUE;
            long now = Math.min(ti, tj);
            while (i < np && r.seriesTime[pi][i] == now) {
                progs = r.seriesValue[pi][i++];
            }
            while (j < nb && r.seriesTime[bi][j] == now) {
                bundles = r.seriesValue[bi][j++];
            }
            time[k] = now;
            objects[k] = progs + bundles;
            bytes[k] = progs * t.progBytes() + bundles * t.bundleBytes();
            k++;
        }
        return new long[][] {java.util.Arrays.copyOf(time, k), java.util.Arrays.copyOf(objects, k),
                java.util.Arrays.copyOf(bytes, k)};
    }

    /** Whether some thread's activities arrive over time: only then does the horizon end anything. */
    static boolean hasStreams(TimingSpec t) {
        for (TimingSpec.ThreadTiming tt : t.threads().values()) {
            if (tt.gap() != null || tt.atNanos() != null) {
                return true;
            }
        }
        return false;
    }

    public static ObjectNode metrics(ObjectMapper m, Scenario s, Measured x, boolean withTimes) {
        TimedResult r = x.result();
        TimingSpec t = x.timing();
        ObjectNode o = m.createObjectNode();
        o.put("scenario", s.name());
        o.put("run", r.run);
        o.put("seed", r.seed);
        if (x.sweepValue() != null) {
            ObjectNode sw = o.putObject("sweep");
            sw.put("step", t.sweepStep());
            sw.put("value", x.sweepValue());
        }
        o.put("virtual_us", us(r.endNanos));
        if (hasStreams(t)) {
            o.put("horizon_us", us(t.horizonNanos()));
        }
        o.put("steps", r.steps);
        o.put("complete", r.complete);
        if (r.stopReason != null) {
            o.put("stop_reason", r.stopReason);
        }
        if (withTimes) {
            o.put("wall_ms", Math.round(r.wallNanos / 1e4) / 100.0);
        }
        ObjectNode lat = o.putObject("latency_us");
        for (int i = 0; i < r.spanNames.length; i++) {
            lat.set(r.spanNames[i], histogram(m, r.spans[i]));
        }
        ObjectNode waits = o.putObject("wait_us");
        for (int i = 0; i < r.kindNames.length; i++) {
            if (r.waits[i].getTotalCount() > 0) {
                waits.set(r.kindNames[i], histogram(m, r.waits[i]));
            }
        }
        double seconds = Math.max(1e-12, r.endNanos / 1e9);
        ObjectNode tp = o.putObject("throughput_per_s");
        tp.put("reader_passes", Math.round(r.spans[index(r.spanNames, "reader_pass")].getTotalCount() / seconds));
        tp.put("writer_ops", Math.round(r.spans[index(r.spanNames, "writer_lock_hold")].getTotalCount() / seconds));
        long[][] pend = pending(r, t);
        ObjectNode pf = o.putObject("waiting_for_grace_period");
        long peakObjects = 0;
        long peakBytes = 0;
        long peakAt = 0;
        for (int k = 0; k < pend[0].length; k++) {
            if (pend[2][k] > peakBytes || pend[1][k] > peakObjects) {
                peakAt = pend[0][k];
            }
            peakObjects = Math.max(peakObjects, pend[1][k]);
            peakBytes = Math.max(peakBytes, pend[2][k]);
        }
        pf.put("peak_objects", peakObjects);
        pf.put("peak_bytes", peakBytes);
        pf.put("peak_at_us", us(peakAt));
        pf.put("prog_bytes", t.progBytes());
        pf.put("bundle_bytes", t.bundleBytes());
        ArrayNode series = pf.putArray("series");
        int points = Math.max(1, t.seriesPoints());
        long end = Math.max(1, r.endNanos);
        int k = 0;
        long objects = 0;
        long bytes = 0;
        for (int b = 0; b < points; b++) {
            long bucketEnd = (long) ((double) end * (b + 1) / points);
            long maxObjects = objects;
            long maxBytes = bytes;
            while (k < pend[0].length && pend[0][k] <= bucketEnd) {
                objects = pend[1][k];
                bytes = pend[2][k];
                maxObjects = Math.max(maxObjects, objects);
                maxBytes = Math.max(maxBytes, bytes);
                k++;
            }
            ArrayNode point = series.addArray();
            point.add(us((double) end * b / points));
            point.add(maxObjects);
            point.add(maxBytes);
        }
        ArrayNode v = o.putArray("violations");
        for (String name : mprogsim.model.sim.Invariant.names(r.violations)) {
            v.add(name);
        }
        return o;
    }

    /** A few readable lines for the check report. */
    public static List<String> summary(Measured x) {
        TimedResult r = x.result();
        List<String> out = new ArrayList<>();
        String head = x.sweepValue() != null ? x.timing().sweepStep() + " " + x.sweepValue() + ": " : "";
        StringBuilder sb = new StringBuilder(head).append("virtual ").append(us(r.endNanos)).append(" us, ")
                .append(r.steps).append(" steps");
        for (int i = 0; i < r.spanNames.length; i++) {
            Histogram h = r.spans[i];
            if (h.getTotalCount() > 0) {
                sb.append("; ").append(r.spanNames[i]).append(" p50 ").append(us(h.getValueAtPercentile(50)))
                        .append(" p99 ").append(us(h.getValueAtPercentile(99))).append(" us (n=")
                        .append(h.getTotalCount()).append(')');
            }
        }
        out.add(sb.toString());
        long[][] pend = pending(r, x.timing());
        long peak = 0;
        long peakBytes = 0;
        for (int k = 0; k < pend[0].length; k++) {
            peak = Math.max(peak, pend[1][k]);
            peakBytes = Math.max(peakBytes, pend[2][k]);
        }
        int lock = index(r.kindNames, "lock");
        String lockWait = r.waits[lock].getTotalCount() == 0 ? "no lock waits"
                : "lock wait p99 " + us(r.waits[lock].getValueAtPercentile(99)) + " us";
        out.add("  " + lockWait + "; waiting for a grace period: peak " + peak + " objects, " + peakBytes + " bytes");
        return out;
    }
}
