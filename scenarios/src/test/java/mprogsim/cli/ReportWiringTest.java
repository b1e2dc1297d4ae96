package mprogsim.cli;

import static mprogsim.cli.CheckCommandTest.catalog;
import static mprogsim.cli.CheckCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's data reaching the reports: memory per step, variant marks, charts of timed runs. */
class ReportWiringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode checkJson(Path dir, Path scenario) throws Exception {
        Path json = dir.resolve("r.json");
        CheckCommandTest.Run r = run("check", "--no-time", "--threads", "1", "--json", json.toString(),
                scenario.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        return JSON.readTree(json.toFile()).get("scenarios").get(0);
    }

    private static JsonNode object(JsonNode state, String name) {
        for (JsonNode o : state.get("objects")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        return null;
    }

    @Test
    void everyStepCarriesTheMemoryAndTheViolatingStepShowsTheFreedProg(@TempDir Path dir) throws Exception {
        JsonNode s = checkJson(dir, catalog("variants").resolve("commit-before-sync.json"));
        JsonNode trace = s.get("trace");
        int violating = trace.get("violating_step").asInt();
        assertTrue(violating > 0, trace.toString());
        for (JsonNode step : trace.get("steps")) {
            JsonNode state = step.get("state");
            assertNotNull(state, "step " + step.get("index") + " has no memory");
            assertEquals(2, state.get("hooks").size());
            assertEquals("ingress", state.get("hooks").get(0).get("name").asText());
        }
        JsonNode last = trace.get("steps").get(violating - 1);
        assertEquals("pass 1: run p2", last.get("text").asText());
        JsonNode p2 = object(last.get("state"), "p2");
        assertNotNull(p2, last.toString());
        assertEquals(0, p2.get("refcount").asInt());
        assertEquals("freed", p2.get("life").asText());
        // The reader still runs from the entry it loaded, bundle0.a, which holds p2; the hook points elsewhere.
        JsonNode bundle0 = last.get("state").get("bundles").get(0);
        assertEquals("bundle0", bundle0.get("name").asText());
        assertEquals("p2", bundle0.get("a").get(1).asText());
        assertEquals("bundle0.b", last.get("state").get("hooks").get(0).get("entry").asText());
        // p2 before the writer's put: live with its one reference.
        JsonNode first = trace.get("steps").get(0);
        assertEquals("live", object(first.get("state"), "p2").get("life").asText());
    }

    @Test
    void theStepsTheVariantChangedAreMarkedAndOnlyThose(@TempDir Path dir) throws Exception {
        JsonNode s = checkJson(dir, catalog("variants").resolve("commit-before-sync.json"));
        List<String> marked = new ArrayList<>();
        for (JsonNode step : s.get("trace").get("steps")) {
            if (step.has("variants")) {
                assertEquals("[\"commit_before_sync\"]", step.get("variants").toString());
                marked.add(step.get("text").asText());
            }
        }
        // The commit and the put it leads to run while the kernel's writer still waits in synchronize_rcu.
        assertEquals(List.of("detach AFTER none: bpf_mprog_commit: complete release (finds p2)",
                "detach AFTER none: bpf_prog_put(p2) (drops the last reference)",
                "detach AFTER none: p2 released: last reference gone, freed at once"), marked);
    }

    @Test
    void aReaderVariantMarksTheReaderSteps(@TempDir Path dir) throws Exception {
        JsonNode s = checkJson(dir, catalog("variants").resolve("reader-uses-count.json"));
        List<String> marked = new ArrayList<>();
        for (JsonNode step : s.get("trace").get("steps")) {
            if (step.has("variants")) {
                marked.add(step.get("thread").asText() + " " + step.get("text").asText());
            }
        }
        assertEquals(List.of("r1 pass 1: read count of bundle 0 -> 3", "r1 pass 1: run NULL"), marked);
    }

    @Test
    void aScenarioWithoutVariantsHasNoMarks(@TempDir Path dir) throws Exception {
        Path file = null;
        try (var files = Files.walk(catalog("invariants"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                if (!Files.readString(f).contains("\"variants\"")) {
                    file = f;
                    break;
                }
            }
        }
        assertNotNull(file);
        Path json = dir.resolve("r.json");
        run("check", "--no-time", "--threads", "1", "--json", json.toString(), file.toString());
        JsonNode trace = JSON.readTree(json.toFile()).get("scenarios").get(0).get("trace");
        if (trace != null && !trace.isNull()) {
            for (JsonNode step : trace.get("steps")) {
                assertFalse(step.has("variants"), step.toString());
                assertTrue(step.has("state"), step.toString());
            }
        }
    }

    @Test
    void theHtmlReportShowsTheMemoryColumnAndTheJunitTheMemoryAtTheViolation(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        Path xml = dir.resolve("r.xml");
        CheckCommandTest.Run r = run("check", "--no-time", "--threads", "1", "--html", html.toString(), "--junit",
                xml.toString(), catalog("variants").resolve("commit-before-sync.json").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("memory after the step"), page);
        assertTrue(page.contains("changed by the variant commit_before_sync"), page);
        assertTrue(Files.readString(xml).contains("p2 ref 0 freed"));
    }

    @Test
    void simulateWritesAPageOfSvgCharts(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("charts.html");
        Path out = dir.resolve("m.json");
        CheckCommandTest.Run r = run("simulate", "--no-time", "--runs", "1", "--html", html.toString(), "-o",
                out.toString(), catalog("timed").resolve("steady-reader-stream.json").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<svg"), page);
        assertTrue(page.contains("timed-steady-reader-stream"), page);
        assertTrue(page.contains("reader_pass") || page.contains("reader pass"), page);
    }

    @Test
    void simulateRefusesAnUnwritableChartFileBeforeRunning(@TempDir Path dir) {
        Path html = dir.resolve("missing").resolve("charts.html");
        CheckCommandTest.Run r = run("simulate", "--no-time", "--html", html.toString(),
                catalog("timed").resolve("steady-reader-stream.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void simulateSaysWhenArrivalsSaturatedTheThreads(@TempDir Path dir) {
        CheckCommandTest.Run r = run("simulate", "--no-time", "-o", dir.resolve("m.json").toString(),
                catalog("timed").resolve("grace-period-vs-pass-time.json").toString());
        assertTrue(r.err().contains("saturated: virtual time ran to"), r.err());
        CheckCommandTest.Run steady = run("simulate", "--no-time", "-o", dir.resolve("s.json").toString(),
                catalog("timed").resolve("steady-reader-stream.json").toString());
        assertFalse(steady.err().contains("saturated"), steady.err());
    }

    @Test
    void checkHtmlOfATimedScenarioHasCharts(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        Path json = dir.resolve("r.json");
        CheckCommandTest.Run r = run("check", "--no-time", "--threads", "1", "--html", html.toString(), "--json",
                json.toString(), catalog("timed").resolve("steady-reader-stream.json").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.readString(html).contains("<svg"));
        JsonNode runs = JSON.readTree(json.toFile()).get("scenarios").get(0).get("timed_runs");
        assertNotNull(runs);
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).get("steps").asLong() > 0);
        assertNull(runs.get(0).get("wall_ms"));
    }
}
