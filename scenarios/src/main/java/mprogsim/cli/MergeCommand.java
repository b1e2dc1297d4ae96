package mprogsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import mprogsim.reports.HtmlReportWriter;
import mprogsim.reports.JsonReportWriter;
import mprogsim.reports.JunitXmlReportWriter;
import mprogsim.reports.ReportFiles;
import mprogsim.reports.RunReport;
import mprogsim.reports.ScenarioReport;
import mprogsim.reports.WallClock;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scenario.ScenarioVerdict;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mprogsim merge}: the verdict of a run split with {@code check --shard I/N} over several jobs. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine the shard results that mprogsim check --shard I/N wrote for the same scenario files",
                "into one verdict per scenario, printed as check prints it. Scenarios that were not split (sequential,",
                "replay, timed) are run here whole. Every shard of a scenario must be present."},
        footer = {"", "Exit codes: 0 every scenario met its expect, 1 some did not (or shards are missing), 2 bad input."})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "the scenario files or folders given to check")
    List<Path> paths;

    @Option(names = "--shard-dir", paramLabel = "DIR", description = "where the shards wrote (default: ${DEFAULT-VALUE})")
    Path shardDir = Path.of("mprogsim-shards");

    @Option(names = "--strategy", paramLabel = "NAME", description = "the --strategy the shards were run with, if any")
    String strategy;

    @Option(names = "--no-time", description = "leave wall-clock times out of the output")
    boolean noTime;

    @Option(names = "--no-trace", description = "do not print the step-by-step trace of a violation")
    boolean noTrace;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the merged results as one JSON document")
    Path jsonFile;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "also write the merged results as JUnit XML, for the test reports of a CI")
    Path junitFile;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the merged results as an HTML report")
    Path htmlFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int passed = 0;
        int failed = 0;
        // The same reports as check writes, so that a CI matrix of shards publishes what one check run would.
        WallClock clock = noTime ? WallClock.OMIT : WallClock.INCLUDE;
        List<ReportFiles.Output> outputs = new ArrayList<>();
        if (jsonFile != null) {
            outputs.add(new ReportFiles.Output(jsonFile, new JsonReportWriter(clock)));
        }
        if (junitFile != null) {
            outputs.add(new ReportFiles.Output(junitFile, new JunitXmlReportWriter(clock)));
        }
        if (htmlFile != null) {
            outputs.add(new ReportFiles.Output(htmlFile, new HtmlReportWriter(clock)));
        }
        List<String> problems = ReportFiles.problems(outputs);
        if (!problems.isEmpty()) {
            for (String p : problems) {
                err.println("error: " + p);
            }
            err.flush();
            return 2;
        }
        Instant startedAt = java.time.Instant.now();
        List<ScenarioReport> reports = new ArrayList<>();
        try {
            List<Scenario> scenarios = CheckCommand.loadAll(paths);
            ScenarioRunner.Options o = new ScenarioRunner.Options("dpor", strategy, null, null, Long.MAX_VALUE, null,
                    !noTrace, true, 1, 0, 1, ProgressListener.NONE, Path.of("mprogsim-out"));
            for (Scenario s : scenarios) {
                String strat = strategy != null ? strategy : s.explore().strategy();
                ScenarioVerdict v;
                if (!ScenarioRunner.isShardable(s, strat)) {
                    v = ScenarioRunner.run(s, o);
                } else {
                    List<ExplorationResult> parts = readShards(s);
                    if (parts.isEmpty()) {
                        throw new ScenarioException(s.file() + ": no shard results for \"" + s.name() + "\" in "
                                + shardDir);
                    }
                    ExplorationResult merged;
                    try {
                        merged = ExplorationResult.merge(parts);
                    } catch (IllegalArgumentException e) {
                        throw new ScenarioException(s.file() + ": the shard results of \"" + s.name()
                                + "\" do not fit together: " + e.getMessage());
                    }
                    v = ScenarioRunner.judge(s, merged, ScenarioRunner.simulation(s), o,
                            strat.equals("random") || strat.equals("pct"));
                }
                if (CheckCommand.print(out, v, noTime)) {
                    passed++;
                } else {
                    failed++;
                }
                if (!outputs.isEmpty()) {
                    reports.add(CheckCommand.scenarioReport(v));
                }
            }
        } catch (ScenarioException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        if (!outputs.isEmpty()) {
            String[] version = spec.root().version();
            String v = version.length == 0 ? "unknown" : version[0].replaceFirst("^mprogsim ", "");
            try {
                ReportFiles.writeAll(new RunReport("mprogsim", v, startedAt, reports), outputs);
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private List<ExplorationResult> readShards(Scenario s) throws ScenarioException {
        String prefix = s.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".shard-";
        List<ExplorationResult> out = new ArrayList<>();
        if (!Files.isDirectory(shardDir)) {
            throw new ScenarioException(shardDir + ": no such folder (give --shard-dir)");
        }
        try (Stream<Path> files = Files.list(shardDir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".txt")) {
                    try {
                        out.add(ExplorationResult.parse(Files.readString(f)));
                    } catch (IllegalArgumentException e) {
                        throw new ScenarioException(f + ": not a shard result: " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new ScenarioException(shardDir + ": cannot read: " + e.getMessage());
        }
        return out;
    }
}
