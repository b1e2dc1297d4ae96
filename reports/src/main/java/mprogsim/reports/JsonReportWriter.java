package mprogsim.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The run as one JSON document (see docs/reports.md for the schema). Keys are written in a fixed order by hand,
 * not by reflection, so that the document's shape is a contract and does not move when a record gains a field.
 * Indentation and line ends are fixed too: the same report gives the same bytes on every platform.
 */
public final class JsonReportWriter implements ReportWriter {
    /** Bumped when a key changes meaning or disappears; new keys do not bump it. */
    public static final int REPORT_FORMAT = 1;

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final WallClock wallClock;

    public JsonReportWriter(WallClock wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public String formatName() {
        return "JSON";
    }

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setPrettyPrinter(prettyPrinter());
        g.writeStartObject();
        g.writeNumberField("report_format", REPORT_FORMAT);
        writeText(g, "tool", report.tool());
        writeText(g, "tool_version", report.toolVersion());
        if (wallClock == WallClock.INCLUDE && report.startedAt() != null) {
            writeText(g, "started_at", report.startedAt().toString());
        }
        g.writeObjectFieldStart("summary");
        g.writeNumberField("scenarios", report.scenarios().size());
        g.writeNumberField("met", report.met());
        g.writeNumberField("not_met", report.notMet());
        Double total = report.totalSeconds();
        if (wallClock == WallClock.INCLUDE && total != null) {
            g.writeNumberField("seconds", total);
        }
        g.writeEndObject();
        g.writeArrayFieldStart("scenarios");
        for (ScenarioReport s : report.scenarios()) {
            writeScenario(g, s);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.write('\n');
        out.flush();
    }

    private void writeScenario(JsonGenerator g, ScenarioReport s) throws IOException {
        g.writeStartObject();
        writeText(g, "name", s.name());
        writeText(g, "file", s.file());
        writeText(g, "description", s.description());
        writeText(g, "verdict", s.met() ? "met" : "not_met");
        g.writeObjectFieldStart("expected");
        writeText(g, "verdict", s.expected().violation() ? "violation" : "pass");
        if (s.expected().violation()) {
            writeText(g, "invariant", s.expected().invariant());
        }
        g.writeEndObject();
        writeStrings(g, "found_invariants", s.foundInvariants());
        writeText(g, "strategy", s.strategy());
        g.writeNumberField("executions", s.executions());
        g.writeNumberField("steps", s.steps());
        if (wallClock == WallClock.INCLUDE && s.seconds() != null) {
            g.writeNumberField("seconds", s.seconds());
        }
        g.writeBooleanField("complete", s.complete());
        writeText(g, "stop_reason", s.stopReason());
        if (s.stateful() != null) {
            writeStateful(g, s);
        }
        writeStrings(g, "details", s.details());
        writeText(g, "schedule", s.schedule());
        g.writeFieldName("trace");
        if (s.trace() == null) {
            g.writeNull();
        } else {
            writeTrace(g, s.trace());
        }
        if (!s.timedRuns().isEmpty()) {
            g.writeArrayFieldStart("timed_runs");
            for (TimedMetrics m : s.timedRuns()) {
                TimedMetricsJson.write(g, withoutWallClock(m));
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * The stateful search's figures; without wall-clock fields only those that are the same on any number of threads
     * and in every run ({@link StatefulSearch#stable}).
     */
    private void writeStateful(JsonGenerator g, ScenarioReport s) throws IOException {
        boolean times = wallClock == WallClock.INCLUDE;
        StatefulSearch f = times ? s.stateful() : s.stateful().stable(s.complete());
        g.writeObjectFieldStart("stateful");
        for (StatefulSearch.Figure figure : f.figures(times ? s.seconds() : null)) {
            Object v = figure.value();
            if (v instanceof Boolean b) {
                g.writeBooleanField(figure.key(), b);
            } else if (v instanceof Double d) {
                g.writeNumberField(figure.key(), d);
            } else if (v instanceof Number n) {
                g.writeNumberField(figure.key(), n.longValue());
            } else {
                writeText(g, figure.key(), String.valueOf(v));
            }
        }
        g.writeEndObject();
    }

    private TimedMetrics withoutWallClock(TimedMetrics m) {
        if (wallClock == WallClock.INCLUDE || m.wallMillis() == null) {
            return m;
        }
        return new TimedMetrics(m.scenario(), m.run(), m.seed(), m.sweep(), m.virtualMicros(), m.horizonMicros(),
                m.steps(), m.complete(), m.stopReason(), null, m.latency(), m.waits(), m.throughputPerSecond(),
                m.pending(), m.violations());
    }

    private static void writeState(JsonGenerator g, StepState state) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("hooks");
        for (StepState.Hook h : state.hooks()) {
            g.writeStartObject();
            writeText(g, "name", h.name());
            writeText(g, "entry", h.entry());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("bundles");
        for (StepState.Bundle b : state.bundles()) {
            g.writeStartObject();
            writeText(g, "name", b.name());
            g.writeNumberField("count", b.count());
            g.writeNumberField("revision", b.revision());
            for (String which : List.of("a", "b")) {
                g.writeArrayFieldStart(which);
                for (String slot : b.entry(which)) {
                    if (slot == null) {
                        g.writeNull();
                    } else {
                        g.writeString(wellFormed(slot));
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("objects");
        for (StepState.ObjectState o : state.objects()) {
            g.writeStartObject();
            writeText(g, "name", o.name());
            g.writeNumberField("refcount", o.refcount());
            writeText(g, "life", o.life());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeTrace(JsonGenerator g, TraceReport t) throws IOException {
        g.writeStartObject();
        writeStrings(g, "threads", t.threads());
        g.writeNumberField("violating_step", t.violatingStep());
        g.writeArrayFieldStart("steps");
        for (TraceReport.Step step : t.steps()) {
            g.writeStartObject();
            g.writeNumberField("index", step.index());
            g.writeNumberField("process", step.process());
            // Redundant with threads[process], but a reader of the raw file should not have to look it up.
            writeText(g, "thread", t.threadOf(step));
            writeText(g, "text", step.text());
            if (!step.variants().isEmpty()) {
                writeStrings(g, "variants", step.variants());
            }
            if (step.state() != null) {
                g.writeFieldName("state");
                writeState(g, step.state());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(wellFormed(v));
        }
        g.writeEndArray();
    }

    private static void writeText(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, wellFormed(value));
        }
    }

    /**
     * The text with each unpaired surrogate replaced by U+FFFD. A scenario file may spell one as an escape, but it
     * is not a character: UTF-8 cannot encode it, and the file would fail to write halfway. The XML and HTML
     * writers replace it the same way.
     */
    static String wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                StringBuilder sb = new StringBuilder(s.length());
                for (int j = 0; j < s.length(); ) {
                    int c = s.codePointAt(j);
                    j += Character.charCount(c);
                    // codePointAt returns a surrogate itself only when it has no partner.
                    sb.appendCodePoint(c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE ? 0xFFFD : c);
                }
                return sb.toString();
            }
        }
        return s;
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }
}
