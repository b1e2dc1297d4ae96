package mprogsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mprogsim.model.mprog.Errno;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import mprogsim.scenario.SequentialRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mprogsim check PATH...}: runs scenario files and says, for each, whether it met its expect. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run scenario files (folders recursively, in name order) and check each against its expect.")
public final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "scenario files or folders of them")
    List<Path> paths;

    @Option(names = "--no-time", description = "leave wall-clock times out of the output (byte-for-byte stable)")
    boolean noTime;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Scenario> scenarios = new ArrayList<>();
        try {
            for (Path f : ScenarioLoader.expand(paths)) {
                scenarios.add(ScenarioLoader.load(f));
            }
            checkUniqueNames(scenarios);
        } catch (ScenarioException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        int passed = 0;
        int failed = 0;
        for (Scenario s : scenarios) {
            long t0 = System.nanoTime();
            List<String> problems = new ArrayList<>();
            List<SequentialRun.StepResult> steps = SequentialRun.run(s);
            for (SequentialRun.StepResult r : steps) {
                if (r.mismatch() != null) {
                    problems.add("step " + r.index() + " (" + r.op().text() + "): " + r.mismatch());
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            String time = noTime ? "" : String.format(" %.1f ms", ms);
            if (problems.isEmpty()) {
                passed++;
                out.println("PASS " + s.name() + " (sequential, " + steps.size() + " ops" + time + ")");
            } else {
                failed++;
                out.println("FAIL " + s.name() + " (sequential, " + steps.size() + " ops" + time + ")  " + s.file());
                for (String p : problems) {
                    out.println("  " + p);
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    static void checkUniqueNames(List<Scenario> scenarios) throws ScenarioException {
        java.util.Map<String, Path> seen = new java.util.HashMap<>();
        for (Scenario s : scenarios) {
            Path other = seen.putIfAbsent(s.name(), s.file());
            if (other != null) {
                throw new ScenarioException(s.file() + ": $.name: scenario name \"" + s.name()
                        + "\" is already used by " + other + "; names must be unique within a run");
            }
        }
    }

    static String ret(int r) {
        return Errno.format(r);
    }
}
