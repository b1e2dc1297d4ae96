package mprogsim.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back what {@link JsonReportWriter} wrote, so that a stored report can be rendered again in another format.
 * Fields the writer left out (wall-clock times) come back as null.
 */
public final class JsonReportReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReportReader() {
    }

    public static RunReport read(Reader in) throws IOException {
        try {
            return report(MAPPER.readTree(in));
        } catch (IllegalArgumentException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IOException("not a valid report: " + e.getMessage(), e);
        }
    }

    private static RunReport report(JsonNode root) throws IOException {
        int format = required(root, "report_format").asInt();
        if (format != JsonReportWriter.REPORT_FORMAT) {
            throw new IOException("report_format " + format + " is not supported (this reader knows "
                    + JsonReportWriter.REPORT_FORMAT + ")");
        }
        List<ScenarioReport> scenarios = new ArrayList<>();
        for (JsonNode s : required(root, "scenarios")) {
            scenarios.add(scenario(s));
        }
        String started = text(root, "started_at");
        return new RunReport(required(root, "tool").asText(), required(root, "tool_version").asText(),
                started == null ? null : Instant.parse(started), scenarios);
    }

    private static ScenarioReport scenario(JsonNode s) throws IOException {
        JsonNode expected = required(s, "expected");
        JsonNode seconds = s.get("seconds");
        JsonNode trace = s.get("trace");
        return ScenarioReport.builder(required(s, "name").asText())
                .file(required(s, "file").asText())
                .description(text(s, "description"))
                .met(required(s, "verdict").asText().equals("met"))
                .expected(required(expected, "verdict").asText().equals("violation")
                        ? Expected.violationOf(required(expected, "invariant").asText()) : Expected.pass())
                .foundInvariants(strings(required(s, "found_invariants")))
                .strategy(required(s, "strategy").asText())
                .executions(required(s, "executions").asLong())
                .steps(required(s, "steps").asLong())
                .seconds(seconds == null || seconds.isNull() ? null : seconds.asDouble())
                .complete(required(s, "complete").asBoolean())
                .stopReason(text(s, "stop_reason"))
                .details(strings(required(s, "details")))
                .schedule(text(s, "schedule"))
                .trace(trace == null || trace.isNull() ? null : trace(trace))
                .timedRuns(s.has("timed_runs") ? TimedMetricsJson.readAll(s.get("timed_runs")) : List.of())
                .stateful(s.has("stateful") ? stateful(s.get("stateful")) : null)
                .build();
    }

    private static StatefulSearch stateful(JsonNode f) throws IOException {
        JsonNode symmetry = f.get("symmetry");
        return new StatefulSearch(text(f, "order"), symmetry == null || symmetry.isNull() ? null : symmetry.asBoolean(),
                required(f, "storage").asText().equals("exact"), required(f, "fingerprint_bits").asInt(),
                required(f, "shards").asInt(), f.has("threads") ? f.get("threads").asInt() : null,
                optionalLong(f, "states_stored"), optionalLong(f, "final_states"), optionalLong(f, "states_matched"),
                optionalLong(f, "transitions"),
                f.has("collision_probability") ? f.get("collision_probability").asDouble() : null,
                optionalLong(f, "memory_bytes"),
                f.has("persistent_sets") ? f.get("persistent_sets").asBoolean() : null);
    }

    private static Long optionalLong(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static TraceReport trace(JsonNode t) throws IOException {
        List<TraceReport.Step> steps = new ArrayList<>();
        for (JsonNode step : required(t, "steps")) {
            JsonNode variants = step.get("variants");
            JsonNode state = step.get("state");
            steps.add(new TraceReport.Step(required(step, "index").asInt(), required(step, "process").asInt(),
                    required(step, "text").asText(), variants == null ? List.of() : strings(variants),
                    state == null || state.isNull() ? null : state(state)));
        }
        return new TraceReport(strings(required(t, "threads")), steps, required(t, "violating_step").asInt());
    }

    private static StepState state(JsonNode s) throws IOException {
        List<StepState.Hook> hooks = new ArrayList<>();
        for (JsonNode h : required(s, "hooks")) {
            hooks.add(new StepState.Hook(required(h, "name").asText(), text(h, "entry")));
        }
        List<StepState.Bundle> bundles = new ArrayList<>();
        for (JsonNode b : required(s, "bundles")) {
            bundles.add(new StepState.Bundle(required(b, "name").asText(), required(b, "count").asInt(),
                    required(b, "revision").asLong(), slots(required(b, "a")), slots(required(b, "b"))));
        }
        List<StepState.ObjectState> objects = new ArrayList<>();
        for (JsonNode o : required(s, "objects")) {
            objects.add(new StepState.ObjectState(required(o, "name").asText(), required(o, "refcount").asInt(),
                    required(o, "life").asText()));
        }
        return new StepState(hooks, bundles, objects);
    }

    private static List<String> slots(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            out.add(v.isNull() ? null : v.asText());
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            out.add(v.asText());
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("missing \"" + field + "\" in a report object");
        }
        return v;
    }
}
