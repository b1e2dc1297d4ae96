package mprogsim.scheduler;

import java.util.Arrays;

/**
 * Counts Mazurkiewicz traces without any partial-order reduction machinery: a depth-first search that only extends
 * an execution with steps that keep it in lexicographic normal form (Anisimov and Knuth: a word is in normal form
 * iff it has no factor {@code b u a} with {@code a < b} where {@code a} commutes with {@code b} and with all of
 * {@code u}). Every trace has exactly one normal form, so the maximal executions this explorer reaches are one per
 * trace. It is an independent check of DPOR's optimality on scenarios too large for plain DFS; like DPOR it relies
 * on the footprints being right.
 */
public final class NormalFormExplorer implements Explorer {
    @Override
    public String name() {
        return "normal-form";
    }

    @Override
    public ExplorationResult explore(Program program, Budget budget, ExecutionListener listener) {
        return DepthFirstSearch.explore(name(), program, new int[0], new NormalForms(program), budget, listener, null,
                0);
    }

    /** The enabled processes whose step keeps the schedule in normal form, with the footprint of every step taken. */
    private static final class NormalForms implements DepthFirstSearch.Branching {
        private final int max;
        private final long[] scratch;
        private long[] fp = new long[0];
        private int[] fpLen = new int[0];

        NormalForms(Program program) {
            max = program.maxFootprint();
            scratch = new long[max];
        }

        @Override
        public int candidates(Program program, int[] schedule, int depth, int[] out) {
            int count = 0;
            boolean anyEnabled = false;
            for (int p = 0; p < program.processes(); p++) {
                if (program.status(p) != Program.ENABLED) {
                    continue;
                }
                anyEnabled = true;
                int len = program.footprint(p, scratch, 0);
                if (keepsNormalForm(p, scratch, len, schedule, fp, fpLen, depth, max)) {
                    out[count++] = p;
                }
            }
            return count == 0 && anyEnabled ? DEAD_END : count;
        }

        @Override
        public void taking(Program program, int depth, int process, int choice) {
            fpLen[depth] = program.footprint(process, fp, depth * max);
        }

        @Override
        public void grow(int capacity) {
            fp = Arrays.copyOf(fp, capacity * max);
            fpLen = Arrays.copyOf(fpLen, capacity);
        }
    }

    /** Whether appending (p, fp) leaves no earlier step of a higher process that it could have preceded. */
    private static boolean keepsNormalForm(int p, long[] a, int aLen, int[] schedule, long[] fp, int[] fpLen,
                                           int depth, int max) {
        for (int j = depth - 1; j >= 0; j--) {
            int q = schedule[j];
            if (q == p || Footprint.conflict(a, 0, aLen, fp, j * max, fpLen[j])) {
                return true;
            }
            if (q > p) {
                return false;
            }
        }
        return true;
    }
}
