package mprogsim.reports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TimedMetrics} as JSON, in the shape {@code mprogsim simulate} prints: reads its output (an array of runs,
 * or one run) and writes a run back the same way, inside the JSON report. Keys the producer may leave out
 * ({@code horizon_us}, {@code wall_ms}, {@code buckets}, a histogram's percentiles when it is empty) come back as
 * null.
 */
public final class TimedMetricsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TimedMetricsJson() {
    }

    /** Every run in {@code simulate}'s output. */
    public static List<TimedMetrics> readAll(Reader in) throws IOException {
        return readAll(MAPPER.readTree(in));
    }

    /** Every run in a JSON array of runs, or the one run of an object. */
    public static List<TimedMetrics> readAll(JsonNode node) throws IOException {
        List<TimedMetrics> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode run : node) {
                out.add(read(run));
            }
        } else {
            out.add(read(node));
        }
        return out;
    }

    public static TimedMetrics read(JsonNode o) throws IOException {
        try {
            return readRun(o);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new IOException("not a timed run: " + e, e);
        }
    }

    private static TimedMetrics readRun(JsonNode o) throws IOException {
        if (o == null || !o.isObject()) {
            throw new IOException("a timed run is a JSON object, found " + (o == null ? "nothing" : o.getNodeType()));
        }
        JsonNode sweep = o.get("sweep");
        JsonNode pf = required(o, "waiting_for_grace_period");
        List<TimedMetrics.Point> series = new ArrayList<>();
        for (JsonNode p : required(pf, "series")) {
            series.add(new TimedMetrics.Point(p.get(0).asDouble(), p.get(1).asLong(), p.get(2).asLong()));
        }
        Map<String, Long> throughput = new LinkedHashMap<>();
        JsonNode tp = o.get("throughput_per_s");
        if (tp != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = tp.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                throughput.put(e.getKey(), e.getValue().asLong());
            }
        }
        List<String> violations = new ArrayList<>();
        for (JsonNode v : required(o, "violations")) {
            violations.add(v.asText());
        }
        return new TimedMetrics(required(o, "scenario").asText(), required(o, "run").asLong(),
                required(o, "seed").asLong(),
                sweep == null || sweep.isNull() ? null
                        : new TimedMetrics.Sweep(required(sweep, "step").asText(), required(sweep, "value").asText()),
                required(o, "virtual_us").asDouble(), optionalDouble(o, "horizon_us"), required(o, "steps").asLong(),
                required(o, "complete").asBoolean(), optionalText(o, "stop_reason"), optionalDouble(o, "wall_ms"),
                latencies(required(o, "latency_us")), latencies(o.get("wait_us")), throughput,
                new TimedMetrics.Pending(required(pf, "peak_objects").asLong(), required(pf, "peak_bytes").asLong(),
                        required(pf, "peak_at_us").asDouble(), required(pf, "prog_bytes").asLong(),
                        required(pf, "bundle_bytes").asLong(), series),
                violations);
    }

    private static Map<String, TimedMetrics.Latency> latencies(JsonNode o) throws IOException {
        Map<String, TimedMetrics.Latency> out = new LinkedHashMap<>();
        if (o == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode h = e.getValue();
            JsonNode b = h.get("buckets");
            TimedMetrics.Buckets buckets = null;
            if (b != null && !b.isNull()) {
                List<Long> counts = new ArrayList<>();
                for (JsonNode c : required(b, "counts")) {
                    counts.add(c.asLong());
                }
                JsonNode from = b.get("from_us");
                buckets = new TimedMetrics.Buckets(from == null ? 0 : from.asDouble(),
                        required(b, "width_us").asDouble(), counts);
            }
            out.put(e.getKey(), new TimedMetrics.Latency(required(h, "count").asLong(), optionalDouble(h, "mean"),
                    optionalDouble(h, "p50"), optionalDouble(h, "p90"), optionalDouble(h, "p99"),
                    optionalDouble(h, "p999"), optionalDouble(h, "max"), buckets));
        }
        return out;
    }

    /** Writes one run as {@code simulate} does, keys in its order. */
    public static void write(JsonGenerator g, TimedMetrics m) throws IOException {
        g.writeStartObject();
        g.writeStringField("scenario", JsonReportWriter.wellFormed(m.scenario()));
        g.writeNumberField("run", m.run());
        g.writeNumberField("seed", m.seed());
        if (m.sweep() != null) {
            g.writeObjectFieldStart("sweep");
            g.writeStringField("step", JsonReportWriter.wellFormed(m.sweep().step()));
            g.writeStringField("value", JsonReportWriter.wellFormed(m.sweep().value()));
            g.writeEndObject();
        }
        g.writeNumberField("virtual_us", m.virtualMicros());
        if (m.horizonMicros() != null) {
            g.writeNumberField("horizon_us", m.horizonMicros());
        }
        g.writeNumberField("steps", m.steps());
        g.writeBooleanField("complete", m.complete());
        if (m.stopReason() != null) {
            g.writeStringField("stop_reason", JsonReportWriter.wellFormed(m.stopReason()));
        }
        if (m.wallMillis() != null) {
            g.writeNumberField("wall_ms", m.wallMillis());
        }
        writeLatencies(g, "latency_us", m.latency());
        writeLatencies(g, "wait_us", m.waits());
        g.writeObjectFieldStart("throughput_per_s");
        for (Map.Entry<String, Long> e : m.throughputPerSecond().entrySet()) {
            g.writeNumberField(JsonReportWriter.wellFormed(e.getKey()), e.getValue());
        }
        g.writeEndObject();
        TimedMetrics.Pending p = m.pending();
        g.writeObjectFieldStart("waiting_for_grace_period");
        g.writeNumberField("peak_objects", p.peakObjects());
        g.writeNumberField("peak_bytes", p.peakBytes());
        g.writeNumberField("peak_at_us", p.peakAtMicros());
        g.writeNumberField("prog_bytes", p.progBytes());
        g.writeNumberField("bundle_bytes", p.bundleBytes());
        g.writeArrayFieldStart("series");
        for (TimedMetrics.Point point : p.series()) {
            g.writeStartArray();
            g.writeNumber(point.atMicros());
            g.writeNumber(point.objects());
            g.writeNumber(point.bytes());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("violations");
        for (String v : m.violations()) {
            g.writeString(JsonReportWriter.wellFormed(v));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeLatencies(JsonGenerator g, String field, Map<String, TimedMetrics.Latency> map)
            throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, TimedMetrics.Latency> e : map.entrySet()) {
            TimedMetrics.Latency l = e.getValue();
            g.writeObjectFieldStart(JsonReportWriter.wellFormed(e.getKey()));
            g.writeNumberField("count", l.count());
            optional(g, "mean", l.mean());
            optional(g, "p50", l.p50());
            optional(g, "p90", l.p90());
            optional(g, "p99", l.p99());
            optional(g, "p999", l.p999());
            optional(g, "max", l.max());
            if (l.buckets() != null) {
                g.writeObjectFieldStart("buckets");
                g.writeNumberField("from_us", l.buckets().fromMicros());
                g.writeNumberField("width_us", l.buckets().widthMicros());
                g.writeArrayFieldStart("counts");
                for (long c : l.buckets().counts()) {
                    g.writeNumber(c);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, Double v) throws IOException {
        if (v != null) {
            g.writeNumberField(field, v);
        }
    }

    private static Double optionalDouble(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static String optionalText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("missing \"" + field + "\" in a timed run");
        }
        return v;
    }
}
