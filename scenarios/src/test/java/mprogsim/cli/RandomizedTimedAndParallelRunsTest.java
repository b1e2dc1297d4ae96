package mprogsim.cli;

import static mprogsim.cli.CheckCommandTest.catalog;
import static mprogsim.cli.CheckCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mprogsim.cli.CheckCommandTest.Run;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The promises of the randomized, timed and parallel runs, checked through the command line as a user meets them. */
class RandomizedTimedAndParallelRunsTest {
    /** What fits on a terminal without scrolling: the verdict line, the shrink report, the trace and the schedule. */
    static final int SCREENFUL = 50;

    @TempDir
    static Path shrinkDir;

    static List<Path> variantFiles() throws IOException {
        try (Stream<Path> files = Files.list(catalog("variants"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> pctCatchesEveryVariantAndItsShrunkScenarioReproducesIt() throws IOException {
        return variantFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Path dir = Files.createTempDirectory(shrinkDir, "shrunk");
            Run found = run("check", "--no-time", "--no-progress", "--threads", "1", "--strategy", "pct", "--seed", "7",
                    "--executions", "10000", "--shrink-dir", dir.toString(), file.toString());
            assertEquals(0, found.code(), found.out() + found.err());
            assertTrue(found.out().contains("schedule: "), found.out());
            long lines = found.out().lines().count();
            assertTrue(lines <= SCREENFUL, "the shrunk counterexample takes " + lines + " lines:\n" + found.out());

            List<Path> written;
            try (Stream<Path> files = Files.list(dir)) {
                written = files.toList();
            }
            assertEquals(1, written.size(), "one shrunk scenario written: " + written);
            assertFalse(Files.readString(written.get(0)).contains("$schema"),
                    "a relative $schema path would point nowhere from the output folder");
            Run again = run("check", "--no-time", written.get(0).toString());
            assertEquals(0, again.code(), "the written scenario does not reproduce the violation:\n" + again.out()
                    + Files.readString(written.get(0)));
            assertTrue(again.out().startsWith("PASS "), again.out());
        }));
    }

    private static String withoutStates(String out) {
        return out.replaceAll("\\(stateful, \\d+ (final )?states?\\)", "(stateful, some states)");
    }

    @Test
    void oneThreadOrTwoGiveTheSameVerdictsCountsAndCounterexamples() {
        String[] paths = {catalog("variants").toString(), catalog("protocol").toString(),
                catalog("harmless").toString()};
        Run one = run(concat(new String[] {"check", "--no-time", "--no-progress", "--threads", "1"}, paths));
        Run two = run(concat(new String[] {"check", "--no-time", "--no-progress", "--threads", "2"}, paths));
        Run three = run(concat(new String[] {"check", "--no-time", "--no-progress", "--threads", "3"}, paths));
        assertEquals(0, one.code(), one.out() + one.err());
        // Several workers share sleep sets, which with persistent sets prune states in an order that depends on
        // timing: one worker prints its states stored, several their final states (the same for any number).
        Run twoAgain = run(concat(new String[] {"check", "--no-time", "--no-progress", "--threads", "2"}, paths));
        assertEquals(withoutStates(one.out()), withoutStates(two.out()));
        assertEquals(two.out(), three.out());
        assertEquals(two.out(), twoAgain.out());
        assertTrue(two.out().contains(" final states)"), two.out());
        assertTrue(!one.out().equals(two.out()), "one worker prints what several print");

        Path variant = catalog("variants").resolve("commit-before-sync.json");
        for (String strategy : new String[] {"random", "pct"}) {
            String[] common = {"check", "--no-time", "--no-progress", "--strategy", strategy, "--seed", "3",
                    "--executions", "5000", "--shrink-dir", shrinkDir.toString(), variant.toString()};
            Run r1 = run(concat(common, new String[] {"--threads", "1"}));
            Run r2 = run(concat(common, new String[] {"--threads", "2"}));
            assertEquals(0, r1.code(), r1.out() + r1.err());
            assertEquals(r1.out(), r2.out(), strategy);
        }
    }

    @Test
    void pctDepthFromTheCommandLineOverridesTheFile() {
        String file = catalog("variants").resolve("no-sync-after-swap.json").toString();
        Run deep = run("check", "--no-time", "--no-progress", "--no-shrink", "--strategy", "pct", "--pct-depth", "5",
                "--executions", "10000", file);
        assertEquals(0, deep.code(), deep.out() + deep.err());
        assertTrue(deep.out().contains("depth 5)"), deep.out());
        Run bad = run("check", "--strategy", "pct", "--pct-depth", "0", file);
        assertEquals(2, bad.code());
        assertEquals("", bad.out());
        assertTrue(bad.err().contains("--pct-depth 0: expected 1 to 1000"), bad.err());
    }

    @Test
    void timedRunsGiveTheSameMetricsForTheSameSeed() {
        String timed = catalog("timed").toString();
        Run a = run("simulate", "--no-time", timed);
        Run b = run("simulate", "--no-time", timed);
        // put-on-delete-under-load breaks use_after_release in virtual time, so the whole run exits 1.
        assertEquals(1, a.code(), a.err());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().contains("\"synchronize_rcu\" : {"), a.out());
        assertTrue(a.out().contains("\"violations\" : [ \"use_after_release\" ]"), a.out());

        Run otherSeed = run("simulate", "--no-time", "--seed", "12345", timed);
        assertEquals(1, otherSeed.code(), otherSeed.err());
        assertNotEquals(a.out(), otherSeed.out(), "the seed changes nothing: the durations are not drawn from it");
    }

    static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
