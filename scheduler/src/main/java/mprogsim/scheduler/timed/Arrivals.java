package mprogsim.scheduler.timed;

/**
 * When a process's activities (a reader's passes, a writer's ops) may start: at given times, or one after another
 * with gaps drawn from a distribution (a rate is an exponential gap), until a horizon. A process without arrivals
 * starts each activity as soon as the previous one ends.
 */
public record Arrivals(long[] atNanos, Distribution gap, long horizonNanos) {
    public static Arrivals at(long[] times, long horizon) {
        return new Arrivals(times, null, horizon);
    }

    public static Arrivals every(Distribution gap, long horizon) {
        return new Arrivals(null, gap, horizon);
    }
}
