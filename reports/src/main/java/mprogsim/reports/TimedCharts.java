package mprogsim.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Charts of timed runs as HTML with inline SVG: per run the latency histograms (reader passes, synchronize_rcu,
 * the writer's lock hold), the memory waiting for a grace period over virtual time, and a warning when the run's
 * arrivals saturated its threads; per scenario with a sweep, how the grace period (synchronize_rcu) grows across
 * the sweep's values. {@link #writeHtml} writes a page of its own (for {@code mprogsim simulate}); the check
 * command's HTML report embeds the same sections for timed scenarios.
 */
public final class TimedCharts {
    static final String STYLE = """
            section.timed { margin: .6em 0 1.2em; }
            .timed h3 { font-size: 1.02em; margin: 1em 0 .2em; }
            .timed p.facts { margin: .2em 0; color: #333; }
            p.warning { background: #fff4d6; border-left: 4px solid #c98a00; padding: .35em .6em; margin: .4em 0; }
            p.note { color: #555; margin: .2em 0; }
            div.charts { display: flex; flex-wrap: wrap; gap: .6em; }
            svg.chart { border: 1px solid #e0e0e0; background: #fff; font: 11px system-ui, sans-serif; }
            svg.chart text { fill: #333; }
            svg.chart .chart-title { font-size: 12.5px; font-weight: 600; }
            """;

    /** How the spans are called in chart titles; a span not named here keeps its own name. */
    private static final Map<String, String> SPAN_TITLES = Map.of(
            "reader_pass", "reader pass latency",
            "synchronize_rcu", "grace periods (synchronize_rcu)",
            "writer_lock_hold", "writer lock hold");

    private TimedCharts() {
    }

    /** A page of charts for the runs in {@code simulate}'s JSON output, written atomically to {@code target}. */
    public static void writeHtml(JsonNode simulateOutput, Path target) throws IOException {
        writeHtml(TimedMetricsJson.readAll(simulateOutput), target);
    }

    /** A page of charts for {@code runs}, written atomically to {@code target} (never half-written). */
    public static void writeHtml(List<TimedMetrics> runs, Path target) throws IOException {
        ReportFiles.writeAtomically(target, html(runs), "HTML charts");
    }

    /** The page as text. */
    public static String html(List<TimedMetrics> runs) {
        StringWriter w = new StringWriter();
        try {
            writePage(w, runs);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return w.toString();
    }

    private static void writePage(Writer out, List<TimedMetrics> runs) throws IOException {
        Map<String, List<TimedMetrics>> byScenario = byScenario(runs);
        String title = "mprogsim simulate: " + runs.size() + (runs.size() == 1 ? " run" : " runs") + " of "
                + byScenario.size() + (byScenario.size() == 1 ? " scenario" : " scenarios");
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        out.write("<title>" + Markup.text(title) + "</title>\n<style>\n" + HtmlReportWriter.BASE_STYLE + STYLE
                + "</style>\n</head>\n<body>\n");
        out.write("<h1>" + Markup.text(title) + "</h1>\n");
        int i = 0;
        for (Map.Entry<String, List<TimedMetrics>> e : byScenario.entrySet()) {
            i++;
            out.write("<h2 id=\"t" + i + "\">" + Markup.text(e.getKey()) + "</h2>\n");
            writeRuns(out, e.getValue(), "t" + i);
        }
        out.write("</body>\n</html>\n");
        out.flush();
    }

    private static Map<String, List<TimedMetrics>> byScenario(List<TimedMetrics> runs) {
        Map<String, List<TimedMetrics>> out = new LinkedHashMap<>();
        for (TimedMetrics m : runs) {
            out.computeIfAbsent(m.scenario(), k -> new ArrayList<>()).add(m);
        }
        return out;
    }

    /** The charts of one scenario's runs: the sweep chart when the runs sweep a value, then each run. */
    static void writeRuns(Writer out, List<TimedMetrics> runs, String idPrefix) throws IOException {
        String sweep = sweepChart(runs);
        if (sweep != null) {
            out.write("<div class=\"charts sweep\">\n" + sweep + "\n</div>\n");
        }
        for (TimedMetrics m : runs) {
            writeRun(out, m, idPrefix + "-run" + m.run());
        }
    }

    private static void writeRun(Writer out, TimedMetrics m, String id) throws IOException {
        out.write("<section class=\"timed\" id=\"" + id + "\">\n<h3>" + Markup.text(runTitle(m)) + "</h3>\n");
        out.write("<p class=\"facts\">" + Markup.text(facts(m)) + "</p>\n");
        String horizon = m.horizonNote();
        if (horizon != null) {
            out.write("<p class=\"" + (m.saturated() ? "warning saturated" : "note") + "\">" + Markup.text(horizon)
                    + "</p>\n");
        }
        if (!m.violations().isEmpty()) {
            out.write("<p class=\"warning violations\">" + Markup.text("broke " + String.join(", ", m.violations()))
                    + "</p>\n");
        }
        out.write("<div class=\"charts\">\n");
        for (Map.Entry<String, TimedMetrics.Latency> e : m.latency().entrySet()) {
            if (e.getValue().count() > 0) {
                out.write(SvgCharts.latency(SPAN_TITLES.getOrDefault(e.getKey(), e.getKey()), e.getValue()) + "\n");
            }
        }
        TimedMetrics.Pending p = m.pending();
        List<double[]> points = new ArrayList<>();
        for (TimedMetrics.Point point : p.series()) {
            points.add(new double[] {point.atMicros(), point.objects()});
        }
        out.write(SvgCharts.overTime("waiting for a grace period: peak " + p.peakObjects()
                + (p.peakObjects() == 1 ? " object, " : " objects, ") + p.peakBytes() + " bytes", "objects to free",
                points, m.virtualMicros(), m.horizonMicros()) + "\n");
        out.write("</div>\n</section>\n");
    }

    static String runTitle(TimedMetrics m) {
        return "run " + m.run() + ", seed " + m.seed()
                + (m.sweep() == null ? "" : ", " + m.sweep().step() + " " + m.sweep().value());
    }

    static String facts(TimedMetrics m) {
        List<String> parts = new ArrayList<>();
        parts.add("virtual " + TimedMetrics.number(m.virtualMicros()) + " us"
                + (m.horizonMicros() == null ? "" : " (horizon " + TimedMetrics.number(m.horizonMicros()) + " us)"));
        parts.add(m.steps() + " steps");
        parts.add(m.complete() ? "complete" : "stopped" + (m.stopReason() == null ? "" : " by " + m.stopReason()));
        for (Map.Entry<String, Long> e : m.throughputPerSecond().entrySet()) {
            parts.add(String.format(Locale.ROOT, "%,d", e.getValue()) + " " + e.getKey().replace('_', ' ') + "/s");
        }
        if (m.wallMillis() != null) {
            parts.add(TimedMetrics.number(m.wallMillis()) + " ms wall");
        }
        return String.join(" \u00b7 ", parts);
    }

    /**
     * Grace-period length across a sweep: synchronize_rcu's p50, p99 and max at each swept value (the mean over the
     * runs of a value when there are several); null without a sweep or without grace periods.
     */
    static String sweepChart(List<TimedMetrics> runs) {
        Map<String, List<TimedMetrics.Latency>> byValue = new LinkedHashMap<>();
        String step = null;
        for (TimedMetrics m : runs) {
            if (m.sweep() == null) {
                return null;
            }
            step = m.sweep().step();
            TimedMetrics.Latency l = m.latency().get("synchronize_rcu");
            byValue.computeIfAbsent(m.sweep().value(), k -> new ArrayList<>());
            if (l != null && l.count() > 0) {
                byValue.get(m.sweep().value()).add(l);
            }
        }
        if (byValue.size() < 2 || byValue.values().stream().allMatch(List::isEmpty)) {
            return null;
        }
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        int runsPerValue = 0;
        for (List<TimedMetrics.Latency> ls : byValue.values()) {
            p50.add(mean(ls, TimedMetrics.Latency::p50));
            p99.add(mean(ls, TimedMetrics.Latency::p99));
            max.add(mean(ls, TimedMetrics.Latency::max));
            runsPerValue = Math.max(runsPerValue, ls.size());
        }
        String title = "grace periods (synchronize_rcu) by " + step
                + (runsPerValue > 1 ? ", mean of " + runsPerValue + " runs" : "");
        return SvgCharts.acrossSweep(title, step, new ArrayList<>(byValue.keySet()), List.of(
                new SvgCharts.Line("p50", SvgCharts.P50, p50), new SvgCharts.Line("p99", SvgCharts.P99, p99),
                new SvgCharts.Line("max", SvgCharts.MAX, max)));
    }

    private static Double mean(List<TimedMetrics.Latency> ls, java.util.function.Function<TimedMetrics.Latency,
            Double> f) {
        double sum = 0;
        int n = 0;
        for (TimedMetrics.Latency l : ls) {
            Double v = f.apply(l);
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : Math.round(sum / n * 100) / 100.0;
    }
}
