package mprogsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The states a passing run of protocol/two-writers printed that it stored. */
    static long statesStored(Run r) {
        Matcher m = Pattern.compile("PASS protocol-two-writers \\(stateful, (\\d+) states\\)").matcher(r.out());
        assertTrue(m.find(), r.out());
        return Long.parseLong(m.group(1));
    }

    static Path catalog(String sub) {
        Path p = Path.of("catalog", sub);
        return Files.isDirectory(p) ? p : Path.of("scenarios", "catalog", sub);
    }

    @Test
    void sameScenariosSameOutputByteForByte() {
        Run a = run("check", "--no-time", catalog("variants").toString(), catalog("protocol").toString());
        Run b = run("check", "--no-time", catalog("variants").toString(), catalog("protocol").toString());
        assertEquals(0, a.code(), a.out() + a.err());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().contains("passed, 0 failed"));
    }

    @Test
    void aPrintedScheduleReplaysTheSameViolation() {
        Path file = catalog("variants").resolve("put-on-delete.json");
        Run check = run("check", "--no-time", file.toString());
        Matcher m = Pattern.compile("schedule: (\\S+)").matcher(check.out());
        assertTrue(m.find(), check.out());
        Run replay = run("replay", file.toString(), "--schedule", m.group(1));
        assertEquals(0, replay.code(), replay.out());
        assertTrue(replay.out().contains("found as expected: use_after_release"), replay.out());
        String traceInCheck = check.out().substring(check.out().indexOf("trace ("));
        String traceInReplay = replay.out().substring(replay.out().indexOf("trace ("));
        assertEquals(traceInCheck.lines().skip(1).limit(10).toList(), traceInReplay.lines().skip(1).limit(10).toList());
    }

    @Test
    void aScheduleThatDoesNotFitSaysWhere() {
        Path file = catalog("variants").resolve("put-on-delete.json");
        Run replay = run("replay", file.toString(), "--schedule", "1*40");
        assertEquals(1, replay.code());
        assertTrue(replay.out().contains("cannot move here"), replay.out());
    }

    @Test
    void aScenarioThatMissesItsExpectFailsWithExitOne(@TempDir Path dir) throws Exception {
        String text = Files.readString(catalog("variants").resolve("put-on-delete.json"))
                .replace("\"variant\": [\"put_on_delete\"],", "").replace("variant-put-on-delete", "no-variant");
        Path f = dir.resolve("no-variant.json");
        Files.writeString(f, text);
        Run r = run("check", "--no-time", f.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("FAIL no-variant"), r.out());
        assertTrue(r.out().contains("no execution breaks use_after_release"), r.out());
        assertTrue(r.out().contains("0 passed, 1 failed"), r.out());
    }

    /**
     * --no-persistent-sets expands every state fully: the search stores every state sleep sets leave (what the
     * stateful search stored before persistent sets), with the same verdict.
     */
    @Test
    void withoutPersistentSetsEveryStateIsStored(@TempDir Path dir) throws Exception {
        String file = catalog("protocol").resolve("two-writers.json").toString();
        Path on = dir.resolve("on.json");
        Path off = dir.resolve("off.json");
        Run reduced = run("check", "--no-time", "--no-progress", "--json", on.toString(), file);
        Run whole = run("check", "--no-time", "--no-progress", "--no-persistent-sets", "--json", off.toString(), file);
        assertEquals(0, reduced.code(), reduced.out());
        assertEquals(0, whole.code(), whole.out());
        // Every state sleep sets leave is the same set whatever the reduction does; persistent sets store fewer.
        assertTrue(whole.out().contains("PASS protocol-two-writers (stateful, 11567 states)"), whole.out());
        assertTrue(statesStored(reduced) < 11567 / 2, reduced.out());
        // The report says which it was, since the states stored depend on it.
        assertTrue(Files.readString(on).contains("\"persistent_sets\": true"), Files.readString(on));
        assertTrue(Files.readString(off).contains("\"persistent_sets\": false"), Files.readString(off));
    }

    @Test
    void aBudgetStopIsNeverAFullPass() {
        String file = catalog("protocol").resolve("two-writers.json").toString();
        Run dpor = run("check", "--no-time", "--explorer", "dpor", "--max-executions", "3", file);
        assertEquals(1, dpor.code(), dpor.out());
        assertTrue(dpor.out().contains("stopped by the execution limit after 3 executions"), dpor.out());
        // The stateful search (the default) counts final states as executions; it has 2 of them here.
        Run executions = run("check", "--no-time", "--max-executions", "1", file);
        assertEquals(1, executions.code(), executions.out());
        assertTrue(executions.out().contains("FAIL protocol-two-writers (stateful)"), executions.out());
        assertTrue(executions.out().contains("stopped by the execution limit after 1 executions"), executions.out());
        Run states = run("check", "--no-time", "--max-states", "100", file);
        assertEquals(1, states.code(), states.out());
        assertTrue(states.out().contains("stopped by the state limit: no violation so far, but this is not a full "
                + "pass"), states.out());
        long stored = statesStored(run("check", "--no-time", file));
        Run whole = run("check", "--no-time", "--max-executions", "2", "--max-states", Long.toString(stored), file);
        assertEquals(0, whole.code(), whole.out());
        assertTrue(whole.out().contains("PASS protocol-two-writers (stateful, " + stored + " states)"), whole.out());
    }

    /**
     * Shards of the stateful search (the default), merged, give the unsplit run's verdicts, counterexamples and
     * schedules; only the states stored differ (each shard has its own visited set), and the summary says so.
     */
    @Test
    void mergedStatefulShardsGiveTheUnsplitVerdictsAndCounterexamples(@TempDir Path dir) {
        String variants = catalog("variants").toString();
        String protocol = catalog("protocol").resolve("two-writers.json").toString();
        for (int i = 1; i <= 3; i++) {
            Run shard = run("check", "--no-time", "--no-progress", "--shard", i + "/3", "--shard-dir", dir.toString(),
                    variants, protocol);
            assertEquals(0, shard.code(), shard.out() + shard.err());
        }
        Run merged = run("merge", "--no-time", "--shard-dir", dir.toString(), variants, protocol);
        Run whole = run("check", "--no-time", "--no-progress", variants, protocol);
        assertEquals(0, merged.code(), merged.out() + merged.err());
        String wholePass = "PASS protocol-two-writers (stateful, " + statesStored(whole) + " states)";
        assertEquals(whole.out().replace(wholePass, ""),
                merged.out().replaceAll("PASS protocol-two-writers \\(stateful, \\d+ states stored by 3 shards\\)",
                        ""));
        assertTrue(whole.out().contains(wholePass), whole.out());
        assertTrue(merged.out().matches("(?s).*PASS protocol-two-writers \\(stateful, \\d+ states stored by 3 "
                + "shards\\).*"), merged.out());
    }

    @Test
    void aShardRefusesReportsItCouldNotFill(@TempDir Path dir) {
        Run r = run("check", "--no-progress", "--shard", "1/2", "--shard-dir", dir.resolve("parts").toString(),
                "--junit", dir.resolve("j.xml").toString(), catalog("protocol").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out(), "nothing runs");
        assertTrue(r.err().contains("give --json, --junit and --html to mprogsim merge"), r.err());
        assertFalse(Files.exists(dir.resolve("j.xml")));
        assertFalse(Files.exists(dir.resolve("parts")), "nothing written");
    }

    @Test
    void badInputRunsNothing(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("a.json");
        Files.writeString(good, Files.readString(catalog("protocol").resolve("two-writers.json")));
        Path bad = dir.resolve("b.json");
        Files.writeString(bad, "{\"name\": \"b\", \"steps\": [{\"op\": \"attach\", \"prog\": \"p1\", \"flags\": [\"BEFOR\"]}]}");
        Run r = run("check", dir.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("b.json: line 1, column 66: $.steps[0].flags[0]: unknown flag \"BEFOR\""), r.err());
    }

    @Test
    void reportsAreWrittenAndStable(@TempDir Path dir) throws Exception {
        String variants = catalog("variants").toString();
        Path json = dir.resolve("r.json");
        Path xml = dir.resolve("r.xml");
        Path html = dir.resolve("r.html");
        Run a = run("check", "--no-time", "--json", json.toString(), "--junit", xml.toString(), "--html",
                html.toString(), variants);
        assertEquals(0, a.code(), a.out() + a.err());
        String first = Files.readString(json);
        run("check", "--no-time", "--json", json.toString(), variants);
        assertEquals(first, Files.readString(json));
        assertTrue(first.contains("\"name\": \"variant-put-on-delete\""), first);
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(xml.toFile());
        assertEquals(13, doc.getElementsByTagName("testcase").getLength());
        assertEquals(0, doc.getElementsByTagName("failure").getLength());
        assertTrue(Files.readString(html).contains("variant-put-on-delete"));
    }

    @Test
    void anUnwritableReportStopsBeforeAnythingRuns(@TempDir Path dir) {
        Run r = run("check", "--json", dir.resolve("missing").resolve("r.json").toString(),
                catalog("variants").toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
    }
}
