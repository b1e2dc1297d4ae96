package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import mprogsim.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad scenario files: {@code check} exits 2 and names the file, the place, and what was expected; nothing runs. */
class ScenarioLoaderBadInputTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run check(String json) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("check", f.toString());
        return new Run(code, out.toString(), err.toString());
    }

    private void assertBad(String json, String... fragments) throws IOException {
        Run r = check(json);
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertEquals("", r.out(), "nothing may run on bad input");
        assertTrue(r.err().contains(dir.resolve("bad.json").toString()), "names the file: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected \"" + f + "\" in: " + r.err());
        }
    }

    @Test
    void notJson() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [\n  {\"op\": \"query\"\n]}", "line 3, column 1", "not valid JSON");
    }

    @Test
    void unknownKey() throws IOException {
        assertBad("{\"name\": \"x\",\n \"stepz\": []}", "line 2, column 11", "$.stepz", "unknown key \"stepz\"",
                "expected one of");
    }

    @Test
    void unknownOpKey() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [{\"op\": \"attach\", \"prog\": \"p1\", \"flag\": []}]}",
                "$.steps[0].flag", "unknown key \"flag\"");
    }

    @Test
    void wrongType() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [{\"op\": \"query\", \"count_capacity\": \"many\"}]}",
                "$.steps[0].count_capacity", "expected an integer", "found a string");
    }

    @Test
    void unknownOp() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [{\"op\": \"attachh\", \"prog\": \"p1\"}]}", "$.steps[0].op",
                "unknown value \"attachh\"", "expected one of attach, detach");
    }

    @Test
    void unknownFlag() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [{\"op\": \"attach\", \"prog\": \"p1\", \"flags\": [\"FIRST\"]}]}",
                "$.steps[0].flags[0]", "unknown flag \"FIRST\"", "BEFORE");
    }

    @Test
    void nameReferringToNothing() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [{\"op\": \"link_detach\", \"link\": \"l9\"}]}", "$.steps[0].link",
                "link \"l9\" refers to nothing");
    }

    @Test
    void unknownErrno() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [{\"op\": \"query\", \"expect\": {\"ret\": \"-EWHAT\"}}]}",
                "$.steps[0].expect.ret", "unknown errno");
    }

    @Test
    void retNumberOutsideTheIntRange() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [{\"op\": \"query\", \"expect\": {\"ret\": \"-99999999999\"}}]}",
                "$.steps[0].expect.ret", "expected an integer from -2147483648 to 2147483647, found -99999999999");
    }

    @Test
    void stepsAndThreadsTogether() throws IOException {
        assertBad("{\"name\": \"x\", \"steps\": [], \"threads\": []}", "$.threads",
                "\"steps\" and \"threads\" may not both be given");
    }

    @Test
    void aGoodFileStillPasses() throws IOException {
        Run r = check("{\"name\": \"x\", \"x-note\": 1, \"steps\": [{\"op\": \"query\", \"expect\": {\"ret\": 0, "
                + "\"count\": 0, \"revision\": 1}}]}");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 passed, 0 failed"), r.out());
    }
}
