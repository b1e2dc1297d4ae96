package mprogsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.reports.ReportFiles;
import mprogsim.reports.TimedCharts;
import mprogsim.reports.TimedMetrics;
import mprogsim.reports.TimedMetricsJson;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scenario.TimedRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mprogsim simulate FILE...}: timed runs in virtual time, metrics as JSON. */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Run scenarios in virtual time and print the metrics of every run as JSON.",
                "Uses each file's timing section (the timed strategy): latency histograms of synchronize_rcu, of the "
                        + "writer's lock hold and of reader passes, waits, throughputs, and the objects and bytes "
                        + "waiting for a grace period to be freed, over time."},
        footer = {"", "Exit codes: 0 no run broke an invariant, 1 one did (its \"violations\" say which), 2 bad input"
                + " (every file is validated first; nothing runs)."})
public final class SimulateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "scenario files or folders (threads needed)")
    List<Path> paths;

    @Option(names = "--seed", paramLabel = "S", description = "seed (default: each file's explore.seed)")
    Long seed;

    @Option(names = "--runs", paramLabel = "N", description = "runs per file (default: timing.runs)")
    Integer runs;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write the JSON here instead of stdout")
    Path outFile;

    @Option(names = "--html", paramLabel = "FILE",
            description = "also write a page of SVG charts of every run (latency histograms, pending frees over time)")
    Path htmlFile;

    @Option(names = "--no-time", description = "leave wall-clock times out (byte-for-byte stable output)")
    boolean noTime;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode all = m.createArrayNode();
        ScenarioFiles.Loaded loaded = ScenarioFiles.load(paths);
        if (!loaded.ok()) {
            return loaded.report(err);
        }
        if (htmlFile != null) {
            List<String> problems = ReportFiles.problems(List.of(new ReportFiles.Output(htmlFile, null)));
            if (!problems.isEmpty()) {
                // Refused before running: a long run whose charts cannot be kept helps no one.
                for (String p : problems) {
                    err.println("error: " + p);
                }
                err.flush();
                return 2;
            }
        }
        try {
            List<Scenario> scenarios = loaded.scenarios();
            for (Scenario s : scenarios) {
                if (s.sequential()) {
                    throw new ScenarioException(s.file() + ": $.steps: a timed run needs \"threads\"");
                }
                if (s.memory().weak() || s.memory().litmus() != null) {
                    throw new ScenarioException(s.file() + ": $.model.memory: a timed run is sequentially consistent;"
                            + " weak memory and litmus files are explored with mprogsim check");
                }
            }
            boolean violation = false;
            for (Scenario s : scenarios) {
                TcxSimulation sim = ScenarioRunner.simulation(s, true);
                int n = runs != null ? runs : TimedRun.timing(s).runs();
                long sd = seed != null ? seed : s.explore().seed();
                for (TimedRun.Measured x : TimedRun.run(s, sim, sd, n, s.explore().timeLimitSeconds())) {
                    all.add(TimedRun.metrics(m, s, x, !noTime));
                    violation |= x.result().violations != 0;
                }
            }
            List<TimedMetrics> metrics = TimedMetricsJson.readAll(all);
            for (TimedMetrics x : metrics) {
                if (x.saturated()) {
                    err.println("note: " + x.scenario() + " run " + x.run() + ": " + x.horizonNote());
                }
            }
            err.flush();
            if (htmlFile != null) {
                try {
                    TimedCharts.writeHtml(metrics, htmlFile);
                } catch (IOException e) {
                    err.println("error: cannot write " + htmlFile + ": " + e.getMessage());
                    err.flush();
                    return 2;
                }
            }
            String text = m.writeValueAsString(all) + System.lineSeparator();
            if (outFile != null) {
                Path tmp = Files.createTempFile(outFile.toAbsolutePath().getParent(), ".mprogsim", ".json");
                Files.writeString(tmp, text);
                Files.move(tmp, outFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            }
            return violation ? 1 : 0;
        } catch (ScenarioException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("error: cannot write " + outFile + ": " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
