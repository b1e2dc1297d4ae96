package mprogsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scenario.ScenarioVerdict;
import mprogsim.scheduler.Schedule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mprogsim replay FILE --schedule S}: re-runs exactly one execution and prints every step. */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Re-run one execution of a scenario from the schedule string a trace printed, step by step.",
                "Without --schedule, the file's own explore.schedule is used. The execution ends at its first "
                        + "violation, as explorations end it; steps the schedule names after it are not run. The "
                        + "schedule syntax (0*13.1*4: process 0 thirteen times, then process 1 four times) and the "
                        + "process numbers are explained in docs/schedules.md."},
        footer = {"", "Exit codes: 0 the execution met the file's expect, 1 it did not, 2 bad input."})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file")
    Path file;

    @Option(names = {"-s", "--schedule"}, paramLabel = "S", description = "the schedule string, e.g. 0*13.1*2.0*4 (process numbers: the scenario's threads in order, then its RCU callback processes)")
    String schedule;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (schedule != null) {
                // Read here, so that an error blames the option it came from rather than the file.
                try {
                    Schedule.decode(schedule);
                } catch (IllegalArgumentException e) {
                    return Cli.badInput(err, "--schedule " + schedule + ": " + e.getMessage());
                }
            }
            Scenario s = ScenarioLoader.load(file);
            String sched = schedule != null ? schedule : s.explore().schedule();
            if (sched == null) {
                throw new ScenarioException(file + ": no schedule: give --schedule S or set explore.schedule");
            }
            Scenario replay = s.withExplore(s.explore().asReplay(sched));
            ScenarioVerdict v = ScenarioRunner.run(replay, ScenarioRunner.Options.DEFAULT);
            out.println((v.met() ? "PASS " : "FAIL ") + s.name() + " (" + v.summary() + ")");
            for (String d : v.details()) {
                out.println("  " + d);
            }
            out.println("  schedule: " + sched);
            int length = Schedule.decode(sched).length;
            boolean fits = v.details().stream().noneMatch(d -> d.startsWith("the schedule does not fit"));
            if (fits && v.steps() < length) {
                long left = length - v.steps();
                out.println("  the schedule goes on for " + left + (left == 1 ? " step" : " steps") + " after the"
                        + " violation at step " + v.steps() + "; an execution ends at its violation, so "
                        + (left == 1 ? "it was" : "they were") + " not run");
            }
            for (String line : ScheduleLegend.lines(s, sched)) {
                out.println("  " + line);
            }
            out.flush();
            return v.met() ? Cli.EXIT_OK : Cli.EXIT_NOT_MET;
        } catch (ScenarioException ex) {
            return Cli.badInput(err, ex.getMessage());
        }
    }
}
