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
import mprogsim.reports.ReportFiles;
import mprogsim.reports.RunReport;
import mprogsim.reports.ScenarioReport;
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
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Combine the shard results that mprogsim check --shard I/N wrote for the same scenario files "
                + "into one verdict per scenario, printed as check prints it. Scenarios that were not split "
                + "(sequential, replay, timed) are run here whole. Every shard of a scenario must be present."},
        footer = {"", "Exit codes: 0 every scenario met its expect, 1 some did not (or shards are missing), 2 bad input."})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "the scenario files or folders given to check")
    List<Path> paths;

    @Option(names = "--shard-dir", paramLabel = "DIR", description = "where the shards wrote (default: ${DEFAULT-VALUE})")
    Path shardDir = Path.of("mprogsim-shards");

    @Option(names = "--strategy", paramLabel = "NAME", converter = Options.StrategyConverter.class,
            description = "the --strategy the shards were run with, if any")
    String strategy;

    @CommandLine.Mixin
    Options.Output output;

    @CommandLine.Mixin
    Options.Out out;

    @CommandLine.Mixin
    Options.Reports reportFiles;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int passed = 0;
        int failed = 0;
        ScenarioFiles.Loaded loaded = ScenarioFiles.load(paths);
        if (!loaded.ok()) {
            return loaded.report(err);
        }
        // The same reports as check writes, so that a CI matrix of shards publishes what one check run would.
        List<ReportFiles.Output> outputs = reportFiles.outputs(output.noTime);
        List<String> problems = ReportFiles.problems(outputs);
        if (!problems.isEmpty()) {
            for (String p : problems) {
                err.println("error: " + p);
            }
            err.flush();
            return 2;
        }
        Instant startedAt = Instant.now();
        List<ScenarioReport> reports = new ArrayList<>();
        try {
            List<Scenario> scenarios = loaded.scenarios();
            ScenarioRunner.Options o = new ScenarioRunner.Options(ScenarioRunner.DEFAULT_EXPLORER, strategy, null, null, Long.MAX_VALUE, null,
                    !output.noTrace, true, 1, 0, 1, ProgressListener.NONE, this.out.dir);
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
                if (CheckCommand.print(out, v, output.noTime)) {
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
            try {
                ReportFiles.writeAll(new RunReport("mprogsim", Cli.VERSION, startedAt, reports), outputs);
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
