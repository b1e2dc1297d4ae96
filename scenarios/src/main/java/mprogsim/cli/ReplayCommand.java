package mprogsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
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

/** {@code mprogsim replay FILE --schedule S}: re-runs exactly one execution and prints every step. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-run one execution of a scenario from the schedule string a trace printed, step by step.",
                "Without --schedule, the file's own explore.schedule is used."},
        footer = {"", "Exit codes: 0 the execution met the file's expect, 1 it did not, 2 bad input."})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file")
    Path file;

    @Option(names = {"-s", "--schedule"}, paramLabel = "S", description = "the schedule string, e.g. 0*13.1*2.0*4")
    String schedule;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Scenario s = ScenarioLoader.load(file);
            String sched = schedule != null ? schedule : s.explore().schedule();
            if (sched == null) {
                throw new ScenarioException(file + ": no schedule: give --schedule S or set explore.schedule");
            }
            if (mprogsim.oracle.KernelSession.needsVeth(s)) {
                throw new ScenarioException(file + ": qdisc ops run in sequential steps only in this version, and "
                        + "replay runs the simulator");
            }
            Scenario replay = s.withExplore(s.explore().asReplay(sched));
            ScenarioVerdict v = ScenarioRunner.run(replay, ScenarioRunner.Options.DEFAULT);
            out.println((v.met() ? "PASS " : "FAIL ") + s.name() + " (" + v.summary() + ")");
            for (String d : v.details()) {
                out.println("  " + d);
            }
            out.println("  schedule: " + sched);
            out.flush();
            return v.met() ? 0 : 1;
        } catch (ScenarioException ex) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return 2;
        }
    }
}
