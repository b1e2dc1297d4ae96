package mprogsim.scheduler;

/**
 * One step of a replayed execution, for printing a readable trace.
 *
 * @param index       position in the schedule, from 0
 * @param process     the process that moved
 * @param processName its name
 * @param description what the step did ({@link Program#describeNextStep} before it was taken)
 * @param violations  the program's violation bits after the step
 */
public record TraceStep(int index, int process, String processName, String description, long violations) {
}
