package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mprogsim.cli.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** The conformance catalog on the model: every file, every step's kernel-recorded expect, as {@code check} runs it. */
class ConformanceCatalogTest {
    static final Path CATALOG = Path.of("catalog", "conformance");

    static List<Path> files() throws ScenarioException {
        return ScenarioLoader.expand(List.of(CATALOG));
    }

    @TestFactory
    Stream<DynamicTest> everyCatalogFileMeetsItsExpectOnTheModel() throws ScenarioException {
        List<Path> files = files();
        assertFalse(files.isEmpty(), "no catalog files under " + CATALOG.toAbsolutePath());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Scenario s = ScenarioLoader.load(f);
            assertTrue(s.sequential(), f + " must be a sequential (steps) scenario");
            assertEquals(List.of(), ConformanceCatalogTest.sequentialProblems(f, s), f.toString());
        }));
    }

    @Test
    void checkCommandPassesTheWholeCatalog() throws ScenarioException {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("check", "--no-time", CATALOG.toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains(files().size() + " passed, 0 failed"), out.toString());
    }

    /** Every step's result against its expect on the sequential spec; each step of a conformance file has one. */
    static List<String> sequentialProblems(Path f, Scenario s) {
        List<String> problems = new ArrayList<>();
        for (SequentialRun.StepResult r : SequentialRun.run(s)) {
            assertNotNull(r.op().expect(), f + ": step " + r.index() + " has no expect");
            if (r.mismatch() != null) {
                problems.add("step " + r.index() + " (" + r.op().text() + "): " + r.mismatch());
            }
        }
        return problems;
    }
}
