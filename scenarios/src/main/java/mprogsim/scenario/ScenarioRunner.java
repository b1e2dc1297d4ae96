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
import mprogsim.scheduler.Schedule;

/**
 * Runs a scenario the way its file asks and judges the result against its {@code expect}: plain sequential files
 * on the sequential spec, everything else on the step-by-step simulator with the file's exploration strategy.
 */
public final class ScenarioRunner {
    /** Settings from the command line that override or complete the file's {@code explore}. */
    public record Options(String explorer, long maxExecutions, Double timeLimitSeconds, boolean traces,
                          boolean shrink) {
        public static final Options DEFAULT = new Options("dpor", Long.MAX_VALUE, null, true, true);
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
        String strategy = ex.strategy();
        if (strategy.equals("replay")) {
            return replayed(s, sim, ex.schedule(), target);
        }
        if (strategy.equals("timed")) {
            return timed(s, sim, o);
        }
        Explorer explorer = switch (strategy) {
            case "exhaustive" -> exhaustive(o.explorer());
            default -> throw new ScenarioException(s.file() + ": $.explore.strategy: \"" + strategy
                    + "\" is not supported yet (it comes with randomized exploration); use exhaustive or replay");
        };
        double limit = o.timeLimitSeconds() != null ? o.timeLimitSeconds() : ex.timeLimitSeconds();
        Budget budget = new Budget(o.maxExecutions(), limit, true);
        ExplorationResult r = explorer.explore(sim, budget, ExecutionListener.NONE);
        String head = explorer.name() + ", " + r.executions + " executions, " + r.steps + " steps";
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
            int[] shown = o.shrink() ? Shrinker.fewestSwitches(sim, found, r.violation) : found;
            schedule = Schedule.encode(shown, shown.length);
            Trace t = Trace.replay(sim, shown);
            List<String> broken = Invariant.names(sim.allViolations());
            met = expect.violation();
            details.add((met ? "found as expected: " : "violation: ") + String.join(", ", broken)
                    + " (execution " + (r.violationExecution + 1) + ")");
            for (String line : t.detail.split("\n")) {
                if (!line.isEmpty()) {
                    details.add("  " + line);
                }
            }
            if (o.traces()) {
                String from = java.util.Arrays.equals(shown, found) ? ""
                        : ", reduced from " + found.length + " steps with " + Shrinker.switches(found)
                        + " context switches to " + Shrinker.switches(shown);
                details.add("trace (" + t.steps.size() + " steps" + from + "):");
                details.addAll(t.lines("  "));
            }
            details.add("schedule: " + printable(s, schedule));
        } else if (!r.complete) {
            met = false;
            details.add("stopped by the " + r.stopReason + " after " + r.executions + " executions: "
                    + (expect.violation() ? "no execution broke " + expect.invariant() + " so far"
                    : "no violation so far, but this is not a full pass"));
        } else if (expect.violation()) {
            met = false;
            details.add("no execution breaks " + expect.invariant() + " (all " + r.executions
                    + " executions explored)");
        } else {
            met = true;
        }
        return new ScenarioVerdict(s, met, explorer.name(), head, details, schedule, r.executions, r.steps,
                r.seconds(), r.complete, r.stopReason);
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
            int[] sched = violating.result().schedule;
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
                details.add("trace (" + tr.steps.size() + " steps):");
                details.addAll(tr.lines("  "));
            } else if (o.traces()) {
                details.add("(trace of " + sched.length + " steps not printed; replay the schedule to see it)");
            }
            details.add("schedule: " + printable(s, schedule));
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
     * A schedule short enough to read goes on the report; a long one goes to mprogsim-out/NAME.schedule, and the
     * report says how to replay it.
     */
    static String printable(Scenario s, String schedule) {
        if (schedule.length() <= 2000) {
            return schedule;
        }
        java.nio.file.Path dir = java.nio.file.Path.of("mprogsim-out");
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
