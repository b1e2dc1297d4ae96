package mprogsim.model.sim;

import java.util.HashSet;
import java.util.Set;
import mprogsim.scheduler.Program;

/**
 * Every interleaving of the simulator, with interleavings that reach the same state merged: a depth-first search over
 * the state graph, keyed by every owner's execution state ({@link TcxSimulation#stateText}). It never looks at a
 * footprint, so the outcomes it finds are those plain DFS would find, at the cost of the distinct states instead of
 * the interleavings. Backtracking replays the path from the initial state.
 */
final class StateGraphSearch {
    private final TcxSimulation sim;
    private final Set<String> visited = new HashSet<>();
    final Set<String> outcomes = new HashSet<>();
    long violations;
    long edges;
    private int[] path = new int[256];

    StateGraphSearch(TcxSimulation sim) {
        this.sim = sim;
    }

    /** Searches until done or until {@code maxStates} distinct states were seen; false when cut short. */
    boolean run(int maxStates) {
        sim.reset();
        visited.add(key());
        return visit(0, maxStates);
    }

    int states() {
        return visited.size();
    }

    private boolean visit(int depth, int maxStates) {
        int n = sim.processes();
        long enabled = 0;
        for (int p = 0; p < n; p++) {
            if (sim.status(p) == Program.ENABLED) {
                enabled |= 1L << p;
            }
        }
        if (enabled == 0) {
            violations |= sim.finish() | sim.allViolations();
            outcomes.add(sim.outcome());
            return true;
        }
        if (depth == path.length) {
            path = java.util.Arrays.copyOf(path, depth * 2);
        }
        boolean first = true;
        for (long m = enabled; m != 0; m &= m - 1) {
            int p = Long.numberOfTrailingZeros(m);
            if (!first) {
                sim.reset();
                for (int i = 0; i < depth; i++) {
                    sim.step(path[i]);
                }
            }
            first = false;
            sim.step(p);
            edges++;
            path[depth] = p;
            if (visited.add(key())) {
                if (visited.size() > maxStates || !visit(depth + 1, maxStates)) {
                    return false;
                }
            }
        }
        return true;
    }

    private String key() {
        StringBuilder sb = new StringBuilder(sim.stateText());
        for (int p = 0; p < sim.processes(); p++) {
            sb.append(sim.status(p));
        }
        return sb.toString();
    }
}
