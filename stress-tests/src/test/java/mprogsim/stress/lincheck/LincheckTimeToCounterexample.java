package mprogsim.stress.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import mprogsim.stress.tcx.TcxConfig;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Measures, for each variant Lincheck catches, the wall-clock time model checking takes to its first
 * counterexample in one run: on the variant's hand-written race (as {@link TcxMutantTest} runs it) and on
 * generated scenarios only (what Lincheck finds with no hint), with a fixed budget. Prints a table and writes it to
 * target/lincheck-time-to-counterexample.md. Tagged "measure": never part of verify. Run it with
 * <pre>
 * mvn -B -q -pl stress-tests -am test -Dsurefire.excludedGroups=none -Dgroups=measure \
 *     -Dtest=LincheckTimeToCounterexample -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("measure")
class LincheckTimeToCounterexample {
    /** Generated-scenario budget: this many scenarios, each explored for this many interleavings. */
    static final int GENERATED_ITERATIONS = Integer.getInteger("measure.iterations", 30);
    static final int GENERATED_INVOCATIONS = Integer.getInteger("measure.invocations", 200);

    private record Row(String variant, String race, long raceMillis, String generated, long generatedMillis) {
    }

    @Test
    void timeToFirstCounterexample() throws IOException {
        // Instrumentation and class loading happen once per JVM; do not charge them to the first variant.
        LincheckSetup.modelChecking().iterations(1).invocationsPerIteration(20).threads(2).actorsPerThread(2)
                .check(TcxUnderTest.class);
        List<Row> rows = new ArrayList<>();
        List<String> missedOnRace = new ArrayList<>();
        // The same budget on the kernel's protocol: a counterexample here would make every row below meaningless.
        long c0 = System.nanoTime();
        String correct = outcome(generated(), TcxUnderTest.class);
        long correctMillis = (System.nanoTime() - c0) / 1_000_000;
        rows.add(new Row("(none: the kernel's protocol)", "-", 0, correct, correctMillis));
        System.out.printf("%-32s generated: %-28s %7d ms%n", "(none)", correct, correctMillis);
        for (Arguments a : TcxMutantTest.mutants().toList()) {
            Object[] args = a.get();
            String variant = (String) args[0];
            Class<?> impl = (Class<?>) args[1];
            @SuppressWarnings("unchecked")
            Supplier<ExecutionScenario> race = (Supplier<ExecutionScenario>) args[2];
            long t0 = System.nanoTime();
            String raceOutcome = outcome(LincheckSetup.modelChecking().iterations(0).invocationsPerIteration(300)
                    .addCustomScenario(race.get()), impl);
            long raceMillis = (System.nanoTime() - t0) / 1_000_000;
            if (!raceOutcome.startsWith("found")) {
                missedOnRace.add(variant);
            }
            t0 = System.nanoTime();
            String generatedOutcome = outcome(generated(), impl);
            long generatedMillis = (System.nanoTime() - t0) / 1_000_000;
            rows.add(new Row(variant, raceOutcome, raceMillis, generatedOutcome, generatedMillis));
            System.out.printf("%-32s race: %-28s %7d ms   generated: %-28s %7d ms%n", variant, raceOutcome,
                    raceMillis, generatedOutcome, generatedMillis);
        }
        StringBuilder md = new StringBuilder();
        md.append("Lincheck ").append("3.7").append(" model checking, time to the first counterexample (one run)\n\n");
        md.append("world: ").append(TcxConfig.of(TcxWorld.MAX_PROGS, TcxWorld.PROGS, TcxWorld.LINK_NAMES)
                .withReleaseCheck(TcxConfig.ReleaseCheck.STRICT)).append("; generated budget ")
                .append(GENERATED_ITERATIONS).append(" scenarios x ").append(GENERATED_INVOCATIONS)
                .append(" invocations, 2 threads x 3 actors\n\n");
        md.append("| variant | race scenario | ms | generated scenarios | ms |\n| --- | --- | ---: | --- | ---: |\n");
        for (Row r : rows) {
            md.append("| ").append(r.variant).append(" | ").append(r.race).append(" | ").append(r.raceMillis)
                    .append(" | ").append(r.generated).append(" | ").append(r.generatedMillis).append(" |\n");
        }
        Path out = Path.of("target", "lincheck-time-to-counterexample.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        Files.writeString(Path.of("target", "lincheck-counterexamples.txt"), COUNTEREXAMPLES.toString());
        System.out.println(md);
        assertEquals("not found", correct, "the kernel's protocol failed on generated scenarios");
        assertEquals(List.of(), missedOnRace, "variants whose race no longer yields a counterexample");
    }

    private static ModelCheckingOptions generated() {
        return LincheckSetup.modelChecking().iterations(GENERATED_ITERATIONS)
                .invocationsPerIteration(GENERATED_INVOCATIONS).threads(2).actorsPerThread(3).actorsBefore(1)
                .actorsAfter(1);
    }

    /** The head of each counterexample (its scenario and results), for checking that it is the variant's bug. */
    private static final StringBuilder COUNTEREXAMPLES = new StringBuilder();

    private static String outcome(ModelCheckingOptions options, Class<?> impl) {
        try {
            options.check(impl);
            return "not found";
        } catch (LincheckAssertionError e) {
            String m = e.getMessage();
            int cut = m.indexOf("The following interleaving");
            COUNTEREXAMPLES.append("== ").append(impl.getSimpleName()).append('\n')
                    .append(cut > 0 ? m.substring(0, cut) : m).append('\n');
            String kind = m.contains("Invalid execution results") ? "invalid results"
                    : m.contains("Validation function") ? "validation failed"
                    : m.contains("hung") ? "hung (deadlock)"
                    : m.contains("exception") || m.contains("Exception") ? "exception" : "failure";
            return "found: " + kind;
        }
    }
}
