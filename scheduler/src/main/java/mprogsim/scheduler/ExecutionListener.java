package mprogsim.scheduler;

/**
 * Told about every execution an explorer finishes (for collecting outcomes and traces in tests and reports). The
 * program is in the execution's final state during the call. Parallel explorers call it from their worker threads
 * (see {@link ParallelExplorer}).
 */
public interface ExecutionListener {
    /**
     * @param schedule the processes in step order, valid until the method returns
     * @param length   how many steps
     * @param maximal  true when the execution is one of the program's complete executions and the program's state is
     *                 a final state; false when it was cut (sleep-set blocked, stopped at a violation) or, for DPOR,
     *                 is redundant (a wait read too early: see {@link DporExplorer})
     */
    void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal);

    ExecutionListener NONE = (program, schedule, length, violations, maximal) -> {
    };
}
