package mprogsim.scenario;

/** The {@code explore} section: how to explore the scenario's interleavings. */
public record ExploreSpec(String strategy, long seed, long executions, int pctDepth, Integer preemptionBound,
                          double timeLimitSeconds, String schedule) {
    public static final ExploreSpec DEFAULT = new ExploreSpec("exhaustive", 0, 10_000, 3, null, 60, null);

    public ExploreSpec withPctDepth(int depth) {
        return new ExploreSpec(strategy, seed, executions, depth, preemptionBound, timeLimitSeconds, schedule);
    }

    /** A replay of one schedule string, the rest kept. */
    public ExploreSpec asReplay(String schedule) {
        return new ExploreSpec("replay", seed, executions, pctDepth, preemptionBound, timeLimitSeconds, schedule);
    }
}
