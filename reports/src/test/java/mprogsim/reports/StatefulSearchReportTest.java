package mprogsim.reports;

import static mprogsim.reports.XmlDocuments.children;
import static mprogsim.reports.XmlDocuments.elements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The figures of a stateful search in the three formats: all of them with wall-clock fields, and without them only
 * those that are the same on any number of threads, so that a deterministic report stays byte for byte the same.
 */
class StatefulSearchReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final List<String> STABLE_KEYS = List.of("order", "symmetry", "storage", "fingerprint_bits",
            "shards", "threads");

    static StatefulSearch figures(int threads, long matched, long transitions, long memory) {
        return new StatefulSearch("dfs", true, false, 64, 1, threads, 11567L, 2L, matched, transitions,
                11567.0 * matched / Math.pow(2, 64), memory);
    }

    static ScenarioReport completePass(StatefulSearch f, double seconds) {
        return ScenarioReport.builder("protocol-two-writers").file("scenarios/catalog/protocol/two-writers.json")
                .met(true).expected(Expected.pass()).strategy("stateful").executions(2).steps(11567)
                .seconds(seconds).complete(true).stateful(f).build();
    }

    static ScenarioReport stoppedAtViolation(StatefulSearch f, double seconds) {
        return ScenarioReport.builder("variant-commit-before-sync")
                .file("scenarios/catalog/variants/commit-before-sync.json").met(true)
                .expected(Expected.violationOf("use_after_free")).foundInvariants(List.of("use_after_free"))
                .strategy("stateful").executions(1).steps(4).seconds(seconds).complete(false)
                .stopReason("violation").details(List.of("found as expected: use_after_free (execution 1)"))
                .schedule("0.1.0.1").trace(SampleReports.trace()).stateful(f).build();
    }

    /** One run on two threads. */
    static RunReport run() {
        return new RunReport("mprogsim", "0.1.0", Instant.parse("2024-05-06T07:08:09Z"), List.of(
                completePass(figures(2, 5327, 16893, 4998400), 0.05),
                stoppedAtViolation(new StatefulSearch("dfs", true, false, 64, 1, 2, 117L, 1L, 14L, 549L, 2.4e-15,
                        4655616L), 0.02)));
    }

    /**
     * The same scenarios with the same settings, on another day: only run-dependent figures differ (which worker
     * reached a state first, how deep the stacks grew). The states stored depend on the threads (one worker prunes
     * with sleep sets, several do not), so the threads are a setting here.
     */
    static RunReport otherRun() {
        return new RunReport("mprogsim", "0.1.0", Instant.parse("2031-12-31T23:59:59Z"), List.of(
                completePass(figures(2, 21471, 62809, 5800000), 0.11),
                stoppedAtViolation(new StatefulSearch("dfs", true, false, 64, 1, 2, 131L, 1L, 20L, 601L, 3.1e-15,
                        4723968L), 0.03)));
    }

    private static String json(RunReport r, WallClock c) {
        return new JsonReportWriter(c).render(r);
    }

    private static List<String> keys(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theJsonCarriesEveryFigureWithTimesAndTheRatesFromTheSeconds() throws IOException {
        JsonNode scenario = MAPPER.readTree(json(run(), WallClock.INCLUDE)).get("scenarios").get(0);
        List<String> scenarioKeys = keys(scenario);
        assertEquals(scenarioKeys.indexOf("stop_reason") + 1, scenarioKeys.indexOf("stateful"),
                "the figures follow the exploration's counts: " + scenarioKeys);
        JsonNode f = scenario.get("stateful");
        List<String> all = new ArrayList<>(STABLE_KEYS);
        all.addAll(List.of("states_stored", "final_states", "states_matched", "transitions",
                "collision_probability", "memory_bytes", "states_per_second", "states_per_second_per_thread"));
        assertEquals(all, keys(f));
        assertEquals("dfs", f.get("order").asText());
        assertTrue(f.get("symmetry").asBoolean());
        assertEquals("fingerprints", f.get("storage").asText());
        assertEquals(64, f.get("fingerprint_bits").asInt());
        assertEquals(2, f.get("threads").asInt());
        assertEquals(11567, f.get("states_stored").asLong());
        assertEquals(2, f.get("final_states").asLong());
        assertEquals(5327, f.get("states_matched").asLong());
        assertEquals(16893, f.get("transitions").asLong());
        assertEquals(11567.0 * 5327 / Math.pow(2, 64), f.get("collision_probability").asDouble());
        assertEquals(4998400, f.get("memory_bytes").asLong());
        assertEquals(Math.round(11567 / 0.05), f.get("states_per_second").asLong());
        assertEquals(Math.round(Math.round(11567 / 0.05) / 2.0), f.get("states_per_second_per_thread").asLong());
    }

    @Test
    void withoutTimesOnlyTheFiguresEveryRunWithTheSameSettingsAgreesOnAreWritten() throws IOException {
        String text = json(run(), WallClock.OMIT);
        JsonNode scenarios = MAPPER.readTree(text).get("scenarios");
        List<String> complete = new ArrayList<>(STABLE_KEYS);
        complete.addAll(List.of("states_stored", "final_states"));
        assertEquals(complete, keys(scenarios.get(0).get("stateful")));
        assertEquals(11567, scenarios.get(0).get("stateful").get("states_stored").asLong());
        // A search cut short at a violation stored as many states as its workers got to: not written.
        assertEquals(STABLE_KEYS, keys(scenarios.get(1).get("stateful")));
        assertEquals(text, json(otherRun(), WallClock.OMIT), "another run with the same settings gives the same bytes");
        assertNotEquals(json(run(), WallClock.INCLUDE), json(otherRun(), WallClock.INCLUDE));
    }

    @Test
    void theFiguresReadBackAsWritten() throws IOException {
        RunReport report = run();
        assertEquals(report, JsonReportReader.read(new StringReader(json(report, WallClock.INCLUDE))));
        RunReport back = JsonReportReader.read(new StringReader(json(report, WallClock.OMIT)));
        ScenarioReport pass = back.scenarios().get(0);
        assertEquals(report.scenarios().get(0).stateful().stable(true), pass.stateful());
        assertNull(pass.stateful().statesMatched());
        assertNull(back.scenarios().get(1).stateful().statesStored());
        assertEquals(json(report, WallClock.OMIT), json(back, WallClock.OMIT));
    }

    @Test
    void exactStorageSaysSoAndHasNoCollisionProbability() throws IOException {
        StatefulSearch exact = new StatefulSearch("bfs", false, true, 0, 1, 1, 10L, 1L, 3L, 12L, 0.0, 4096L);
        RunReport r = new RunReport("mprogsim", "0.1.0", null, List.of(completePass(exact, 0.01)));
        JsonNode f = MAPPER.readTree(json(r, WallClock.OMIT)).get("scenarios").get(0).get("stateful");
        assertEquals("exact", f.get("storage").asText());
        assertEquals(0, f.get("fingerprint_bits").asInt());
        assertFalse(f.get("symmetry").asBoolean());
        String page = new HtmlReportWriter(WallClock.OMIT).render(r);
        assertTrue(page.contains("breadth-first, symmetry off, exact states (no collision possible), 1 shard"),
                page);
        assertTrue(page.contains("<dt>collisions</dt><dd>none (exact states)</dd>"), page);
    }

    private static Map<String, String> properties(Element testcase) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element props : children(testcase, "properties")) {
            for (Element p : children(props, "property")) {
                out.put(p.getAttribute("name"), p.getAttribute("value"));
            }
        }
        return out;
    }

    @Test
    void junitCarriesTheFiguresAsTestcaseProperties() throws Exception {
        Document doc = XmlDocuments.parse(new JunitXmlReportWriter(WallClock.INCLUDE).render(run()));
        List<Element> cases = elements(doc, "testcase");
        Map<String, String> pass = properties(cases.get(0));
        assertEquals("11567", pass.get("stateful.states_stored"));
        assertEquals("2", pass.get("stateful.final_states"));
        assertEquals("5327", pass.get("stateful.states_matched"));
        assertEquals("16893", pass.get("stateful.transitions"));
        assertEquals("4998400", pass.get("stateful.memory_bytes"));
        assertEquals(Double.toString(11567.0 * 5327 / Math.pow(2, 64)), pass.get("stateful.collision_probability"));
        assertEquals(Long.toString(Math.round(11567 / 0.05)), pass.get("stateful.states_per_second"));
        assertTrue(children(cases.get(1), "system-out").size() == 1, "the trace is still there");
        assertEquals("117", properties(cases.get(1)).get("stateful.states_stored"));

        String omitted = new JunitXmlReportWriter(WallClock.OMIT).render(run());
        Map<String, String> stable = properties(elements(XmlDocuments.parse(omitted), "testcase").get(0));
        assertEquals(List.of("stateful.order", "stateful.symmetry", "stateful.storage", "stateful.fingerprint_bits",
                "stateful.shards", "stateful.threads", "stateful.states_stored", "stateful.final_states"),
                List.copyOf(stable.keySet()));
        assertEquals(omitted, new JunitXmlReportWriter(WallClock.OMIT).render(otherRun()));
    }

    private static String facts(String page, String scenario) {
        int at = page.indexOf("<h2>" + scenario);
        assertTrue(at >= 0, "no section for " + scenario + ": " + page);
        int start = page.indexOf("<dl class=\"facts\">", at);
        return page.substring(start, page.indexOf("</dl>", start));
    }

    @Test
    void htmlShowsTheFiguresInEachScenariosFacts() throws Exception {
        String page = new HtmlReportWriter(WallClock.INCLUDE).render(run());
        XmlDocuments.parse(page);
        String pass = facts(page, "protocol-two-writers");
        assertTrue(pass.contains("<dt>exploration</dt><dd>stateful, complete, 0.050 s</dd>"), pass);
        assertTrue(pass.contains("<dt>search</dt><dd>depth-first, symmetry on, 64-bit fingerprints, 1 shard,"
                + " 2 threads</dd>"), pass);
        assertTrue(pass.contains("<dt>states</dt><dd>11,567 stored, 2 final; 5,327 matched and 16,893 transitions"
                + " (these depend on the number of threads)</dd>"), pass);
        assertTrue(pass.contains("<dt>collisions</dt><dd>probability 3.3e-12 that a fingerprint collision hid a"
                + " state</dd>"), pass);
        assertTrue(pass.contains("<dt>visited set and stacks</dt><dd>5.0 MB (4,998,400 bytes)</dd>"), pass);
        assertTrue(pass.contains("<dt>rate</dt><dd>231,340 states/s, 115,670 per thread</dd>"), pass);
        String violation = facts(page, "variant-commit-before-sync");
        assertTrue(violation.contains("stateful, shortest violating schedule of 4 steps, not complete (stopped at"
                + " the first violation)"), violation);

        String omitted = new HtmlReportWriter(WallClock.OMIT).render(run());
        String stable = facts(omitted, "protocol-two-writers");
        assertTrue(stable.contains("<dt>states</dt><dd>11,567 stored, 2 final</dd>"), stable);
        assertTrue(stable.contains("1 shard, 2 threads</dd>"), stable);
        for (String runDependent : List.of("matched", "collisions", "visited set", "states/s")) {
            assertFalse(stable.contains(runDependent), runDependent + ": " + stable);
        }
        assertFalse(facts(omitted, "variant-commit-before-sync").contains("<dt>states</dt>"));
        assertEquals(omitted, new HtmlReportWriter(WallClock.OMIT).render(otherRun()));
    }
}
