package mprogsim.scheduler;

/** What an exploration did and found. */
public final class ExplorationResult {
    public String strategy;
    public long executions;
    public long steps;
    /** Executions abandoned because every enabled process was asleep (redundant work; zero for optimal DPOR). */
    public long sleepBlocked;
    /** True when every execution the strategy means to explore was explored. */
    public boolean complete;
    /** Why the exploration stopped early, or null. */
    public String stopReason;
    /** Violation bits of the first violating execution found, 0 when none. */
    public long violation;
    public int[] violatingSchedule;
    public long violationExecution;
    public long violationNanos;
    public long elapsedNanos;
    /** Randomized strategies: the seed and execution index that found the violation. */
    public long seed;

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public double stepsPerSecond() {
        return elapsedNanos == 0 ? 0 : steps / (elapsedNanos / 1e9);
    }

    public double executionsPerSecond() {
        return elapsedNanos == 0 ? 0 : executions / (elapsedNanos / 1e9);
    }
}
