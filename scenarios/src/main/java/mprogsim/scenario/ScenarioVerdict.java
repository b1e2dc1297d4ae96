package mprogsim.scenario;

import java.util.List;
import mprogsim.scheduler.ExplorationResult;

/**
 * What running one scenario showed: whether it met its {@code expect}, a one-line summary, and the lines that
 * explain it (the op that differed, or the invariant, trace and schedule of a violation).
 *
 * @param search the exploration behind a verdict of the engine's explorers (exhaustive, bounded, randomized), for
 *               the figures reports show beyond the counts (states stored, matched, transitions, memory of a
 *               stateful search); null for sequential, timed and replayed runs
 */
public record ScenarioVerdict(Scenario scenario, boolean met, String strategy, String summary, List<String> details,
                              String schedule, long executions, long steps, double seconds, boolean complete,
                              String stopReason, List<TimedRun.Measured> timedRuns, ExplorationResult search) {
    /** A verdict without the exploration behind it. */
    public ScenarioVerdict(Scenario scenario, boolean met, String strategy, String summary, List<String> details,
                           String schedule, long executions, long steps, double seconds, boolean complete,
                           String stopReason, List<TimedRun.Measured> timedRuns) {
        this(scenario, met, strategy, summary, details, schedule, executions, steps, seconds, complete, stopReason,
                timedRuns, null);
    }

    /** A verdict of a run that was not in virtual time: no timed runs. */
    public ScenarioVerdict(Scenario scenario, boolean met, String strategy, String summary, List<String> details,
                           String schedule, long executions, long steps, double seconds, boolean complete,
                           String stopReason) {
        this(scenario, met, strategy, summary, details, schedule, executions, steps, seconds, complete, stopReason,
                List.of());
    }

    public ScenarioVerdict {
        timedRuns = List.copyOf(timedRuns);
    }
}
