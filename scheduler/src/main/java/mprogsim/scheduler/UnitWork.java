package mprogsim.scheduler;

/**
 * A strategy's exploration as an ordered list of independent units of work (chunks of random executions, subtrees
 * of an exhaustive exploration). The order is the strategy's sequential order: the first violation reported is the
 * first one in that order (see {@link SplitRunner}).
 */
interface UnitWork {
    /** How many units; {@link Long#MAX_VALUE} when the run is unbounded and only a time limit ends it. */
    long units();

    /**
     * The index of the unit's first execution in the whole run when it is known in advance, -1 otherwise (as for
     * the subtrees of an exhaustive exploration).
     */
    default long firstExecution(long unit) {
        return -1;
    }

    /** How many executions the unit will run when that is known in advance (randomized runs), -1 otherwise. */
    default long plannedExecutions(long unit) {
        return -1;
    }

    /**
     * Explores one unit on this worker's program. The result's violationExecution counts from the unit's first
     * execution.
     */
    ExplorationResult run(Program program, long unit, Budget budget, ExecutionListener listener, UnitContext context);

    /** What a running unit may ask of the run. */
    interface UnitContext {
        /** True when the unit's result will not be used (an earlier unit found a violation, or the run stopped). */
        boolean cancelled();

        /** A progress listener for the unit's own counts, merged into the run's progress. */
        ProgressListener progress();
    }
}
