package mprogsim.scheduler;

import java.util.Arrays;

/** What an exploration did and found. */
public final class ExplorationResult {
    public String strategy;
    public long executions;
    /** Program steps taken, replays of prefixes and feasibility probes included: the work done. */
    public long steps;
    /** Executions abandoned because every enabled process was asleep (redundant work; zero for optimal DPOR). */
    public long sleepBlocked;
    /**
     * Exhaustive strategies: executions in which a wait was explored as failing although a later step would have
     * enabled it (redundant work, see {@link DporExplorer}); they are reported to the listener as not maximal.
     */
    public long blockedExecutions;
    /** True when every execution the strategy means to explore was explored. */
    public boolean complete;
    /** Why the exploration stopped early, or null. */
    public String stopReason;

    /** Violation bits of the first violating execution found (in the strategy's order), 0 when none. */
    public long violation;
    public int[] violatingSchedule;
    /** Index (from 0, in the strategy's order) of the first violating execution, -1 when none. */
    public long violationExecution = -1;
    public long violationNanos;
    /** Union of the violation bits of every violating execution explored. */
    public long violationsSeen;
    public long violatingExecutions;

    public long elapsedNanos;
    /** Randomized strategies: the seed; execution {@link #violationExecution} of that seed found the violation. */
    public long seed;

    /**
     * Exhaustive strategies: steps whose footprint differed from what an earlier execution recorded for the same
     * step, and steps found not enabled where the footprints promised they would be. Either means the program breaks the footprint contract
     * of {@link Program}, and then the exploration is not guaranteed to be sound.
     */
    public long footprintMismatches;
    public long infeasibleSteps;

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public double stepsPerSecond() {
        return elapsedNanos == 0 ? 0 : steps / (elapsedNanos / 1e9);
    }

    public double executionsPerSecond() {
        return elapsedNanos == 0 ? 0 : executions / (elapsedNanos / 1e9);
    }

    /** The violating schedule in printable form, or null. */
    public String violatingScheduleText() {
        return violatingSchedule == null ? null : Schedule.encode(violatingSchedule, violatingSchedule.length);
    }

    /** Whether the footprints the program declared held up (see {@link #footprintMismatches}). */
    public boolean footprintContractHeld() {
        return footprintMismatches == 0 && infeasibleSteps == 0;
    }

    /** Records a violating execution; the first one recorded is the one reported. */
    void noteViolation(long bits, int[] schedule, int length, long index, long nanos) {
        violationsSeen |= bits;
        violatingExecutions++;
        if (violation == 0) {
            violation = bits;
            violatingSchedule = Arrays.copyOf(schedule, length);
            violationExecution = index;
            violationNanos = nanos;
        }
    }
}
