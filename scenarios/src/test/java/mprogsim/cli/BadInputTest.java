package mprogsim.cli;

import static mprogsim.cli.CheckCommandTest.catalog;
import static mprogsim.cli.CheckCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budgets and files that are bad input: exit 2 with a message that names the value, and nothing runs. */
class BadInputTest {
    private static final String FILE = catalog("variants").resolve("commit-before-sync.json").toString();

    private static void refused(CheckCommandTest.Run r, String... inMessage) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertFalse(r.out().contains("PASS") || r.out().contains("FAIL"), "something ran: " + r.out());
        for (String s : inMessage) {
            assertTrue(r.err().contains(s), "\"" + s + "\" not in: " + r.err());
        }
    }

    @Test
    void aRandomRunOfNoExecutionsIsRefused() {
        refused(run("check", "--strategy", "random", "--executions", "0", FILE), "--executions", "0");
        refused(run("check", "--strategy", "pct", "--executions", "-4", FILE), "--executions", "-4");
    }

    @Test
    void aTimeLimitOfZeroOrLessIsRefusedAndNoneMeansNoLimit() {
        refused(run("check", "--time-limit", "0", FILE), "--time-limit", "0", "none");
        refused(run("check", "--time-limit", "-1", FILE), "--time-limit", "-1");
        refused(run("check", "--time-limit", "soon", FILE), "--time-limit", "soon");
        CheckCommandTest.Run none = run("check", "--no-time", "--time-limit", "none", FILE);
        assertEquals(0, none.code(), none.out() + none.err());
    }

    @Test
    void anExecutionLimitBelowOneIsRefused() {
        refused(run("check", "--max-executions", "0", FILE), "--max-executions", "0");
        refused(run("check", "--max-executions", "-3", FILE), "--max-executions", "-3");
    }

    @Test
    void aFolderWithoutScenariosIsRefused(@TempDir Path dir) {
        refused(run("check", dir.toString()), dir.toString(), "no scenario files");
    }

    @Test
    void noThreadsIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "{\"name\": \"t\",\n \"threads\": []}\n");
        refused(run("check", f.toString()), "line 2, column 13", "$.threads", "at least one thread");
    }

    @Test
    void aNullKeepsItsLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("n.json");
        Files.writeString(f, "{\n  \"name\": null,\n  \"steps\": []\n}\n");
        refused(run("check", f.toString()), "line 2, column 11", "$.name", "found null");
    }

    @Test
    void aNullProgIsNotAMissingKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, "{\"name\": \"p\", \"steps\": [{\"op\": \"attach\", \"prog\": null}]}\n");
        CheckCommandTest.Run r = run("check", f.toString());
        refused(r, "$.steps[0].prog", "null", "line 1, column 50");
        assertFalse(r.err().contains("missing key"), r.err());
    }

    @Test
    void numbersOutOfTheirTypeShowTheirValue(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.json");
        Files.writeString(f, "{\"name\": \"b\", \"threads\": [{\"name\": \"r\", \"kind\": \"reader\", \"passes\": 1e30}]}");
        CheckCommandTest.Run r = run("check", f.toString());
        refused(r, "$.threads[0].passes", "1E+30");
        assertFalse(r.err().contains("found an integer"), r.err());
        Path g = dir.resolve("tl.json");
        Files.writeString(g, "{\"name\": \"t\", \"threads\": [{\"name\": \"r\", \"kind\": \"reader\"}],"
                + " \"explore\": {\"time_limit_s\": -5}}");
        refused(run("check", g.toString()), "$.explore.time_limit_s", "found -5");
    }

    @Test
    void everyBadFileIsReportedBeforeExitingTwo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"name\": \"a\", \"threads\": [], }");
        Files.writeString(dir.resolve("b.json"), "{\"name\": 3}");
        Files.writeString(dir.resolve("c.json"), "{\"name\": \"c\", \"steps\": [], \"bogus\": 1}");
        CheckCommandTest.Run r = run("check", dir.resolve("a.json").toString(), dir.resolve("b.json").toString(),
                dir.resolve("c.json").toString(), FILE);
        refused(r, "a.json", "b.json: line 1, column 10: $.name", "c.json", "bogus", "3 of 4 files");
    }
}
