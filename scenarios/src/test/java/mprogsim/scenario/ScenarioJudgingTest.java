package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * How a scenario is judged: a violation ends its execution, whatever the file expects; every variant scenario
 * passes without its variant; the conformance files' kernel answers check the step simulator too; the way a
 * scenario runs is chosen by name.
 */
class ScenarioJudgingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path catalog(String... parts) {
        return CatalogTest.catalog().resolve(Path.of("", parts));
    }

    private static Scenario edited(Scenario s, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(s.text());
        edit.accept(root);
        return ScenarioLoader.parse(MAPPER.writeValueAsString(root), s.file());
    }

    private static ScenarioVerdict run(Scenario s) throws ScenarioException {
        return run(s, ScenarioRunner.Options.DEFAULT);
    }

    private static ScenarioVerdict run(Scenario s, ScenarioRunner.Options o) throws ScenarioException {
        return ScenarioRunner.run(s, o);
    }

    private static String text(ScenarioVerdict v) {
        return v.summary() + "\n" + String.join("\n", v.details());
    }

    @Test
    void aViolationTheFileDoesNotExpectEndsTheExecutionBeforeTheExpectedOne() throws Exception {
        Scenario s = ScenarioLoader.load(catalog("invariants", "expect-mismatch-ends-the-execution.json"));
        ScenarioVerdict asFiled = run(s);
        assertTrue(asFiled.met(), text(asFiled));

        // The query's expect_mismatch comes first in every execution, so torn_snapshot is never reached, whichever
        // explorer looks.
        Scenario expectingTorn = s.withExpect(new ExpectSpec(true, "torn_snapshot"));
        for (String explorer : ScenarioRunner.EXHAUSTIVE) {
            ScenarioVerdict torn = ScenarioRunner.run(expectingTorn, new ScenarioRunner.Options(explorer, null, null,
                    null, Long.MAX_VALUE, null, true, true, 1, 0, 1, ScenarioRunner.Options.DEFAULT.progress(),
                    ScenarioRunner.Options.DEFAULT.shrinkDir()));
            assertFalse(torn.met(), text(torn));
            assertTrue(torn.complete(), text(torn));
            assertTrue(torn.details().get(0).startsWith("no execution breaks torn_snapshot (all ")
                    && torn.details().get(0).endsWith("; executions ended first at expect_mismatch"), text(torn));
        }

        // The control: with the right count in the query, the two in-place REPLACEs do tear the reader's pass.
        Scenario rightCount = edited(s, root -> ((ObjectNode) root.get("threads").get(0).get("ops").get(0)
                .get("expect")).put("count", 2));
        ScenarioVerdict control = run(rightCount.withExpect(new ExpectSpec(true, "torn_snapshot")));
        assertTrue(control.met(), text(control));
        assertEquals("found as expected: torn_snapshot", control.details().get(0).replaceAll(" \\(execution .*", ""),
                text(control));
    }

    @Test
    void everyInvariantTheViolatingStepBrokeIsReportedAndTheExpectedOneAmongThemMeetsTheFile() throws Exception {
        // w2's attach, planned before w1's detach, republishes p1: the end-of-execution checks break refcount and
        // sequential_mismatch together.
        Scenario s = ScenarioLoader.load(catalog("variants", "no-writer-lock.json"));
        for (String expected : List.of("refcount", "sequential_mismatch")) {
            ScenarioVerdict v = run(s.withExpect(new ExpectSpec(true, expected)));
            assertTrue(v.met(), text(v));
            assertTrue(v.details().get(0).startsWith("found as expected: sequential_mismatch, refcount"), text(v));
        }
        ScenarioVerdict other = run(s.withExpect(new ExpectSpec(true, "use_after_free")));
        assertFalse(other.met(), text(other));
    }

    @Test
    void aReplayEndsAtItsFirstViolatingStep() throws Exception {
        Scenario s = ScenarioLoader.load(catalog("invariants", "expect-mismatch-ends-the-execution.json"));
        // w1 alone for five steps: its query's decision (step 2) already breaks expect_mismatch.
        Trace t = Trace.replay(Simulations.of(s), new int[] {0, 0, 0, 0, 0});
        assertEquals(2, t.steps.size());
        assertEquals(3, t.unrun);
        assertEquals(mprogsim.model.sim.Invariant.EXPECT_MISMATCH.bit(), t.violations);
        assertFalse(t.finished);
        ScenarioVerdict v = run(s.withExplore(s.explore().asReplay(mprogsim.scheduler.Schedule.encode(
                new int[] {0, 0, 0, 0, 0}, 5))));
        assertTrue(v.met(), text(v));
        assertEquals("the execution ends at step 2, its first violating step; the schedule's 3 further steps are not"
                + " run", v.details().get(1), text(v));
    }

    @Test
    void anExecutionEndedByAnotherInvariantDoesNotEndTheSearch() throws Exception {
        // Random walks of no-writer-lock.json: with seed 7 the first violating execution ends at the end-of-run
        // sequential_mismatch alone (w1's detach published over w2's attach); the search goes on to one that
        // breaks refcount.
        Scenario s = ScenarioLoader.load(catalog("variants", "no-writer-lock.json"));
        ScenarioRunner.Options random = new ScenarioRunner.Options("dpor", "random", 7L, null, Long.MAX_VALUE, null,
                true, false, 1, 0, 1, ScenarioRunner.Options.DEFAULT.progress(),
                ScenarioRunner.Options.DEFAULT.shrinkDir());
        ScenarioVerdict v = run(s, random);
        assertTrue(v.met(), text(v));
        assertTrue(v.executions() > 1, text(v));
        assertTrue(v.details().get(0).contains("refcount"), text(v));
        ScenarioVerdict onlyTheOther = run(s.withExpect(new ExpectSpec(true, "sequential_mismatch")), random);
        assertTrue(onlyTheOther.met(), text(onlyTheOther));
        assertEquals(1, onlyTheOther.executions(), text(onlyTheOther));
        assertEquals("found as expected: sequential_mismatch (execution 1 of seed 7)",
                onlyTheOther.details().get(0), text(onlyTheOther));
    }

    /** Every catalog file with a variant, the variant removed and a pass expected. */
    @TestFactory
    Stream<DynamicTest> everyVariantScenarioPassesWithoutItsVariant() throws ScenarioException {
        List<Scenario> withVariants = new ArrayList<>();
        for (Path f : ScenarioLoader.expand(List.of(CatalogTest.catalog()))) {
            Scenario s = ScenarioLoader.load(f);
            if (s.variants() != 0) {
                withVariants.add(s);
            }
        }
        int inVariantsFolder = ScenarioLoader.expand(List.of(catalog("variants"))).size();
        assertTrue(withVariants.size() >= inVariantsFolder, withVariants.size() + " scenarios with a variant");
        return withVariants.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            Scenario control = edited(s, root -> {
                root.remove("variant");
                root.putObject("expect").put("verdict", "pass");
            });
            assertEquals(0, control.variants());
            ScenarioVerdict v = run(control);
            assertTrue(v.met(), s.name() + " without its variant: " + text(v));
            assertTrue(v.complete(), text(v));
        }));
    }

    @Test
    void theConformanceFilesRunOnTheStepSimulatorToo() throws Exception {
        int simulated = 0;
        int lifecycle = 0;
        for (Path f : ScenarioLoader.expand(List.of(catalog("conformance")))) {
            Scenario s = ScenarioLoader.load(f);
            ScenarioVerdict v = run(s);
            assertTrue(v.met(), text(v));
            // Every file, the qdisc, chain and teardown ones included, runs on the step simulator too.
            assertTrue(v.summary().contains("; step simulator, stateful, "), v.summary());
            simulated++;
            lifecycle += s.hasLifecycleOps() ? 1 : 0;
        }
        assertTrue(simulated >= 25, simulated + " conformance files ran on the step simulator");
        assertTrue(lifecycle >= 9, lifecycle + " of them with qdisc, chain or teardown steps");
        // A kernel answer changed in the file: both the sequential spec and the step simulator catch it.
        Scenario s = ScenarioLoader.load(catalog("conformance", "query.json"));
        Scenario wrong = edited(s, root -> {
            ObjectNode expect = (ObjectNode) root.get("steps").get(0).get("expect");
            expect.put("ret", expect.path("ret").asInt() == 0 ? -22 : 0);
        });
        ScenarioVerdict v = run(wrong);
        assertFalse(v.met(), text(v));
        assertTrue(v.details().get(0).startsWith("step 0 ("), text(v));
        assertTrue(v.details().stream().anyMatch(l -> l.startsWith("step simulator: violation: expect_mismatch")),
                text(v));
        assertNotNull(v.schedule(), "the simulated counterexample's schedule");
    }

    @Test
    void theWayToExploreIsChosenOnceByName() throws Exception {
        Scenario s = ScenarioLoader.load(catalog("protocol", "two-writers.json"));
        ScenarioRunner.Options o = ScenarioRunner.Options.DEFAULT;
        assertEquals("stateful", ExplorerRegistry.choose(s, o).name());
        for (String name : ScenarioRunner.EXHAUSTIVE) {
            ScenarioRunner.Options byName = new ScenarioRunner.Options(name, null, null, null, Long.MAX_VALUE, null,
                    true, true, 1, 0, 1, o.progress(), o.shrinkDir());
            assertEquals(name, ExplorerRegistry.choose(s, byName).name());
        }
        assertEquals(List.of("dpor", "dfs", "normal-form", "stateful"), ScenarioRunner.EXHAUSTIVE);
        assertEquals("preemption_bound", ExplorerRegistry.choose(s.withExplore(new ExploreSpec("exhaustive", 0,
                10, 3, 1, 60, null)), o).name());
        assertEquals("pct", ExplorerRegistry.choose(s, "pct", o).name());
        assertEquals("sequential", ExplorerRegistry.choose(ScenarioLoader.load(catalog("conformance",
                "query.json")), o).name());
        assertNull(ExplorerRegistry.exhaustive("pct"));
        assertThrows(ScenarioException.class, () -> ExplorerRegistry.choose(s, "sideways", o));
        assertThrows(ScenarioException.class, () -> ScenarioRunner.explore(s, "timed", o));
    }
}
