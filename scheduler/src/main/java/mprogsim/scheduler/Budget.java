package mprogsim.scheduler;

/** Limits of one exploration. A run stopped by a limit is never reported as a complete pass. */
public record Budget(long maxExecutions, double timeLimitSeconds, boolean stopOnViolation) {
    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE, 0, true);
    }

    public long deadlineNanos(long start) {
        return timeLimitSeconds <= 0 ? Long.MAX_VALUE : start + (long) (timeLimitSeconds * 1e9);
    }
}
