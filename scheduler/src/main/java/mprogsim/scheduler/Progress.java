package mprogsim.scheduler;

/**
 * A snapshot of a running exploration.
 *
 * @param strategy                  the explorer's name
 * @param executions                executions finished so far
 * @param steps                     steps taken so far (replays and feasibility probes included)
 * @param elapsedNanos              time since the exploration started
 * @param estimatedTotalExecutions  exhaustive strategies: an estimate of how many executions the whole exploration
 *                                  will take (from the shape of the tree explored so far, so it grows as races are
 *                                  found); randomized strategies: the execution budget; NaN when unknown
 * @param unitsDone                 independent units of work finished (tasks or execution chunks), 0 when the run is
 *                                  not split
 * @param unitsTotal                units in this run (this shard), 0 when the run is not split
 */
public record Progress(String strategy, long executions, long steps, long elapsedNanos,
                       double estimatedTotalExecutions, long unitsDone, long unitsTotal) {
    public double executionsPerSecond() {
        return elapsedNanos <= 0 ? 0 : executions / (elapsedNanos / 1e9);
    }

    public double stepsPerSecond() {
        return elapsedNanos <= 0 ? 0 : steps / (elapsedNanos / 1e9);
    }

    /** Executions still to go by the estimate, or NaN. */
    public double estimatedRemainingExecutions() {
        return Double.isNaN(estimatedTotalExecutions) ? Double.NaN
                : Math.max(0, estimatedTotalExecutions - executions);
    }
}
