package mprogsim.scenario;

import java.util.List;

/**
 * What running one scenario showed: whether it met its {@code expect}, a one-line summary, and the lines that
 * explain it (the op that differed, or the invariant, trace and schedule of a violation).
 */
public record ScenarioVerdict(Scenario scenario, boolean met, String strategy, String summary, List<String> details,
                              String schedule, long executions, long steps, double seconds, boolean complete,
                              String stopReason) {
}
