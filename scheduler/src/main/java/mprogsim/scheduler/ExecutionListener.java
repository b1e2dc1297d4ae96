package mprogsim.scheduler;

/** Told about every execution an explorer finishes (for collecting outcomes and traces in tests and reports). */
public interface ExecutionListener {
    /**
     * @param schedule the processes in step order, valid until the method returns
     * @param length   how many steps
     * @param maximal  false when the execution was cut (sleep-set blocked, or stopped at a violation)
     */
    void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal);

    ExecutionListener NONE = (program, schedule, length, violations, maximal) -> {
    };
}
