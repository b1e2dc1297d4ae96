package mprogsim.scheduler;

import java.util.Arrays;

/**
 * The depth-first search that plain DFS, the normal-form search and the preemption-bounded search share. Each
 * execution starts from the initial state, replays the steps it keeps from the last one and extends them; at every
 * new depth the explorer's {@link Branching} lists the processes that may take the step, in the order they are
 * tried, and the search takes the first; on the way back it takes the next untried one at the deepest depth that
 * has one. What the three differ in is only that list: every enabled process (DFS), those that keep the schedule in
 * normal form, or the running process first and no preemption beyond the bound.
 *
 * <p>An execution ends when no process may move (a maximal one: the end-of-execution checks run) or, when the
 * budget says so, at its first violating step. A depth where processes are enabled but the branching allows none
 * is a dead end, not an execution: nothing is counted or reported.
 */
final class DepthFirstSearch {
    /** An explorer's choice of the processes that may take each step, with whatever it keeps per depth. */
    interface Branching {
        /** {@link #candidates} returns this when processes are enabled but none may take the step. */
        int DEAD_END = -1;

        /**
         * Writes into {@code out} the processes that may take the step at {@code depth}, in the order they are to
         * be tried, and returns how many: 0 when none is enabled (the execution is maximal), or {@link #DEAD_END}.
         * {@code schedule[0..depth)} are the steps taken so far.
         */
        int candidates(Program program, int[] schedule, int depth, int[] out);

        /** Told just before {@code out[choice]} of the last {@link #candidates} call takes the step at depth. */
        default void taking(Program program, int depth, int process, int choice) {
        }

        /** Makes room for depths below {@code capacity}. */
        default void grow(int capacity) {
        }
    }

    private DepthFirstSearch() {
    }

    /**
     * Every execution extending {@code prefix} (replayed as it is, never branched on), depth first.
     *
     * @param timeCheckMask the deadline (and the context's cancellation) is checked after executions whose count
     *                      has these bits clear: 0 checks after every execution
     * @param context       cancellation of a split run's unit; null for none
     */
    static ExplorationResult explore(String name, Program program, int[] prefix, Branching branching, Budget budget,
                                     ExecutionListener listener, UnitWork.UnitContext context, int timeCheckMask) {
        ExplorationResult r = new ExplorationResult();
        r.strategy = name;
        long start = System.nanoTime();
        long deadline = budget.deadlineNanos(start);
        boolean stop = budget.stopOnViolation();
        int fixed = prefix.length;
        int capacity = Math.max(256, fixed * 2);
        int[] schedule = Arrays.copyOf(prefix, capacity);
        int[] choice = new int[capacity];       // the index among the candidates taken at each depth
        int[] choices = new int[capacity];      // how many candidates each depth had
        int[] cand = new int[program.processes()];
        branching.grow(capacity);
        int replayTo = fixed;                   // the steps up to here are replayed as they are
        while (true) {
            program.reset();
            int depth = 0;
            for (; depth < replayTo; depth++) {
                program.step(schedule[depth]);
            }
            r.steps += replayTo;
            long violations = program.violations();
            // Only a split unit's own prefix can end at a violation here: the split stopped there.
            boolean maximal = violations == 0 || !stop;
            boolean deadEnd = false;
            while (maximal) {
                int count = branching.candidates(program, schedule, depth, cand);
                if (count == 0) {
                    break;
                }
                if (count == Branching.DEAD_END) {
                    deadEnd = true;
                    break;
                }
                if (depth == schedule.length) {
                    int c = depth * 2;
                    schedule = Arrays.copyOf(schedule, c);
                    choice = Arrays.copyOf(choice, c);
                    choices = Arrays.copyOf(choices, c);
                    branching.grow(c);
                }
                // The depth where the last backtrack happened takes its next choice; new depths take the first.
                if (depth != replayTo) {
                    choice[depth] = 0;
                }
                choices[depth] = count;
                int p = cand[choice[depth]];
                branching.taking(program, depth, p, choice[depth]);
                schedule[depth] = p;
                program.step(p);
                r.steps++;
                depth++;
                violations = program.violations();
                if (violations != 0 && stop) {
                    maximal = false;
                }
            }
            if (!deadEnd) {
                if (maximal) {
                    violations |= program.finish();
                }
                r.executions++;
                listener.executionEnded(program, schedule, depth, violations, maximal);
                if (violations != 0) {
                    r.noteViolation(violations, schedule, depth, r.executions - 1, System.nanoTime() - start);
                    if (stop) {
                        r.stopReason = "violation";
                        break;
                    }
                }
            }
            // Back to the deepest depth with an untried candidate.
            int d = depth - 1;
            while (d >= fixed && choice[d] + 1 >= choices[d]) {
                d--;
            }
            if (d < fixed) {
                r.complete = true;
                break;
            }
            choice[d]++;
            replayTo = d;
            if (deadEnd) {
                continue;
            }
            if (r.executions >= budget.maxExecutions()) {
                r.stopReason = "execution limit";
                break;
            }
            if ((r.executions & timeCheckMask) == 0) {
                if (System.nanoTime() > deadline) {
                    r.stopReason = "time limit";
                    break;
                }
                if (context != null && context.cancelled()) {
                    r.stopReason = "cancelled";
                    break;
                }
            }
        }
        r.elapsedNanos = System.nanoTime() - start;
        return r;
    }
}
