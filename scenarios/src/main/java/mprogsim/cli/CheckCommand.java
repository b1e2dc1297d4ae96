package mprogsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scenario.ScenarioVerdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mprogsim check PATH...}: runs scenario files and says, for each, whether it met its expect. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Run scenario files (folders recursively, in name order) and check each against its expect.",
                "Every file is validated before anything runs; a bad file stops the run with exit code 2."},
        footer = {"", "Exit codes: 0 every scenario met its expect, 1 some did not, 2 bad input."})
public final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "scenario files or folders of them")
    List<Path> paths;

    @Option(names = "--no-time", description = "leave wall-clock times out of the output (byte-for-byte stable)")
    boolean noTime;

    @Option(names = "--no-trace", description = "do not print the step-by-step trace of a violation")
    boolean noTrace;

    @Option(names = "--no-shrink", description = "print counterexamples as found, without shrinking them")
    boolean noShrink;

    @Option(names = "--explorer", paramLabel = "NAME",
            description = "exhaustive explorer: dpor (default), dfs (plain DFS, the reference) or normal-form "
                    + "(one execution per Mazurkiewicz trace by lexicographic normal forms)")
    String explorer = "dpor";

    @Option(names = "--time-limit", paramLabel = "SECONDS",
            description = "override each file's explore.time_limit_s")
    Double timeLimit;

    @Option(names = "--max-executions", paramLabel = "N", description = "stop an exhaustive run after N executions")
    long maxExecutions = Long.MAX_VALUE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Scenario> scenarios;
        try {
            scenarios = loadAll(paths);
        } catch (ScenarioException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (!ScenarioRunner.EXHAUSTIVE.contains(explorer)) {
            err.println("error: --explorer " + explorer + ": expected one of " + ScenarioRunner.EXHAUSTIVE);
            err.flush();
            return 2;
        }
        ScenarioRunner.Options options = new ScenarioRunner.Options(explorer, maxExecutions, timeLimit, !noTrace,
                !noShrink);
        int passed = 0;
        int failed = 0;
        for (Scenario s : scenarios) {
            ScenarioVerdict v;
            try {
                v = ScenarioRunner.run(s, options);
            } catch (ScenarioException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return 2;
            }
            String time = noTime ? "" : String.format(", %.1f ms", v.seconds() * 1000);
            if (v.met()) {
                passed++;
                out.println("PASS " + s.name() + " (" + v.summary() + time + ")");
            } else {
                failed++;
                out.println("FAIL " + s.name() + " (" + v.summary() + time + ")  " + s.file());
            }
            for (String d : v.details()) {
                out.println("  " + d);
            }
            out.flush();
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Loads every file first, so that a bad one stops the run before anything is executed. */
    static List<Scenario> loadAll(List<Path> paths) throws ScenarioException {
        List<Scenario> scenarios = new ArrayList<>();
        for (Path f : ScenarioLoader.expand(paths)) {
            scenarios.add(ScenarioLoader.load(f));
        }
        Map<String, Path> seen = new HashMap<>();
        for (Scenario s : scenarios) {
            Path other = seen.putIfAbsent(s.name(), s.file());
            if (other != null) {
                throw new ScenarioException(s.file() + ": $.name: scenario name \"" + s.name()
                        + "\" is already used by " + other + "; names must be unique within a run");
            }
        }
        return scenarios;
    }
}
