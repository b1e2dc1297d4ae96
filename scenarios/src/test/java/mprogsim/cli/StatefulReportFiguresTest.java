package mprogsim.cli;

import static mprogsim.cli.CheckCommandTest.catalog;
import static mprogsim.cli.CheckCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the stateful search stored and did reaches the JSON, JUnit and HTML reports of {@code check} and
 * {@code merge}, and {@code bench}: the figures are the explorer's own, and a report without wall-clock fields keeps
 * only those that do not depend on the number of threads.
 */
class StatefulReportFiguresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Scenario load(Path file) {
        ScenarioFiles.Loaded loaded = ScenarioFiles.load(List.of(file));
        assertTrue(loaded.ok(), loaded.errors().toString());
        return loaded.scenarios().get(0);
    }

    /** The same exploration as {@code check --threads 1}, run directly. */
    private static ExplorationResult explore(Scenario s, Path dir) throws Exception {
        return explore(s, dir, 1);
    }

    private static ExplorationResult explore(Scenario s, Path dir, int threads) throws Exception {
        ScenarioRunner.Options o = new ScenarioRunner.Options("stateful", null, null, null, Long.MAX_VALUE, null,
                false, false, threads, 0, 1, ProgressListener.NONE, dir);
        return ScenarioRunner.explore(s, "exhaustive", o).result();
    }

    @Test
    void theReportsCarryTheFiguresTheExplorerReported(@TempDir Path dir) throws Exception {
        Path file = catalog("protocol").resolve("two-writers.json");
        ExplorationResult r = explore(load(file), dir);
        assertTrue(r.complete && r.statesStored > 0 && r.transitions > 0, r.toText());
        Path json = dir.resolve("r.json");
        Path xml = dir.resolve("r.xml");
        Path html = dir.resolve("r.html");
        CheckCommandTest.Run check = run("check", "--threads", "1", "--no-progress", "--json", json.toString(),
                "--junit", xml.toString(), "--html", html.toString(), file.toString());
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains(", " + r.statesStored + " states, "), check.out());

        JsonNode s = JSON.readTree(json.toFile()).get("scenarios").get(0);
        assertEquals("stateful", s.get("strategy").asText());
        JsonNode f = s.get("stateful");
        assertNotNull(f, s.toString());
        assertEquals(r.statesStored, f.get("states_stored").asLong());
        assertEquals(r.executions, f.get("final_states").asLong());
        // One worker searches in one order: these are the same in every run on one thread.
        assertEquals(r.statesMatched, f.get("states_matched").asLong());
        assertEquals(r.transitions, f.get("transitions").asLong());
        assertEquals(r.memoryBytes, f.get("memory_bytes").asLong());
        assertEquals(r.fingerprintBits, f.get("fingerprint_bits").asInt());
        assertEquals(1, f.get("threads").asInt());
        assertEquals(1, f.get("shards").asInt());
        assertEquals("dfs", f.get("order").asText());
        assertTrue(f.get("symmetry").asBoolean());
        assertEquals("fingerprints", f.get("storage").asText());
        double p = f.get("collision_probability").asDouble();
        assertTrue(p > 0 && p < 1e-6, "stored times matched over 2^64: " + p);
        assertEquals(Math.round(r.statesStored / s.get("seconds").asDouble()), f.get("states_per_second").asLong());

        String junit = Files.readString(xml);
        assertTrue(junit.contains("<property name=\"stateful.states_stored\" value=\"" + r.statesStored + "\"/>"),
                junit);
        assertTrue(junit.contains("<property name=\"stateful.transitions\" value=\"" + r.transitions + "\"/>"),
                junit);
        String page = Files.readString(html);
        assertTrue(page.contains(String.format(Locale.ROOT, "<dt>states</dt><dd>%,d stored, %,d final; %,d matched",
                r.statesStored, r.executions, r.statesMatched)), page);
    }

    @Test
    void withoutTimesTheReportsAreTheSameBytesOnAnyNumberOfWorkers(@TempDir Path dir) throws Exception {
        String[] files = {catalog("protocol").resolve("two-writers.json").toString(),
                catalog("protocol").resolve("teardown-vs-readers.json").toString(),
                catalog("variants").resolve("commit-before-sync.json").toString()};
        // Several workers share sleep sets, which with persistent sets prune states in an order that depends on
        // timing: their states stored are left out (one worker's are kept), the final states are the same for any
        // number, and two runs with the same settings give the same bytes.
        int[] counts = {1, 2, 2, 3};
        String[] reports = new String[counts.length];
        for (int i = 0; i < counts.length; i++) {
            Path json = dir.resolve(i + ".json");
            Path xml = dir.resolve(i + ".xml");
            Path html = dir.resolve(i + ".html");
            String[] args = RandomizedTimedAndParallelRunsTest.concat(new String[] {"check", "--no-time",
                    "--no-progress", "--threads", Integer.toString(counts[i]), "--json", json.toString(), "--junit",
                    xml.toString(), "--html", html.toString()}, files);
            CheckCommandTest.Run r = run(args);
            assertEquals(0, r.code(), r.out() + r.err());
            reports[i] = Files.readString(json) + Files.readString(xml) + Files.readString(html);
        }
        assertEquals(reports[1], reports[2]);
        assertFalse(reports[0].equals(reports[1]));
        for (int k = 0; k < 2; k++) {
            JsonNode one = JSON.readTree(Files.readString(dir.resolve("0.json"))).get("scenarios").get(k)
                    .get("stateful");
            JsonNode three = JSON.readTree(Files.readString(dir.resolve("3.json"))).get("scenarios").get(k)
                    .get("stateful");
            assertEquals(one.get("final_states"), three.get("final_states"));
            assertTrue(one.has("states_stored"), one.toString());
            assertFalse(three.has("states_stored"), "several workers stored as many states as their timing gave");
        }
        JsonNode scenarios = JSON.readTree(Files.readString(dir.resolve("0.json"))).get("scenarios");
        ExplorationResult r = explore(load(Path.of(files[0])), dir, 1);
        assertEquals(r.statesStored, scenarios.get(0).get("stateful").get("states_stored").asLong());
        assertFalse(scenarios.get(0).get("stateful").has("states_matched"));
        assertFalse(scenarios.get(2).get("stateful").has("states_stored"),
                "a search stopped at a violation stored as many states as its workers got to");
    }

    @Test
    void mergeReportsTheShardsStatesWithTheirCount(@TempDir Path dir) throws Exception {
        String file = catalog("protocol").resolve("two-writers.json").toString();
        Path shards = dir.resolve("shards");
        for (String part : new String[] {"1/2", "2/2"}) {
            CheckCommandTest.Run r = run("check", "--no-time", "--no-progress", "--threads", "1", "--shard", part,
                    "--shard-dir", shards.toString(), file);
            assertEquals(0, r.code(), r.out() + r.err());
        }
        long stored = 0;
        try (var results = Files.list(shards)) {
            for (Path f : results.sorted().toList()) {
                stored += ExplorationResult.parse(Files.readString(f)).statesStored;
            }
        }
        Path json = dir.resolve("merged.json");
        CheckCommandTest.Run merged = run("merge", "--no-time", "--shard-dir", shards.toString(), "--json",
                json.toString(), file);
        assertEquals(0, merged.code(), merged.out() + merged.err());
        JsonNode f = JSON.readTree(json.toFile()).get("scenarios").get(0).get("stateful");
        assertEquals(2, f.get("shards").asInt());
        assertEquals(stored, f.get("states_stored").asLong());
        assertFalse(f.has("threads"), "merge does not know the shards' threads: " + f);
    }

    @Test
    void benchMeasuresTheStatefulSearchOnOneThreadAndTwo(@TempDir Path dir) throws Exception {
        CheckCommandTest.Run r = run("bench", "--json", "--only", "stateful", "--stateful-references", "r1",
                "--repeat", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = JSON.readTree(r.out()).get("stateful");
        assertEquals(1, rows.size());
        JsonNode row = rows.get(0);
        assertEquals("R1", row.get("reference").asText());
        ExplorationResult[] directs = {explore(BenchCommand.resource("bench/r1.json"), dir),
            explore(BenchCommand.resource("bench/r1.json"), dir, 2)};
        JsonNode runs = row.get("runs");
        assertEquals(2, runs.size());
        for (int i = 0; i < 2; i++) {
            ExplorationResult direct = directs[i];
            JsonNode run = runs.get(i);
            assertEquals(i + 1, run.get("threads").asInt());
            assertEquals(direct.statesStored, run.get("states_stored").asLong());
            assertEquals(direct.executions, run.get("final_states").asLong());
            assertTrue(run.get("complete").asBoolean());
            assertEquals("none", run.get("violation").asText());
            assertTrue(run.get("memory_bytes").asLong() > 0);
            double seconds = run.get("wall_ms").asDouble() / 1000;
            assertEquals(Math.round(direct.statesStored / seconds), run.get("states_per_second").asLong());
            assertEquals(Math.round(direct.statesStored / seconds / (i + 1)),
                    run.get("states_per_second_per_thread").asLong());
        }
        assertEquals(directs[0].statesMatched, runs.get(0).get("states_matched").asLong());
        assertEquals(directs[0].transitions, runs.get(0).get("transitions").asLong());
        JsonNode ratio = row.get("ratios").get(0);
        assertEquals(2, ratio.get("threads").asInt());
        assertEquals(1, ratio.get("over_threads").asInt());
        assertTrue(ratio.get("same_final_states_and_verdict").asBoolean());
        double w0 = runs.get(0).get("wall_ms").asDouble();
        double w1 = runs.get(1).get("wall_ms").asDouble();
        assertEquals(w0 / w1, ratio.get("wall_speedup").asDouble(), 1e-6 * (w0 / w1));
        double rate = (directs[1].statesStored / w1) / (directs[0].statesStored / w0);
        assertEquals(rate, ratio.get("states_per_second").asDouble(), 1e-6 * rate);
    }
}
