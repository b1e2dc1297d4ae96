package mprogsim.scenario;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.sim.Invariant;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DfsExplorer;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Explorer;
import mprogsim.scheduler.ProgressListener;
import mprogsim.scheduler.RunOptions;
import mprogsim.scheduler.Schedule;

/**
 * Runs a scenario the way its file asks and judges the result against its {@code expect}: plain sequential files
 * on the sequential spec, everything else on the step-by-step simulator with the file's exploration strategy.
 */
public final class ScenarioRunner {
    /** Settings from the command line that override or complete the file's {@code explore}. */
    /**
     * Settings from the command line that override or complete the file's {@code explore}.
     *
     * @param explorer      the exhaustive explorer (dpor, dfs, normal-form)
     * @param strategy      overrides explore.strategy when not null
     * @param seed          overrides explore.seed when not null
     * @param executions    overrides explore.executions (the random/pct budget) when not null
     * @param maxExecutions caps an exhaustive run
     * @param threads       worker threads (results do not depend on it)
     * @param shardIndex    from 0; with {@code shardCount} > 1 only that part of the exploration runs
     * @param progress      told about long runs about once a second
     * @param shrinkDir     where shrunk scenarios of randomized counterexamples are written
     */
    public record Options(String explorer, String strategy, Long seed, Long executions, long maxExecutions,
                          Double timeLimitSeconds, boolean traces, boolean shrink, int threads, int shardIndex,
                          int shardCount, ProgressListener progress, java.nio.file.Path shrinkDir) {
        public static final Options DEFAULT = new Options("dpor", null, null, null, Long.MAX_VALUE, null, true, true,
                1, 0, 1, ProgressListener.NONE, java.nio.file.Path.of("mprogsim-out"));

        public Options withThreads(int n) {
            return new Options(explorer, strategy, seed, executions, maxExecutions, timeLimitSeconds, traces, shrink, n,
                    shardIndex, shardCount, progress, shrinkDir);
        }

        boolean sharded() {
            return shardCount > 1;
        }
    }

    /** The exhaustive explorers by name: DPOR (the default), plain DFS (the reference), normal-form DFS. */
    public static final java.util.List<String> EXHAUSTIVE = java.util.List.of("dpor", "dfs", "normal-form");

    static Explorer exhaustive(String name) {
        return switch (name) {
            case "dfs" -> new DfsExplorer();
            case "normal-form" -> new mprogsim.scheduler.NormalFormExplorer();
            default -> new DporExplorer();
        };
    }

    private ScenarioRunner() {
    }

    /** Whether the file can run on the sequential spec alone (one writer, no variants, default exploration). */
    public static boolean isPlainSequential(Scenario s) {
        return s.sequential() && s.variants() == 0 && !s.expect().violation()
                && s.explore().strategy().equals("exhaustive");
    }

    /**
     * The simulator a scenario runs on, built the same way for its run and for every replay of it: timed runs
     * (and replays of their schedules) reuse memory and apply the timing section's streams, and only the expected
     * invariant ends an execution when the scenario expects a violation.
     */
    public static TcxSimulation simulation(Scenario s) {
        String strategy = s.explore().strategy();
        return simulation(s, strategy.equals("timed") || (strategy.equals("replay") && s.timing() != null));
    }

    /** As {@link #simulation(Scenario)}, for a run in virtual time ({@code timed}) or not, whatever the file says. */
    public static TcxSimulation simulation(Scenario s, boolean timed) {
        TcxSimulation sim = new TcxSimulation(SimConfigs.of(s), timed || s.timing() != null);
        if (timed) {
            TimedRun.configureStreams(s, sim);
        }
        sim.reportOnly(s.expect().violation() ? Invariant.byName(s.expect().invariant()).bit() : -1L);
        return sim;
    }

    /** Whether the scenario's exploration with {@code strategy} can be split into shards. */
    public static boolean isShardable(Scenario s, String strategy) {
        return !isPlainSequential(s) && List.of("exhaustive", "random", "pct").contains(strategy);
    }

    public static ScenarioVerdict run(Scenario s, Options o) throws ScenarioException {
        if (isPlainSequential(s)) {
            return sequential(s);
        }
        return simulated(s, o);
    }

    /**
     * A verdict's schedule re-run step by step, for reports.
     *
     * @param threads          every thread of the run in process order, also those that never moved
     * @param violatingStep    the step after which the reported violation held, or 0 when no step broke anything
     *                         (the end-of-execution checks found it, or nothing broke)
     * @param brokenInvariants every invariant the execution broke, reported or not
     */
    public record ReplayedSchedule(List<String> threads, Trace trace, int violatingStep,
                                   List<String> brokenInvariants) {
    }

    /**
     * Re-runs {@code v}'s schedule on a fresh simulation of its scenario, looking for the same invariants the run
     * looked for; null when the verdict has no schedule. Replaying is exact, so this is the execution the verdict
     * reported.
     */
    public static ReplayedSchedule replaySchedule(ScenarioVerdict v) {
        if (v.schedule() == null) {
            return null;
        }
        TcxSimulation sim = simulation(v.scenario());
        int[] schedule = Schedule.decode(v.schedule());
        // Trace.replay only tells what held at the end, so find the step that first broke something on a run of
        // our own, stopping where the trace's replay would.
        int violatingStep = 0;
        sim.reset();
        for (int i = 0; i < schedule.length; i++) {
            int p = schedule[i];
            if (p < 0 || p >= sim.processes() || sim.status(p) != mprogsim.scheduler.Program.ENABLED) {
                break;
            }
            sim.step(p);
            if (sim.violations() != 0) {
                violatingStep = i + 1;
                break;
            }
        }
        Trace t = Trace.replay(sim, schedule);
        List<String> threads = new ArrayList<>();
        for (int p = 0; p < sim.processes(); p++) {
            threads.add(sim.processName(p));
        }
        return new ReplayedSchedule(threads, t, violatingStep, Invariant.names(sim.allViolations()));
    }

    private static ScenarioVerdict sequential(Scenario s) {
        long t0 = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<SequentialRun.StepResult> results = SequentialRun.run(s);
        for (SequentialRun.StepResult r : results) {
            if (r.mismatch() != null) {
                problems.add("step " + r.index() + " (" + r.op().text() + "): " + r.mismatch());
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        String summary = "sequential, " + results.size() + " ops";
        return new ScenarioVerdict(s, problems.isEmpty(), "sequential", summary, problems, null, 1, results.size(),
                secs, true, null);
    }

    private static ScenarioVerdict simulated(Scenario s, Options o) throws ScenarioException {
        TcxSimulation sim = simulation(s);
        ExpectSpec expect = s.expect();
        long target = expect.violation() ? Invariant.byName(expect.invariant()).bit() : -1L;
        ExploreSpec ex = s.explore();
        String strategy = o.strategy() != null ? o.strategy() : ex.strategy();
        if (strategy.equals("replay")) {
            return replayed(s, sim, ex.schedule(), target);
        }
        if (strategy.equals("timed")) {
            return timed(s, sim, o);
        }
        Exploration run = explore(s, strategy, o);
        return judge(s, run.result(), sim, o, run.randomized());
    }

    /** An exploration's result, and whether it came from a randomized strategy (whose counterexamples are shrunk). */
    public record Exploration(ExplorationResult result, boolean randomized) {
    }

    /** Explores {@code s} with {@code strategy} (exhaustive, random or pct) as the options say. */
    public static Exploration explore(Scenario s, String strategy, Options o) throws ScenarioException {
        ExploreSpec ex = s.explore();
        double limit = o.timeLimitSeconds() != null ? o.timeLimitSeconds() : ex.timeLimitSeconds();
        long seed = o.seed() != null ? o.seed() : ex.seed();
        long executions = o.executions() != null ? o.executions() : ex.executions();
        Explorer explorer;
        Budget budget;
        boolean randomized = false;
        switch (strategy) {
            case "exhaustive" -> {
                if (ex.preemptionBound() != null && o.explorer().equals("dpor")) {
                    explorer = new mprogsim.scheduler.PreemptionBoundedExplorer(ex.preemptionBound());
                } else if (o.explorer().equals("dpor")) {
                    // The split explorer gives the same result on any number of threads and shards.
                    explorer = new mprogsim.scheduler.ParallelDporExplorer();
                } else {
                    explorer = exhaustive(o.explorer());
                }
                budget = new Budget(o.maxExecutions(), limit, true);
            }
            case "random" -> {
                explorer = new mprogsim.scheduler.RandomExplorer(seed);
                budget = new Budget(executions, limit, true);
                randomized = true;
            }
            case "pct" -> {
                explorer = new mprogsim.scheduler.PctExplorer(seed, ex.pctDepth());
                budget = new Budget(executions, limit, true);
                randomized = true;
            }
            default -> throw new ScenarioException(s.file() + ": $.explore.strategy: \"" + strategy
                    + "\" cannot be explored this way");
        }
        ExplorationResult r;
        if (explorer instanceof mprogsim.scheduler.ParallelExplorer pe) {
            RunOptions ro = new RunOptions(o.threads(), o.shardIndex(), o.shardCount(), o.progress(),
                    ProgressListener.INTERVAL_NANOS);
            r = pe.explore(() -> simulation(s), budget, ro, ExecutionListener.NONE);
        } else {
            if (o.sharded() || o.threads() > 1 && !o.explorer().equals("dpor")) {
                if (o.sharded()) {
                    throw new ScenarioException(s.file() + ": the " + explorer.name() + " explorer cannot be split "
                            + "into shards; use dpor, random or pct");
                }
            }
            r = explorer.explore(simulation(s), budget, ExecutionListener.NONE);
        }
        return new Exploration(r, randomized);
    }

    /** Turns an exploration of {@code s} (whole, or the merge of its shards) into a verdict. */
    public static ScenarioVerdict judge(Scenario s, ExplorationResult r, TcxSimulation sim, Options o,
                                        boolean randomized) throws ScenarioException {
        ExpectSpec expect = s.expect();
        String head = r.strategy + (r.preemptionBound >= 0 ? " (preemption bound " + r.preemptionBound + ")" : "")
                + (randomized ? " (seed " + r.seed + (r.pctDepth > 0 ? ", depth " + r.pctDepth : "") + ")" : "")
                + ", " + r.executions + (r.executions == 1 ? " execution, " : " executions, ") + r.steps + " steps";
        List<String> details = new ArrayList<>();
        boolean met;
        String schedule = null;
        if (!r.footprintContractHeld()) {
            met = false;
            details.add("the simulator broke the engine's footprint contract (" + r.footprintMismatches
                    + " footprint mismatches, " + r.infeasibleSteps + " infeasible steps): this exploration cannot be"
                    + " trusted; please report it");
        } else if (r.violation != 0) {
            int[] found = r.violatingSchedule;
            met = expect.violation();
            String invariant = Invariant.names(r.violation).get(0);
            Shrinker.Result shrunk = null;
            if (randomized && o.shrink()) {
                shrunk = shrinkScenario(s, found, invariant, r.violation, o);
            }
            Scenario shownScenario = shrunk != null ? shrunk.scenario() : s;
            TcxSimulation shownSim = shrunk != null ? simulation(shrunk.scenario()) : sim;
            int[] shown = shrunk != null ? shrunk.schedule()
                    : o.shrink() ? Shrinker.fewestSwitches(sim, found, r.violation) : found;
            schedule = Schedule.encode(shown, shown.length);
            Trace t = Trace.replay(shownSim, shown);
            List<String> broken = Invariant.names(shownSim.allViolations());
            details.add((met ? "found as expected: " : "violation: ") + String.join(", ", broken)
                    + " (execution " + (r.violationExecution + 1) + (randomized ? " of seed " + r.seed : "") + ")");
            for (String line : t.detail.split("\n")) {
                if (!line.isEmpty()) {
                    details.add("  " + line);
                }
            }
            if (shrunk != null) {
                details.add("shrunk: " + shrunk.removed());
                details.add("shrunk scenario written to " + shrunk.file() + " (mprogsim check " + shrunk.file()
                        + " reproduces it)");
                details.add("unshrunk schedule: "
                        + printable(s, Schedule.encode(found, found.length), o.shrinkDir()));
            }
            if (o.traces()) {
                String from = shrunk != null || java.util.Arrays.equals(shown, found) ? ""
                        : ", reduced from " + found.length + " steps with " + Shrinker.switches(found)
                        + " context switches to " + Shrinker.switches(shown);
                details.add("trace" + (shrunk != null ? " of the shrunk scenario" : "") + " (" + t.steps.size()
                        + " steps" + from + "):");
                details.addAll(t.lines("  "));
            }
            details.add("schedule" + (shrunk != null ? " (shrunk scenario)" : "") + ": "
                    + printable(shownScenario, schedule, o.shrinkDir()));
            if (shrunk != null) {
                schedule = null;
            }
        } else if (!r.complete) {
            met = false;
            details.add("stopped by the " + r.stopReason + " after " + r.executions + " executions: "
                    + (expect.violation() ? "no execution broke " + expect.invariant() + " so far"
                    : "no violation so far, but this is not a full pass"));
        } else if (expect.violation()) {
            met = false;
            details.add(randomized ? "no execution of the budget broke " + expect.invariant()
                    : "no execution breaks " + expect.invariant() + " (all " + r.executions + " executions explored)");
        } else {
            met = true;
            if (randomized) {
                details.add("no violation in " + r.executions + " " + r.strategy + " executions (not exhaustive)");
            }
        }
        return new ScenarioVerdict(s, met, r.strategy, head, details, schedule, r.executions, r.steps,
                r.seconds(), r.complete, r.stopReason);
    }

    /**
     * Shrinks a randomized counterexample: drops threads, ops and passes while an exhaustive search (within a
     * small budget) still breaks the same invariant, then writes the shrunk scenario next to the run's output.
     */
    public static Shrinker.Result shrinkScenario(Scenario s, int[] schedule, String invariant, long target,
                                                  Options o) {
        long bit = Invariant.byName(invariant).bit();
        Shrinker.Search search = candidate -> {
            Scenario c = candidate.withExpect(new ExpectSpec(true, invariant));
            ExplorationResult r = new DporExplorer().explore(simulation(c), new Budget(20_000, 1, true),
                    ExecutionListener.NONE);
            return r.violation != 0 && (r.violation & bit) != 0 ? r.violatingSchedule : null;
        };
        try {
            Shrinker.Result res = Shrinker.shrink(s.withExpect(new ExpectSpec(true, invariant)), schedule, invariant,
                    search, ScenarioRunner::simulation, bit);
            java.nio.file.Files.createDirectories(o.shrinkDir());
            java.nio.file.Path file = o.shrinkDir().resolve(s.name().replaceAll("[^A-Za-z0-9._-]", "_")
                    + "-shrunk.json");
            java.nio.file.Files.writeString(file, res.json());
            return res.withFile(file);
        } catch (ScenarioException | java.io.IOException e) {
            return null;
        }
    }

    private static ScenarioVerdict timed(Scenario s, TcxSimulation sim, Options o) {
        TimingSpec t = TimedRun.timing(s);
        double limit = o.timeLimitSeconds() != null ? o.timeLimitSeconds() : s.explore().timeLimitSeconds();
        long t0 = System.nanoTime();
        List<TimedRun.Measured> runs = TimedRun.run(s, sim, s.explore().seed(), t.runs(), limit);
        double secs = (System.nanoTime() - t0) / 1e9;
        long steps = 0;
        TimedRun.Measured violating = null;
        boolean complete = true;
        String stop = null;
        List<String> details = new ArrayList<>();
        for (TimedRun.Measured m : runs) {
            steps += m.result().steps;
            if (m.result().violations != 0 && violating == null) {
                violating = m;
            }
            if (!m.result().complete && m.result().violations == 0) {
                complete = false;
                stop = m.result().stopReason;
            }
            details.addAll(TimedRun.summary(m));
        }
        ExpectSpec expect = s.expect();
        boolean met;
        String schedule = null;
        if (violating != null) {
            met = expect.violation();
            int[] raw = violating.result().schedule;
            // Shrunk as the other strategies' counterexamples are: the violating step's causal past only.
            int[] sched = o.shrink() ? Shrinker.fewestSwitches(simulation(s, true), raw,
                    violating.result().violations) : raw;
            schedule = Schedule.encode(sched, sched.length);
            details.add((met ? "found as expected: " : "violation: ")
                    + String.join(", ", Invariant.names(violating.result().violations)) + " (run "
                    + violating.result().run + ", seed " + violating.result().seed + ")");
            for (String line : violating.result().violationDetail.split("\n")) {
                if (!line.isEmpty()) {
                    details.add("  " + line);
                }
            }
            if (o.traces() && sched.length <= 400) {
                Trace tr = Trace.replay(simulation(s, true), sched);
                details.add("trace (" + tr.steps.size() + " steps" + (sched != raw ? ", reduced from "
                        + raw.length + " steps with " + Shrinker.switches(raw) + " context switches to "
                        + Shrinker.switches(sched) : "") + "):");
                details.addAll(tr.lines("  "));
            } else if (o.traces()) {
                details.add("(trace of " + sched.length + " steps not printed; replay the schedule to see it)"
                        + (sched != raw ? "; reduced from " + raw.length + " steps with " + Shrinker.switches(raw)
                        + " context switches to " + Shrinker.switches(sched) : ""));
            }
            details.add("schedule: " + printable(s, schedule, o.shrinkDir()));
        } else if (!complete) {
            met = false;
            details.add("a run was stopped by the " + stop + " before every thread finished: not a full pass");
        } else if (expect.violation()) {
            met = false;
            details.add("no run broke " + expect.invariant());
        } else {
            met = true;
        }
        String summary = "timed, " + runs.size() + (runs.size() == 1 ? " run, " : " runs, ") + steps + " steps";
        return new ScenarioVerdict(s, met, "timed", summary, details, schedule, runs.size(), steps, secs, complete,
                violating != null ? "violation" : stop);
    }

    /**
     * A schedule short enough to read goes on the report; a long one goes to DIR/NAME.schedule (check --out), and the
     * report says how to replay it.
     */
    static String printable(Scenario s, String schedule, java.nio.file.Path dir) {
        if (schedule.length() <= 2000) {
            return schedule;
        }
        java.nio.file.Path file = dir.resolve(s.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".schedule");
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(file, schedule + System.lineSeparator());
            return schedule.length() + " characters, written to " + file + " (mprogsim replay " + s.file()
                    + " --schedule \"$(cat " + file + ")\")";
        } catch (java.io.IOException e) {
            return schedule;
        }
    }

    private static ScenarioVerdict replayed(Scenario s, TcxSimulation sim, String scheduleText, long target)
            throws ScenarioException {
        int[] schedule;
        try {
            schedule = Schedule.decode(scheduleText);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(s.file() + ": $.explore.schedule: " + e.getMessage());
        }
        long t0 = System.nanoTime();
        Trace t = Trace.replay(sim, schedule);
        double secs = (System.nanoTime() - t0) / 1e9;
        List<String> details = new ArrayList<>();
        boolean met;
        if (t.error != null) {
            details.add("the schedule does not fit this scenario: " + t.error);
            met = false;
        } else if (t.violations != 0) {
            met = s.expect().violation();
            details.add((met ? "found as expected: " : "violation: ") + String.join(", ",
                    Invariant.names(t.violations)));
        } else if (s.expect().violation()) {
            met = false;
            details.add("this execution does not break " + s.expect().invariant()
                    + (t.finished ? "" : " (the schedule ends before every thread has finished)"));
        } else {
            met = t.finished;
            if (!met) {
                details.add("the schedule ends before every thread has finished; nothing broke so far");
            }
        }
        for (String line : t.detail.split("\n")) {
            if (!line.isEmpty()) {
                details.add("  " + line);
            }
        }
        details.add("trace (" + t.steps.size() + " steps):");
        details.addAll(t.lines("  "));
        return new ScenarioVerdict(s, met, "replay", "replay, 1 execution, " + t.steps.size() + " steps", details,
                scheduleText, 1, t.steps.size(), secs, true, null);
    }
}
