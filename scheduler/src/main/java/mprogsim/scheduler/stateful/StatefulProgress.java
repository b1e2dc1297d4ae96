package mprogsim.scheduler.stateful;

/**
 * A snapshot of a running stateful search.
 *
 * @param phase        "dfs", "bfs" (the breadth-first search, or the search for the shortest counterexample after
 *                     a depth-first one found a violation) or "split" (the top of the tree, for shards)
 * @param statesStored states in the visited set
 * @param statesMatched successors found already stored
 * @param transitions  steps taken
 * @param elapsedNanos time since the search started
 * @param depth        depth-first: the deepest stack of any worker now; breadth-first: the level being expanded
 * @param queued       breadth-first: states in the level being expanded; depth-first: tasks waiting to be taken
 */
public record StatefulProgress(String phase, long statesStored, long statesMatched, long transitions,
                               long elapsedNanos, int depth, long queued) {
    public double statesPerSecond() {
        return elapsedNanos <= 0 ? 0 : statesStored / (elapsedNanos / 1e9);
    }

    public double transitionsPerSecond() {
        return elapsedNanos <= 0 ? 0 : transitions / (elapsedNanos / 1e9);
    }

    /** One status line. */
    public String line() {
        return String.format("%s: %,d states stored, %,d matched, %,d transitions, %,.0f states/s, %s %d, %s %,d",
                phase, statesStored, statesMatched, transitions, statesPerSecond(),
                phase.equals("dfs") ? "stack depth" : "level", depth, phase.equals("dfs") ? "tasks queued" : "queue",
                queued);
    }
}
