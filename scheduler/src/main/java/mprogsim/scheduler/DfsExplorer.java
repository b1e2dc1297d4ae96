package mprogsim.scheduler;

import java.util.Arrays;

/**
 * Plain depth-first search over every interleaving: at each step, every enabled process in turn. The reference the
 * reduced strategies are checked against; exponential, so only for small programs.
 */
public final class DfsExplorer implements Explorer {
    @Override
    public String name() {
        return "dfs";
    }

    @Override
    public ExplorationResult explore(Program program, Budget budget, ExecutionListener listener) {
        ExplorationResult r = new ExplorationResult();
        r.strategy = name();
        long start = System.nanoTime();
        long deadline = budget.deadlineNanos(start);
        int n = program.processes();
        int[] schedule = new int[256];
        int[] choice = new int[256];      // index among enabled processes taken at each depth
        int[] enabledCount = new int[256];
        int prefix = 0;                    // depth up to which the previous choices are replayed
        boolean more = true;
        while (more) {
            program.reset();
            int depth = 0;
            long violations = 0;
            while (true) {
                int count = 0;
                int pick = -1;
                int want = depth < prefix ? choice[depth] : 0;
                for (int p = 0; p < n; p++) {
                    if (program.status(p) == Program.ENABLED) {
                        if (count == want) {
                            pick = p;
                        }
                        count++;
                    }
                }
                if (count == 0) {
                    break;
                }
                if (depth == schedule.length) {
                    schedule = Arrays.copyOf(schedule, depth * 2);
                    choice = Arrays.copyOf(choice, depth * 2);
                    enabledCount = Arrays.copyOf(enabledCount, depth * 2);
                }
                if (depth >= prefix) {
                    choice[depth] = 0;
                }
                enabledCount[depth] = count;
                schedule[depth] = pick;
                program.step(pick);
                r.steps++;
                depth++;
                violations = program.violations();
                if (violations != 0 && budget.stopOnViolation()) {
                    break;
                }
            }
            boolean maximal = violations == 0 || !budget.stopOnViolation();
            if (maximal) {
                violations |= program.finish();
            }
            r.executions++;
            listener.executionEnded(program, schedule, depth, violations, maximal);
            if (violations != 0) {
                r.noteViolation(violations, schedule, depth, r.executions - 1, System.nanoTime() - start);
                if (budget.stopOnViolation()) {
                    r.stopReason = "violation";
                    break;
                }
            }
            // Backtrack to the deepest depth with an untried enabled process.
            int d = depth - 1;
            while (d >= 0 && choice[d] + 1 >= enabledCount[d]) {
                d--;
            }
            if (d < 0) {
                more = false;
                r.complete = true;
            } else {
                choice[d]++;
                prefix = d + 1;
            }
            if (more && r.executions >= budget.maxExecutions()) {
                r.stopReason = "execution limit";
                break;
            }
            if (more && System.nanoTime() > deadline) {
                r.stopReason = "time limit";
                break;
            }
        }
        r.elapsedNanos = System.nanoTime() - start;
        return r;
    }
}
