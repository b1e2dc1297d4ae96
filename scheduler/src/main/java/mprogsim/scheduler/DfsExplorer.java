package mprogsim.scheduler;

/**
 * Plain depth-first search over every interleaving: at each step, every enabled process in turn. The reference the
 * reduced strategies are checked against; exponential, so only for small programs.
 */
public final class DfsExplorer implements Explorer {
    private static final int[] NO_PREFIX = new int[0];

    @Override
    public String name() {
        return "dfs";
    }

    @Override
    public ExplorationResult explore(Program program, Budget budget, ExecutionListener listener) {
        return DepthFirstSearch.explore(name(), program, NO_PREFIX, DfsExplorer::enabled, budget, listener, null, 0);
    }

    /** Every enabled process, in index order. */
    private static int enabled(Program program, int[] schedule, int depth, int[] out) {
        int count = 0;
        for (int p = 0; p < program.processes(); p++) {
            if (program.status(p) == Program.ENABLED) {
                out[count++] = p;
            }
        }
        return count;
    }
}
