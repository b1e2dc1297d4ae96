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
        ExplorationResult r = new ExplorationResult();
        r.strategy = name();
        long start = System.nanoTime();
        long deadline = budget.deadlineNanos(start);
        int n = program.processes();
        int max = program.maxFootprint();
        int[] schedule = new int[256];
        int[] next = new int[256];          // the process to try next at each depth
        long[] fp = new long[256 * max];
        int[] fpLen = new int[256];
        long[] scratch = new long[max];
        int depth = 0;
        program.reset();
        next[0] = 0;
        while (true) {
            if (depth + 1 >= schedule.length) {
                int c = schedule.length * 2;
                schedule = Arrays.copyOf(schedule, c);
                next = Arrays.copyOf(next, c);
                fpLen = Arrays.copyOf(fpLen, c);
                fp = Arrays.copyOf(fp, c * max);
            }
            int chosen = -1;
            boolean anyEnabled = false;
            for (int p = next[depth]; p < n; p++) {
                if (program.status(p) != Program.ENABLED) {
                    continue;
                }
                anyEnabled = true;
                int len = program.footprint(p, scratch, 0);
                if (keepsNormalForm(p, scratch, len, schedule, fp, fpLen, depth, max)) {
                    chosen = p;
                    System.arraycopy(scratch, 0, fp, depth * max, len);
                    fpLen[depth] = len;
                    break;
                }
            }
            if (next[depth] == 0) {
                for (int p = 0; p < n && !anyEnabled; p++) {
                    anyEnabled = program.status(p) == Program.ENABLED;
                }
            }
            if (chosen >= 0) {
                schedule[depth] = chosen;
                next[depth] = chosen + 1;
                program.step(chosen);
                r.steps++;
                depth++;
                next[depth] = 0;
                long v = program.violations();
                if (v == 0 || !budget.stopOnViolation()) {
                    continue;
                }
                r.executions++;
                listener.executionEnded(program, schedule, depth, v, false);
                if (r.violation == 0) {
                    r.violation = v;
                    r.violatingSchedule = Arrays.copyOf(schedule, depth);
                    r.violationExecution = r.executions - 1;
                    r.violationNanos = System.nanoTime() - start;
                }
                r.stopReason = "violation";
                break;
            }
            if (!anyEnabled && next[depth] == 0) {
                // A maximal execution: every thread finished or none can move.
                long v = program.finish();
                r.executions++;
                listener.executionEnded(program, schedule, depth, v, true);
                if (v != 0 && r.violation == 0) {
                    r.violation = v;
                    r.violatingSchedule = Arrays.copyOf(schedule, depth);
                    r.violationExecution = r.executions - 1;
                    r.violationNanos = System.nanoTime() - start;
                    if (budget.stopOnViolation()) {
                        r.stopReason = "violation";
                        break;
                    }
                }
                if (r.executions >= budget.maxExecutions()) {
                    r.stopReason = "execution limit";
                    break;
                }
                if (System.nanoTime() > deadline) {
                    r.stopReason = "time limit";
                    break;
                }
            }
            // Backtrack: go up one level and replay the prefix.
            if (depth == 0) {
                r.complete = true;
                break;
            }
            depth--;
            program.reset();
            for (int i = 0; i < depth; i++) {
                program.step(schedule[i]);
            }
            r.steps += depth;
        }
        r.elapsedNanos = System.nanoTime() - start;
        return r;
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
