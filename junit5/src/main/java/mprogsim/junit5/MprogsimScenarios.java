package mprogsim.junit5;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scenario.ScenarioVerdict;
import mprogsim.scheduler.ProgressListener;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Scenario files as JUnit 5 dynamic tests, one test per scenario, run as {@code mprogsim check} runs them:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> scenarios() {
 *     return MprogsimScenarios.from(Path.of("src/test/scenarios"));
 * }
 * }</pre>
 *
 * <p>A test passes when its scenario meets its {@code expect} (a scenario that expects a violation passes when
 * the violation is found). A test fails with the text {@code check} prints: the verdict line, then the op that
 * differed or the invariant, the trace and the schedule string that {@code mprogsim replay} re-runs. A file that is
 * not valid format 1 is a failing test of its own, named after the file, with the loader's message (file, line,
 * column, JSON path). Folders are read recursively, in name order; scenario names must be unique, as in one
 * {@code check} run. Nothing runs until JUnit runs the test, and each test runs its scenario alone.
 *
 * <p>Instances are immutable: each setting returns a new one.
 */
public final class MprogsimScenarios {
    private final List<Path> paths;
    private final int threads;
    private final Double timeLimitSeconds;
    private final Path shrinkDir;

    private MprogsimScenarios(List<Path> paths, int threads, Double timeLimitSeconds, Path shrinkDir) {
        this.paths = paths;
        this.threads = threads;
        this.timeLimitSeconds = timeLimitSeconds;
        this.shrinkDir = shrinkDir;
    }

    /** The scenario files and folders of {@code paths}, with the default settings: {@code in(paths).tests()}. */
    public static Stream<DynamicTest> from(Path... paths) {
        return in(paths).tests();
    }

    /**
     * Scenario files and folders to run, with the default settings: one worker thread, each file's own
     * {@code explore.time_limit_s}, shrunk scenarios written under {@code target/mprogsim-out}.
     */
    public static MprogsimScenarios in(Path... paths) {
        if (paths.length == 0) {
            throw new IllegalArgumentException("no scenario file or folder given");
        }
        for (Path p : paths) {
            Objects.requireNonNull(p, "a scenario path is null");
        }
        return new MprogsimScenarios(List.copyOf(Arrays.asList(paths)), 1, null,
                Path.of("target", "mprogsim-out"));
    }

    /** Worker threads per scenario ({@code check --threads}); verdicts and counterexamples do not depend on it. */
    public MprogsimScenarios threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: expected at least 1, found " + threads);
        }
        return new MprogsimScenarios(paths, threads, timeLimitSeconds, shrinkDir);
    }

    /** Overrides every file's {@code explore.time_limit_s} ({@code check --time-limit}). */
    public MprogsimScenarios timeLimitSeconds(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("timeLimitSeconds: expected a positive number, found " + seconds);
        }
        return new MprogsimScenarios(paths, threads, seconds, shrinkDir);
    }

    /** Where shrunk scenarios of randomized counterexamples are written ({@code check --shrink-dir}). */
    public MprogsimScenarios shrinkDir(Path dir) {
        return new MprogsimScenarios(paths, threads, timeLimitSeconds, Objects.requireNonNull(dir, "shrinkDir"));
    }

    /**
     * One dynamic test per scenario file, named after the scenario, with the file as its test source.
     *
     * @throws IllegalArgumentException when a path does not exist or the paths hold no scenario file: a test run
     *                                  that checks nothing must not look like one that passed
     */
    public Stream<DynamicTest> tests() {
        List<Path> files;
        try {
            files = ScenarioLoader.expand(paths);
        } catch (ScenarioException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no scenario file (*.json) in " + paths);
        }
        ScenarioRunner.Options options = new ScenarioRunner.Options(ScenarioRunner.DEFAULT_EXPLORER, null, null, null,
                Long.MAX_VALUE, timeLimitSeconds, true, true, threads, 0, 1, ProgressListener.NONE, shrinkDir);
        Map<String, Path> names = new HashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            URI source = file.toAbsolutePath().normalize().toUri();
            Scenario scenario;
            try {
                scenario = ScenarioLoader.load(file);
            } catch (ScenarioException e) {
                String message = e.getMessage();
                tests.add(DynamicTest.dynamicTest(file.toString(), source, () -> {
                    throw new AssertionFailedError("not a valid scenario file: " + message);
                }));
                continue;
            }
            Path other = names.putIfAbsent(scenario.name(), file);
            if (other != null) {
                String message = file + ": $.name: scenario name \"" + scenario.name() + "\" is already used by "
                        + other + "; names must be unique within a run";
                tests.add(DynamicTest.dynamicTest(file.toString(), source, () -> {
                    throw new AssertionFailedError(message);
                }));
                continue;
            }
            tests.add(DynamicTest.dynamicTest(scenario.name(), source, () -> run(scenario, options)));
        }
        return tests.stream();
    }

    private static void run(Scenario scenario, ScenarioRunner.Options options) throws ScenarioException {
        ScenarioVerdict verdict = ScenarioRunner.run(scenario, options);
        if (!verdict.met()) {
            throw new AssertionFailedError(failureMessage(verdict));
        }
    }

    /** What {@code mprogsim check} prints for a scenario that did not meet its expect, without wall-clock time. */
    static String failureMessage(ScenarioVerdict verdict) {
        StringBuilder b = new StringBuilder();
        b.append("FAIL ").append(verdict.scenario().name()).append(" (").append(verdict.summary()).append(")  ")
                .append(verdict.scenario().file());
        for (String line : verdict.details()) {
            b.append(System.lineSeparator()).append("  ").append(line);
        }
        return b.toString();
    }
}
