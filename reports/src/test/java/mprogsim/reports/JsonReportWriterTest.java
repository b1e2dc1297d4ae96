package mprogsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String json(RunReport r, WallClock c) {
        return new JsonReportWriter(c).render(r);
    }

    @Test
    void everyFieldRoundTripsWithTimes() throws IOException {
        RunReport report = SampleReports.run();
        RunReport back = JsonReportReader.read(new StringReader(json(report, WallClock.INCLUDE)));
        assertEquals(SampleReports.runWithWellFormedText(), back);
    }

    @Test
    void withoutTimesEverythingButTheWallClockRoundTrips() throws IOException {
        RunReport report = SampleReports.run();
        RunReport back = JsonReportReader.read(new StringReader(json(report, WallClock.OMIT)));
        assertEquals(SampleReports.withoutTimes(SampleReports.runWithWellFormedText()), back);
    }

    @Test
    void withoutTimesTheBytesDoNotDependOnTheClock() {
        String a = json(SampleReports.run(), WallClock.OMIT);
        String b = json(SampleReports.sameRunOtherTimes(), WallClock.OMIT);
        assertEquals(a, b);
        assertEquals(a, json(SampleReports.run(), WallClock.OMIT));
        assertFalse(a.contains("\"seconds\""), a);
        assertFalse(a.contains("started_at"), a);
        assertFalse(a.contains("\r"), "line ends are \\n on every platform");
        assertTrue(a.endsWith("}\n"), "one trailing newline");
        assertNotEquals(json(SampleReports.run(), WallClock.INCLUDE),
                json(SampleReports.sameRunOtherTimes(), WallClock.INCLUDE));
    }

    @Test
    void keysComeInTheDocumentedOrder() throws IOException {
        JsonNode root = MAPPER.readTree(json(SampleReports.run(), WallClock.INCLUDE));
        assertEquals(List.of("report_format", "tool", "tool_version", "started_at", "summary", "scenarios"),
                fieldNames(root));
        assertEquals(List.of("scenarios", "met", "not_met", "seconds"), fieldNames(root.get("summary")));
        assertEquals(List.of("name", "file", "description", "verdict", "expected", "found_invariants", "strategy",
                "executions", "steps", "seconds", "complete", "stop_reason", "details", "schedule", "trace"),
                fieldNames(root.get("scenarios").get(0)));
        assertEquals(List.of("threads", "violating_step", "steps"),
                fieldNames(root.get("scenarios").get(0).get("trace")));
        assertEquals(List.of("index", "process", "thread", "text"),
                fieldNames(root.get("scenarios").get(0).get("trace").get("steps").get(0)));
    }

    @Test
    void valuesAreWhatAReaderOfTheRawFileExpects() throws IOException {
        RunReport report = SampleReports.run();
        JsonNode root = MAPPER.readTree(json(report, WallClock.INCLUDE));
        assertEquals(1, root.get("report_format").asInt());
        assertEquals("2024-05-06T07:08:09.123456Z", root.get("started_at").asText());
        assertEquals(5, root.get("summary").get("scenarios").asInt());
        assertEquals(SampleReports.count(report, true), root.get("summary").get("met").asLong());
        assertEquals(SampleReports.count(report, false), root.get("summary").get("not_met").asLong());
        JsonNode odd = root.get("scenarios").get(1);
        assertEquals(SampleReports.ODD_NAME, odd.get("name").asText());
        assertEquals("not_met", odd.get("verdict").asText());
        assertEquals("pass", odd.get("expected").get("verdict").asText());
        assertFalse(odd.get("expected").has("invariant"));
        JsonNode step = odd.get("trace").get("steps").get(1);
        assertEquals("r\u00e9ader <1>", step.get("thread").asText());
        assertEquals(1, step.get("process").asInt());
        JsonNode plain = root.get("scenarios").get(3);
        assertTrue(plain.get("trace").isNull());
        assertTrue(plain.get("schedule").isNull());
        assertTrue(plain.get("description").isNull());
        assertEquals("violation", root.get("scenarios").get(0).get("expected").get("verdict").asText());
        assertEquals("use_after_free", root.get("scenarios").get(0).get("expected").get("invariant").asText());
    }

    @Test
    void nonAsciiIsWrittenAsIsInUtf8() {
        String text = json(SampleReports.run(), WallClock.OMIT);
        assertTrue(text.contains("gr\u00fc\u00dfe \u2713 \ud834\udd1e"), text);
    }

    @Test
    void theDocumentCanBeEncodedInUtf8EvenWhenATextHasALoneSurrogate() {
        String text = json(SampleReports.run(), WallClock.OMIT);
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder();
        assertTrue(utf8.canEncode(text), "a lone surrogate would make the file fail to write halfway");
        assertTrue(text.contains("lone surrogate \ufffd end"), text);
        assertTrue(text.contains("control char \\u0001 and"), "controls are escaped: " + text);
    }

    @Test
    void anEmptyRunIsAValidDocument() throws IOException {
        RunReport empty = new RunReport("mprogsim", "0.1.0", null, List.of());
        String text = json(empty, WallClock.INCLUDE);
        assertTrue(text.contains("\"scenarios\": []"), text);
        assertEquals(empty, JsonReportReader.read(new StringReader(text)));
    }

    @Test
    void theReaderRejectsAnotherFormat() {
        IOException e = assertThrows(IOException.class, () -> JsonReportReader.read(new StringReader(
                "{\"report_format\": 2, \"tool\": \"x\", \"tool_version\": \"y\", \"scenarios\": []}")));
        assertTrue(e.getMessage().contains("report_format 2"), e.getMessage());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void memoryStatesVariantsAndTimedRunsRoundTrip() throws IOException {
        RunReport memory = SampleReports.withMemory();
        assertEquals(memory, JsonReportReader.read(new StringReader(json(memory, WallClock.OMIT))));
        ScenarioReport timed = ScenarioReport.builder("timed").strategy("timed").met(true)
                .timedRuns(SampleReports.timedRuns()).build();
        RunReport run = new RunReport("mprogsim", "0.1.0", null, List.of(timed));
        String text = json(run, WallClock.OMIT);
        assertEquals(run, JsonReportReader.read(new StringReader(text)));
        JsonNode step = MAPPER.readTree(json(memory, WallClock.OMIT)).get("scenarios").get(0).get("trace")
                .get("steps").get(19);
        assertEquals("[\"commit_before_sync\"]", step.get("variants").toString());
        assertEquals("{\"name\":\"bundle0\",\"count\":1,\"revision\":3,\"a\":[\"p1\",\"p2\",null,null,null],"
                + "\"b\":[\"p1\",null,null,null,null]}", step.get("state").get("bundles").get(0).toString());
        assertFalse(MAPPER.readTree(json(SampleReports.run(), WallClock.OMIT)).toString().contains("\"state\""),
                "steps without memory have no state key");
    }
}
