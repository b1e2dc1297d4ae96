package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every file of the scenario catalog meets its expect, through the same runner as {@code mprogsim check}. */
class CatalogTest {
    static Path catalog() {
        Path p = Path.of("catalog");
        return Files.isDirectory(p) ? p : Path.of("scenarios", "catalog");
    }

    @TestFactory
    Stream<DynamicTest> everyCatalogScenarioMeetsItsExpect() throws ScenarioException {
        List<Path> files = ScenarioLoader.expand(List.of(catalog()));
        assertTrue(files.size() >= 20, "the catalog has only " + files.size() + " files");
        return files.stream().map(f -> DynamicTest.dynamicTest(catalog().relativize(f).toString(), () -> {
            Scenario s = ScenarioLoader.load(f);
            ScenarioVerdict v = ScenarioRunner.run(s, ScenarioRunner.Options.DEFAULT);
            assertTrue(v.met(), s.name() + ": " + v.summary() + "\n" + String.join("\n", v.details()));
        }));
    }
}
