package mprogsim.scheduler;

/** A schedule that cannot be replayed on this program: the message names the step and says why. */
public final class ScheduleMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The step (from 0) that cannot be taken. */
    public final int step;
    /** The process that step names. */
    public final int process;

    public ScheduleMismatchException(int step, int process, String message) {
        super(message);
        this.step = step;
        this.process = process;
    }
}
