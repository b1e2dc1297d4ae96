package mprogsim.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import mprogsim.scenario.ScenarioLoader;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scenario.ScenarioVerdict;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The dynamic tests MprogsimScenarios makes: one per file, passing and failing as mprogsim check would. */
class MprogsimScenariosTest {
    static final Path SCENARIOS = Path.of("src", "test", "resources", "scenarios");

    @TempDir
    Path shrinkDir;

    private List<DynamicTest> tests(String folder) {
        return MprogsimScenarios.in(SCENARIOS.resolve(folder)).shrinkDir(shrinkDir).tests().toList();
    }

    /** The failure a test throws, or null when it passed. */
    private static AssertionFailedError failure(DynamicTest t) throws Throwable {
        try {
            t.getExecutable().execute();
            return null;
        } catch (AssertionFailedError e) {
            return e;
        }
    }

    @Test
    void aTestPerScenarioNamedAfterItWithItsFileAsSource() throws Throwable {
        List<DynamicTest> tests = tests("pass");
        assertEquals(List.of("attach-then-query", "commit-before-sync-caught"),
                tests.stream().map(DynamicTest::getDisplayName).toList());
        assertEquals(SCENARIOS.resolve("pass/attach-then-query.json").toAbsolutePath().normalize().toUri(),
                tests.get(0).getTestSourceUri().orElseThrow());
        for (DynamicTest t : tests) {
            assertEquals(null, failure(t), t.getDisplayName() + " met its expect and must pass");
        }
    }

    @Test
    void aMissedViolationFailsWithTheVerdictTraceAndSchedule() throws Throwable {
        DynamicTest t = tests("fail").get(0);
        assertEquals("commit-before-sync-missed", t.getDisplayName());
        AssertionFailedError e = failure(t);
        assertTrue(e != null, "a scenario that does not meet its expect must fail its test");
        String message = e.getMessage();
        ScenarioVerdict direct = ScenarioRunner.run(ScenarioLoader.load(SCENARIOS.resolve(
                "fail/commit-before-sync-missed.json")), ScenarioRunner.Options.DEFAULT.withThreads(1));
        assertTrue(message.startsWith("FAIL commit-before-sync-missed (" + direct.summary() + ")"), message);
        assertTrue(message.contains("use_after_free"), message);
        assertTrue(message.contains("\n  trace"), "no trace in:\n" + message);
        assertTrue(direct.schedule() != null && message.contains(direct.schedule()), "no schedule in:\n" + message);
        assertEquals(MprogsimScenarios.failureMessage(direct), message, "the test's message is check's text");
    }

    @Test
    void aWrongReturnValueFailsNamingTheStep() throws Throwable {
        DynamicTest t = tests("fail").get(1);
        assertEquals("wrong-return", t.getDisplayName());
        String message = failure(t).getMessage();
        assertTrue(message.startsWith("FAIL wrong-return"), message);
        assertTrue(message.contains("step 0 (attach p1): expected ret -EEXIST, got 0"), message);
    }

    @Test
    void aBadFileIsAFailingTestWithTheLoadersMessage() throws Throwable {
        List<DynamicTest> tests = tests("bad");
        assertEquals(1, tests.size());
        assertTrue(tests.get(0).getDisplayName().endsWith("unknown-key.json"));
        String message = failure(tests.get(0)).getMessage();
        assertTrue(message.contains("$.steps[0].flag") && message.contains("unknown key"), message);
    }

    @Test
    void aScenarioNameUsedTwiceFailsTheSecondFile() throws Throwable {
        List<DynamicTest> tests = tests("duplicate");
        assertEquals(null, failure(tests.get(0)));
        String message = failure(tests.get(1)).getMessage();
        assertTrue(message.contains("already used by") && message.contains("a.json"), message);
    }

    @Test
    void nothingToRunIsAnErrorNotAPass() {
        assertThrows(IllegalArgumentException.class, () -> tests("empty"));
        assertThrows(IllegalArgumentException.class, () -> tests("no-such-folder"));
        assertThrows(IllegalArgumentException.class, MprogsimScenarios::in);
    }

    @Test
    void settingsAreChecked() {
        MprogsimScenarios s = MprogsimScenarios.in(SCENARIOS);
        assertThrows(IllegalArgumentException.class, () -> s.threads(0));
        assertThrows(IllegalArgumentException.class, () -> s.timeLimitSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> s.timeLimitSeconds(Double.NaN));
        assertThrows(NullPointerException.class, () -> s.shrinkDir(null));
    }

    @Test
    void theSameVerdictWhateverTheThreads() throws Throwable {
        Path file = SCENARIOS.resolve("fail/commit-before-sync-missed.json");
        String one = failure(MprogsimScenarios.in(file).shrinkDir(shrinkDir).tests().findFirst().orElseThrow())
                .getMessage();
        String two = failure(MprogsimScenarios.in(file).threads(2).shrinkDir(shrinkDir).tests().findFirst()
                .orElseThrow()).getMessage();
        assertEquals(one, two);
    }
}
