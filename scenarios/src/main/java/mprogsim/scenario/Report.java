package mprogsim.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import mprogsim.model.sim.Invariant;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Schedule;

/**
 * The report stage: a judged run turned into a verdict with the lines that explain it (for a violation: the
 * invariants, the trace, the schedule; counterexamples are made readable first, see {@link Shrinker}).
 */
final class Report {
    private Report() {
    }

    static ScenarioVerdict verdict(Scenario s, Explored e, Judge.Finding f, ScenarioRunner.Options o) {
        if (e instanceof Explored.Search x) {
            return search(s, x, f, o);
        }
        if (e instanceof Explored.Sequential x) {
            return sequential(s, x, f, o);
        }
        if (e instanceof Explored.Timed x) {
            return timed(s, x, f, o);
        }
        return replayed(s, (Explored.Replayed) e, f);
    }

    /** "found as expected: a, b" or "violation: a, b", naming the expected invariant when it is not among them. */
    private static String violationLine(Scenario s, long violations, Judge.Finding f) {
        String broken = String.join(", ", Invariant.names(violations));
        if (f.met) {
            return "found as expected: " + broken;
        }
        return "violation: " + broken + (s.expect().violation() ? " (expected " + s.expect().invariant()
                + "; an execution ends at its first violating step)" : "");
    }

    private static void indented(List<String> out, String text) {
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                out.add("  " + line);
            }
        }
    }

    private static ScenarioVerdict search(Scenario s, Explored.Search x, Judge.Finding f, ScenarioRunner.Options o) {
        ExplorationResult r = x.result();
        boolean randomized = x.randomized();
        ExpectSpec expect = s.expect();
        String head = r.strategy + (r.preemptionBound >= 0 ? " (preemption bound " + r.preemptionBound + ")" : "")
                + (randomized ? " (seed " + r.seed + (r.pctDepth > 0 ? ", depth " + r.pctDepth : "") + ")" : "")
                + (stateful(r) ? statefulCounts(r, storedDependsOnTiming(r, o))
                : ", " + r.executions + (r.executions == 1 ? " execution, " : " executions, ") + r.steps + " steps");
        List<String> details = new ArrayList<>();
        String schedule = null;
        switch (f) {
            case UNTRUSTED -> details.add("the simulator broke the engine's footprint contract ("
                    + r.footprintMismatches + " footprint mismatches, " + r.infeasibleSteps + " infeasible steps): "
                    + "this exploration cannot be trusted; please report it");
            case EXPECTED_VIOLATION, UNEXPECTED_VIOLATION -> schedule = counterexample(s, x, f, o, details);
            case STOPPED -> details.add("stopped by the " + r.stopReason
                    + ("state limit".equals(r.stopReason) ? "" : " after " + r.executions + " executions") + ": "
                    + (expect.violation() ? "no execution broke " + expect.invariant() + " so far"
                    : "no violation so far, but this is not a full pass"));
            case EXPECTED_NOT_FOUND -> details.add((randomized
                    ? "no execution of the budget broke " + expect.invariant()
                    : "no execution breaks " + expect.invariant() + " (all " + r.executions + " executions explored)")
                    + (x.endedOtherwise() == 0 ? "" : "; executions ended first at "
                    + String.join(", ", Invariant.names(x.endedOtherwise()))));
            case PASSED -> {
                if (randomized) {
                    details.add("no violation in " + r.executions + " " + r.strategy + " executions (not exhaustive)");
                }
            }
        }
        // A stateful run reports counts that are the same on any number of threads: see statefulCounts.
        long executions = !stateful(r) ? r.executions : violationStop(r) ? 1 : r.executions;
        long steps = !stateful(r) ? r.steps : violationStop(r) ? r.violatingSchedule.length
                : r.complete && !storedDependsOnTiming(r, o) ? r.statesStored : 0;
        return new ScenarioVerdict(s, f.met, r.strategy, head, details, schedule, executions, steps,
                r.seconds(), r.complete, r.stopReason, List.of(), r);
    }

    private static boolean stateful(ExplorationResult r) {
        return "stateful".equals(r.strategy);
    }

    private static boolean violationStop(ExplorationResult r) {
        return "violation".equals(r.stopReason) && r.violatingSchedule != null;
    }

    /**
     * Whether the states a complete stateful search stored depend on the timing of its workers: a depth-first search
     * with sleep and persistent sets on several threads (sleep sets then prune states, and which ones depends on the
     * order in which the workers reach them). Its final states do not.
     */
    static boolean storedDependsOnTiming(ExplorationResult r, ScenarioRunner.Options o) {
        String plan = " " + r.plan + " ";
        return stateful(r) && o.threads() > 1 && plan.contains(" order=dfs ") && plan.contains(" sleep=true ")
                && plan.contains(" persistent=true ");
    }

    /**
     * What a stateful run prints: only counts that are the same in every run with the same settings, as the
     * verdict and the counterexample are. A complete search on one worker stores the same states every time, so they
     * are printed; how many transitions it takes depends on the threads, and is not. On several workers with sleep
     * and persistent sets the states stored depend on timing too ({@link #storedDependsOnTiming}), so the final
     * states are printed instead (the timed reports keep the states stored). A search stopped at a violation stored
     * a number of states that depends on the race between the workers; the shortest violating schedule (what is
     * reported) does not, so its length is printed. A search stopped by a budget prints no count. In the verdict's
     * counts (JSON, JUnit): a complete search has its final states as executions and its states stored as steps
     * (no steps when they depend on timing); a search stopped at a violation one execution of that schedule's
     * length; one stopped by a budget the final states it checked (exactly the execution limit, if that stopped it)
     * and no steps.
     */
    private static String statefulCounts(ExplorationResult r, boolean storedDependsOnTiming) {
        if (violationStop(r)) {
            return ", shortest violating schedule of " + r.violatingSchedule.length + " steps";
        }
        // A budget stop: how far the workers got depends on their race, and the details say why it stopped.
        if (!r.complete) {
            return "";
        }
        if (storedDependsOnTiming) {
            return ", " + r.executions + (r.executions == 1 ? " final state" : " final states");
        }
        String states = ", " + r.statesStored + (r.statesStored == 1 ? " state" : " states");
        // Merged shards: each shard has its own visited set, so a state several of them reach is counted by each.
        int shards = r.units == null ? 1 : r.units.size();
        return shards > 1 ? states + " stored by " + shards + " shards" : states;
    }

    /**
     * The violating execution of a search, made readable: shrunk (randomized runs) or cut to the steps the violation
     * depends on, then its trace and schedule. Returns the schedule the verdict carries (null for a shrunk one,
     * which belongs to another scenario).
     */
    private static String counterexample(Scenario s, Explored.Search x, Judge.Finding f, ScenarioRunner.Options o,
                                         List<String> details) {
        ExplorationResult r = x.result();
        boolean randomized = x.randomized();
        int[] found = r.violatingSchedule;
        // Shrink for what made the verdict: the expected invariant when met, else the first one broken.
        String invariant = f.met ? s.expect().invariant() : Invariant.names(r.violation).get(0);
        // A litmus file has no threads, ops or passes to drop, and its litmus path is relative to the file.
        Shrinker.Result shrunk = randomized && o.shrink() && s.memory().litmus() == null
                ? shrink(s, found, invariant, o) : null;
        Scenario shownScenario = shrunk != null ? shrunk.scenario() : s;
        TcxSimulation shownSim = Simulations.of(shownScenario);
        int[] shown = shrunk != null ? shrunk.schedule()
                : o.shrink() ? Shrinker.fewestSwitches(shownSim, found, r.violation) : found;
        Trace t = Trace.replay(shownSim, shown);
        if (t.unrun > 0) {
            // A violating step the search left out came first in this interleaving: show the execution whose
            // first violating step is the reported one (see FirstViolation).
            shown = FirstViolation.causalPast(shownSim, shown);
            t = Trace.replay(shownSim, shown);
        }
        String schedule = Schedule.encode(shown, shown.length);
        details.add(violationLine(s, t.violations, f) + " (execution " + (r.violationExecution + 1)
                + (randomized ? " of seed " + r.seed : "") + ")");
        indented(details, t.detail);
        if (shrunk != null) {
            details.add("shrunk: " + shrunk.removed());
            details.add("shrunk scenario written to " + shrunk.file() + " (mprogsim check " + shrunk.file()
                    + " reproduces it)");
            details.add("unshrunk schedule: " + printable(s, Schedule.encode(found, found.length), o.shrinkDir()));
        }
        if (o.traces()) {
            // Said only when the shrinker changed something a reader can see: the length or the switches.
            String from = shrunk != null || shown.length == found.length
                    && Shrinker.switches(shown) == Shrinker.switches(found) ? ""
                    : ", reduced from " + found.length + " steps with " + Shrinker.switches(found)
                    + " context switches to " + Shrinker.switches(shown);
            details.add("trace" + (shrunk != null ? " of the shrunk scenario" : "") + " (" + t.steps.size()
                    + " steps" + from + "):");
            details.addAll(t.lines("  "));
        }
        details.add("schedule" + (shrunk != null ? " (shrunk scenario)" : "") + ": "
                + printable(shownScenario, schedule, o.shrinkDir()));
        return shrunk != null ? null : schedule;
    }

    private static ScenarioVerdict sequential(Scenario s, Explored.Sequential x, Judge.Finding f,
                                              ScenarioRunner.Options o) {
        List<String> details = new ArrayList<>();
        for (SequentialRun.StepResult r : x.mismatches()) {
            details.add("step " + r.index() + " (" + r.op().text() + "): " + r.mismatch());
        }
        ExplorationResult sim = x.simulated().result();
        ScenarioVerdict simulated = search(s, x.simulated(), Judge.judge(s.expect(), x.simulated()), o);
        for (String line : simulated.details()) {
            details.add(line.startsWith("  ") ? "  " + line : "step simulator: " + line);
        }
        String summary = "sequential, " + x.steps().size() + " ops; step simulator, " + simulated.summary();
        return new ScenarioVerdict(s, f.met, "sequential", summary, details, simulated.schedule(), 1,
                x.steps().size(), x.seconds(), sim.complete, sim.stopReason);
    }

    private static ScenarioVerdict timed(Scenario s, Explored.Timed x, Judge.Finding f, ScenarioRunner.Options o) {
        List<String> details = new ArrayList<>();
        long steps = 0;
        for (TimedRun.Measured m : x.runs()) {
            steps += m.result().steps;
            details.addAll(TimedRun.summary(m));
        }
        TimedRun.Measured violating = x.violating();
        String schedule = null;
        switch (f) {
            case EXPECTED_VIOLATION, UNEXPECTED_VIOLATION -> {
                int[] raw = violating.result().schedule;
                // Shrunk as the other strategies' counterexamples are: the violating step's causal past only.
                int[] sched = o.shrink() ? Shrinker.fewestSwitches(Simulations.of(s, true), raw,
                        violating.result().violations) : raw;
                String reduced = sched != raw ? "reduced from " + raw.length + " steps with "
                        + Shrinker.switches(raw) + " context switches to " + Shrinker.switches(sched) : null;
                schedule = Schedule.encode(sched, sched.length);
                details.add(violationLine(s, violating.result().violations, f) + " (run " + violating.result().run
                        + ", seed " + violating.result().seed + ")");
                indented(details, violating.result().violationDetail);
                if (o.traces() && sched.length <= 400) {
                    Trace tr = Trace.replay(Simulations.of(s, true), sched);
                    details.add("trace (" + tr.steps.size() + " steps" + (reduced != null ? ", " + reduced : "")
                            + "):");
                    details.addAll(tr.lines("  "));
                } else if (o.traces()) {
                    details.add("(trace of " + sched.length + " steps not printed; replay the schedule to see it)"
                            + (reduced != null ? "; " + reduced : ""));
                }
                details.add("schedule: " + printable(s, schedule, o.shrinkDir()));
            }
            case STOPPED -> details.add("a run was stopped by the " + x.stopReason()
                    + " before every thread finished: not a full pass");
            case EXPECTED_NOT_FOUND -> details.add("no run broke " + s.expect().invariant());
            default -> {
            }
        }
        int runs = x.runs().size();
        String summary = "timed, " + runs + (runs == 1 ? " run, " : " runs, ") + steps + " steps";
        return new ScenarioVerdict(s, f.met, "timed", summary, details, schedule, runs, steps, x.seconds(),
                x.complete(), violating != null ? "violation" : x.stopReason(), x.runs());
    }

    private static ScenarioVerdict replayed(Scenario s, Explored.Replayed x, Judge.Finding f) {
        Trace t = x.trace();
        List<String> details = new ArrayList<>();
        switch (f) {
            case UNTRUSTED -> details.add("the schedule does not fit this scenario: " + t.error);
            case EXPECTED_VIOLATION, UNEXPECTED_VIOLATION -> {
                details.add(violationLine(s, t.violations, f));
                if (t.unrun > 0) {
                    details.add("the execution ends at step " + t.steps.size() + ", its first violating step; the"
                            + " schedule's " + t.unrun + " further steps are not run");
                }
            }
            default -> {
                if (s.expect().violation()) {
                    details.add("this execution does not break " + s.expect().invariant()
                            + (t.finished ? "" : " (the schedule ends before every thread has finished)"));
                } else if (!t.finished) {
                    details.add("the schedule ends before every thread has finished; nothing broke so far");
                }
            }
        }
        indented(details, t.detail);
        details.add("trace (" + t.steps.size() + " steps):");
        details.addAll(t.lines("  "));
        return new ScenarioVerdict(s, f.met, "replay", "replay, 1 execution, " + t.steps.size() + " steps", details,
                x.schedule(), 1, t.steps.size(), x.seconds(), true, null);
    }

    /**
     * Shrinks a randomized counterexample: drops threads, ops and passes while an exhaustive search (within a
     * small budget) still breaks the same invariant, then writes the shrunk scenario next to the run's output.
     */
    static Shrinker.Result shrink(Scenario s, int[] schedule, String invariant, ScenarioRunner.Options o) {
        long bit = Invariant.byName(invariant).bit();
        Shrinker.Search search = candidate -> {
            Scenario c = candidate.withExpect(new ExpectSpec(true, invariant));
            // As the candidate's own check would look: an execution counts when the invariant breaks first.
            ExplorationResult r = new DporExplorer().explore(new FirstViolation(Simulations.of(c), bit,
                    new AtomicLong()), new Budget(20_000, 1, true), ExecutionListener.NONE);
            return r.violation != 0 && (r.violation & bit) != 0 ? r.violatingSchedule : null;
        };
        try {
            // Candidates replayed and reduced the same way: only a step that breaks the invariant first counts.
            Shrinker.Result res = Shrinker.shrink(s.withExpect(new ExpectSpec(true, invariant)), schedule, invariant,
                    search, c -> new FirstViolation(Simulations.of(c), bit, new AtomicLong()),
                    bit);
            java.nio.file.Files.createDirectories(o.shrinkDir());
            java.nio.file.Path file = o.shrinkDir().resolve(s.name().replaceAll("[^A-Za-z0-9._-]", "_")
                    + "-shrunk.json");
            java.nio.file.Files.writeString(file, res.json());
            return res.withFile(file);
        } catch (ScenarioException | java.io.IOException e) {
            return null;
        }
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
}
