package mprogsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import mprogsim.model.sim.Invariant;
import mprogsim.reports.Expected;
import mprogsim.reports.ReportFiles;
import mprogsim.reports.RunReport;
import mprogsim.reports.ScenarioReport;
import mprogsim.reports.StatefulSearch;
import mprogsim.reports.TimedMetrics;
import mprogsim.reports.TimedMetricsJson;
import mprogsim.reports.TraceReport;
import mprogsim.scenario.ExpectSpec;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scenario.ScenarioVerdict;
import mprogsim.scenario.TimedRun;
import mprogsim.scenario.Trace;
import mprogsim.scenario.VariantMarks;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.ProgressListener;
import mprogsim.scheduler.Schedule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mprogsim check PATH...}: runs scenario files and says, for each, whether it met its expect. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Run scenario files (folders recursively, in name order) and check each against its expect.",
                "Every file is validated before anything runs; a bad file stops the run with exit code 2."},
        footer = {"", "Reports (--json, --junit, --html, in any combination) are written once every scenario has"
                + " run, each through a temporary file beside it, so that none is ever half-written.",
                "", "Exit codes: 0 every scenario met its expect, 1 some did not, 2 bad input (every file is validated"
                + " first and every error reported; nothing runs) or a report file that cannot be written, 130"
                + " interrupted (Ctrl-C; what finished and what was interrupted are printed)."})
public final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "scenario files or folders of them")
    List<Path> paths;

    @CommandLine.Mixin
    Options.Output output;

    @Option(names = "--no-shrink", description = "print counterexamples as found, without shrinking them")
    boolean noShrink;

    @CommandLine.Mixin
    Options.Explore explore;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "run the I-th of N deterministic parts of each exploration (I from 1 to N) and write its "
                    + "result to --shard-dir; mprogsim merge combines the N parts into one verdict")
    String shard;

    @Option(names = "--shard-dir", paramLabel = "DIR", description = "where --shard writes (default: ${DEFAULT-VALUE})")
    Path shardDir = Path.of("mprogsim-shards");

    @CommandLine.Mixin
    Options.Progress progress;

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
        ScenarioFiles.Loaded loaded = ScenarioFiles.load(paths);
        if (!loaded.ok()) {
            return loaded.report(err);
        }
        List<Scenario> scenarios = loaded.scenarios();
        if (explore.pctDepth != null) {
            int depth = explore.pctDepth;
            scenarios = scenarios.stream().map(s -> s.withExplore(s.explore().withPctDepth(depth))).toList();
        }
        int[] part = {0, 1};
        if (shard != null) {
            part = parseShard(shard);
            if (part == null) {
                return Cli.badInput(err, "--shard " + shard + ": expected I/N with 1 <= I <= N, e.g. 2/4");
            }
        }
        List<ReportFiles.Output> outputs = reportFiles.outputs(output.noTime);
        if (shard != null && !outputs.isEmpty()) {
            // A shard holds part of each exploration and no verdict; a report written here would read as one.
            return Cli.badInput(err, "--shard writes parts, not verdicts: give --json, --junit and --html to "
                    + "mprogsim merge, which reports the combined verdicts");
        }
        List<String> problems = ReportFiles.problems(outputs);
        if (!problems.isEmpty()) {
            // Refuse before exploring: finding out after a long run that its reports cannot be kept helps no one.
            for (String p : problems) {
                err.println("error: " + p);
            }
            err.flush();
            return Cli.EXIT_BAD_INPUT;
        }
        Instant startedAt = Instant.now();
        List<ScenarioReport> reports = new ArrayList<>();
        ProgressListener printer = progress.listener();
        CheckRun run = new CheckRun(scenarios.size(), printer);
        ScenarioRunner.Options options = new ScenarioRunner.Options(explore.explorer, explore.strategy, explore.seed,
                explore.executions, explore.maxExecutions, explore.timeLimit, !output.noTrace, !noShrink,
                explore.threads, part[0], part[1], run, this.out.dir)
                .withStateful(!explore.noSymmetry, explore.exact, explore.bfs)
                .withPersistentSets(!explore.noPersistentSets)
                .withMaxStates(explore.maxStates);
        Thread onInterrupt = new Thread(() -> {
            if (printer instanceof ProgressPrinter pp) {
                pp.interrupted();
            }
            run.printInterrupted(out);
        }, "mprogsim-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            if (shard != null) {
                return runShard(scenarios, options, run, out, err);
            }
            for (Scenario s : scenarios) {
                ScenarioVerdict v;
                try {
                    run.started(s.name());
                    if (printer instanceof ProgressPrinter pp) {
                        pp.scenario(s.name());
                    }
                    v = withWhatBrokeInstead(ScenarioRunner.run(s, options), options);
                    if (printer instanceof ProgressPrinter pp) {
                        pp.done();
                    }
                } catch (ScenarioException e) {
                    return Cli.badInput(err, e.getMessage());
                }
                synchronized (run) {
                    // Printed and counted together, so that an interruption never reports a scenario twice or not
                    // at all.
                    run.finished(s.name(), print(out, v, output.noTime));
                }
                if (!outputs.isEmpty()) {
                    // Only the stateful figures name the threads; the stateful search's default is one.
                    reports.add(scenarioReport(v, explore.threads > 0 ? explore.threads : 1));
                }
            }
            out.println(run.passed() + " passed, " + run.failed() + " failed");
            out.flush();
        } finally {
            run.over();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs: the run was interrupted.
            }
        }
        if (!outputs.isEmpty()) {
            try {
                ReportFiles.writeAll(new RunReport("mprogsim", Cli.VERSION, startedAt, reports), outputs);
            } catch (IOException e) {
                return Cli.badInput(err, e.getMessage());
            }
        }
        return run.failed() == 0 ? Cli.EXIT_OK : Cli.EXIT_NOT_MET;
    }

    /**
     * A run that looks for one invariant stops only at that one, so when the file expects X and no execution breaks
     * X, another invariant may have broken unseen. Explores again looking for any (only in that case: a failing
     * file) and adds what broke first, in which execution, with the schedule that replays it.
     */
    static ScenarioVerdict withWhatBrokeInstead(ScenarioVerdict v, ScenarioRunner.Options options)
            throws ScenarioException {
        Scenario s = v.scenario();
        String strategy = options.strategy() != null ? options.strategy() : s.explore().strategy();
        if (v.met() || !s.expect().violation() || v.schedule() != null || !v.complete()
                || !List.of("exhaustive", "random", "pct").contains(strategy)
                || ScenarioRunner.isPlainSequential(s)) {
            return v;
        }
        Scenario any = s.withExpect(ExpectSpec.PASS);
        ScenarioRunner.Options quiet = new ScenarioRunner.Options(options.explorer(), options.strategy(),
                options.seed(), options.executions(), options.maxExecutions(), options.timeLimitSeconds(), false,
                false, options.threads(), options.shardIndex(), options.shardCount(), ProgressListener.NONE,
                options.shrinkDir()).withStateful(options.symmetry(), options.exact(), options.breadthFirst())
                .withPersistentSets(options.persistentSets())
                .withMaxStates(options.maxStates());
        ExplorationResult r = ScenarioRunner.explore(any, strategy, quiet).result();
        if (r.violation == 0) {
            return v;
        }
        List<String> details = new ArrayList<>(v.details());
        String schedule = Schedule.encode(r.violatingSchedule, r.violatingSchedule.length);
        details.add("but " + String.join(", ", Invariant.names(r.violation)) + " broke in execution "
                + (r.violationExecution + 1) + " (a run that expects " + s.expect().invariant() + " stops at that"
                + " invariant only, so this went unreported)");
        details.add("schedule of that execution: " + schedule + " (mprogsim replay " + s.file() + " --schedule ...)");
        for (String line : ScheduleLegend.lines(s, schedule)) {
            details.add(line);
        }
        return new ScenarioVerdict(s, v.met(), v.strategy(), v.summary(), details, v.schedule(), v.executions(),
                v.steps(), v.seconds(), v.complete(), v.stopReason(), v.timedRuns(), v.search());
    }

    /** The PASS or FAIL line of a verdict and its details; returns whether the scenario met its expect. */
    static boolean print(PrintWriter out, ScenarioVerdict v, boolean noTime) {
        String time = noTime ? "" : String.format(", %.1f ms", v.seconds() * 1000);
        Scenario s = v.scenario();
        if (v.met()) {
            out.println("PASS " + s.name() + " (" + v.summary() + time + ")");
        } else {
            out.println("FAIL " + s.name() + " (" + v.summary() + time + ")  " + s.file());
        }
        for (String d : v.details()) {
            out.println("  " + d);
        }
        if (v.schedule() != null) {
            for (String line : ScheduleLegend.lines(s, v.schedule())) {
                out.println("  " + line);
            }
        }
        out.flush();
        return v.met();
    }

    /** "I/N" (1-based, as a CI matrix counts) to {index from 0, count}; null when malformed. */
    static int[] parseShard(String text) {
        String[] parts = text.split("/");
        if (parts.length != 2) {
            return null;
        }
        try {
            int i = Integer.parseInt(parts[0].trim());
            int n = Integer.parseInt(parts[1].trim());
            return n >= 1 && i >= 1 && i <= n ? new int[] {i - 1, n} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The file a shard's result of scenario {@code name} goes to. */
    static Path shardFile(Path dir, String name, int index, int count) {
        return dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".shard-" + (index + 1) + "-of-" + count
                + ".txt");
    }

    /** Runs this shard's part of every explored scenario and writes each result for mprogsim merge. */
    private int runShard(List<Scenario> scenarios, ScenarioRunner.Options options, CheckRun run,
                         PrintWriter out, PrintWriter err) {
        ProgressListener listener = run.printer();
        int found = 0;
        try {
            java.nio.file.Files.createDirectories(shardDir);
        } catch (IOException e) {
            return Cli.badInput(err, "cannot create " + shardDir + ": " + e.getMessage());
        }
        String part = (options.shardIndex() + 1) + "/" + options.shardCount();
        for (Scenario s : scenarios) {
            String strat = explore.strategy != null ? explore.strategy : s.explore().strategy();
            if (!ScenarioRunner.isShardable(s, strat)) {
                out.println("SKIP " + s.name() + ": " + strat + " runs whole (mprogsim merge runs it)");
                continue;
            }
            try {
                run.started(s.name());
                if (listener instanceof ProgressPrinter pp) {
                    pp.scenario(s.name());
                }
                ScenarioRunner.Exploration x = ScenarioRunner.explore(s, strat, options);
                if (listener instanceof ProgressPrinter pp) {
                    pp.done();
                }
                Path f = shardFile(shardDir, s.name(), options.shardIndex(), options.shardCount());
                Path tmp = java.nio.file.Files.createTempFile(shardDir, ".shard", ".tmp");
                java.nio.file.Files.writeString(tmp, output.noTime ? x.result().deterministicText() : x.result().toText());
                java.nio.file.Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                String what = x.result().violation != 0
                        ? "violation in this part: " + String.join(", ",
                        mprogsim.model.sim.Invariant.names(x.result().violation))
                        : "no violation in this part";
                boolean bad = x.result().violation != 0 && !s.expect().violation();
                if (bad) {
                    found++;
                }
                synchronized (run) {
                    out.println((bad ? "FAIL " : "PART ") + s.name() + " (shard " + part + ", "
                            + x.result().strategy + ", " + x.result().executions + " executions): " + what + "; wrote "
                            + f);
                    out.flush();
                    run.finished(s.name(), !bad);
                }
            } catch (ScenarioException | IOException e) {
                return Cli.badInput(err, e.getMessage());
            }
        }
        out.println("shard " + part + " done; mprogsim merge --shard-dir " + shardDir + " PATH... gives the verdict");
        out.flush();
        return found == 0 ? 0 : 1;
    }

    /**
     * Longer traces stay out of reports: a swimlane of a long timed run would be a page no one reads, and its
     * schedule is in the report to replay it.
     */
    static final int REPORT_TRACE_STEP_LIMIT = 5000;

    /**
     * What a report needs from a verdict, with the violating execution replayed into a trace; the number of worker
     * threads not known (a merge of shards).
     */
    static ScenarioReport scenarioReport(ScenarioVerdict v) {
        return scenarioReport(v, null);
    }

    /**
     * What a report needs from a verdict, with the violating execution replayed into a trace.
     *
     * @param threads the worker threads the run was given, or null when not known
     */
    static ScenarioReport scenarioReport(ScenarioVerdict v, Integer threads) {
        Scenario s = v.scenario();
        ScenarioRunner.ReplayedSchedule replayed = ScenarioRunner.replaySchedule(v);
        TraceReport trace = null;
        List<String> details = new ArrayList<>(v.details());
        if (replayed != null && replayed.trace().steps.size() > REPORT_TRACE_STEP_LIMIT) {
            details.add("(trace of " + replayed.trace().steps.size() + " steps left out of this report; replay"
                    + " the schedule to see it)");
        } else if (replayed != null) {
            Trace t = replayed.trace();
            List<TraceReport.Step> steps = ReportSteps.of(t, VariantMarks.of(s, t), replayed.violatingStep());
            trace = new TraceReport(replayed.threads(), steps, replayed.violatingStep());
            // The report carries the trace and schedule as data; drop their printed copies, matched exactly so
            // that a change in the runner's wording duplicates lines instead of losing them.
            List<String> printedSteps = t.lines("  ");
            String plainHeader = "trace (" + t.steps.size() + " steps";
            int at = Collections.indexOfSubList(details, printedSteps);
            if (at > 0 && details.get(at - 1).startsWith(plainHeader)) {
                String header = details.get(at - 1);
                details.subList(at, at + printedSteps.size()).clear();
                if (header.equals(plainHeader + "):")) {
                    details.remove(at - 1);
                } else {
                    // Keep what the header says beyond the length: how the counterexample was shrunk.
                    details.set(at - 1, header.endsWith(":") ? header.substring(0, header.length() - 1) : header);
                }
            }
            details.remove("(trace of " + t.steps.size() + " steps not printed; replay the schedule to see it)");
        }
        if (v.schedule() != null) {
            details.remove("schedule: " + v.schedule());
        }
        return ScenarioReport.builder(s.name())
                .file(s.file().toString())
                .description(s.description() == null || s.description().isEmpty() ? null : s.description())
                .met(v.met())
                .expected(s.expect().violation() ? Expected.violationOf(s.expect().invariant()) : Expected.pass())
                .foundInvariants(replayed == null ? List.of() : replayed.brokenInvariants())
                .strategy(v.strategy())
                .executions(v.executions())
                .steps(v.steps())
                .seconds(v.seconds())
                .complete(v.complete())
                .stopReason(v.stopReason())
                .details(details)
                .schedule(v.schedule())
                .trace(trace)
                .timedRuns(timedMetrics(s, v.timedRuns()))
                .stateful(statefulSearch(v.search(), threads))
                .build();
    }

    /** The figures of a stateful search for the reports, or null when {@code r} is not one. */
    static StatefulSearch statefulSearch(ExplorationResult r, Integer threads) {
        if (r == null || !"stateful".equals(r.strategy)) {
            return null;
        }
        java.util.Map<String, String> plan = planSettings(r.plan);
        boolean exact = Boolean.parseBoolean(plan.getOrDefault("exact", Boolean.toString(
                r.fingerprintBits == 0 && r.statesStored > 0)));
        int bits = exact ? 0 : plan.containsKey("bits") ? Integer.parseInt(plan.get("bits")) : r.fingerprintBits;
        Boolean symmetry = plan.containsKey("symmetry") ? Boolean.parseBoolean(plan.get("symmetry")) : null;
        // The plan names the shards of the run, also once they are merged into one result.
        int shards = plan.containsKey("shards") ? Integer.parseInt(plan.get("shards")) : Math.max(1, r.shardCount);
        Boolean persistent = plan.containsKey("persistent") ? Boolean.parseBoolean(plan.get("persistent")) : null;
        return new StatefulSearch(plan.get("order"), symmetry, exact, bits, shards, threads,
                r.statesStored, r.executions, r.statesMatched, r.transitions, exact ? 0.0 : r.collisionProbability,
                r.memoryBytes, persistent);
    }

    /** The key=value settings of an exploration's plan line ("stateful order=dfs symmetry=true ..."). */
    static java.util.Map<String, String> planSettings(String plan) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (plan == null) {
            return out;
        }
        for (String word : plan.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                out.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return out;
    }

    /** The measured runs as the reports take them: through the same JSON that {@code simulate} prints. */
    static List<TimedMetrics> timedMetrics(Scenario s, List<TimedRun.Measured> runs) {
        ObjectMapper m = new ObjectMapper();
        List<TimedMetrics> out = new ArrayList<>();
        for (TimedRun.Measured x : runs) {
            try {
                out.add(TimedMetricsJson.read(TimedRun.metrics(m, s, x, false)));
            } catch (IOException e) {
                throw new IllegalStateException("the timed metrics of " + s.name() + " do not read back: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }
}
