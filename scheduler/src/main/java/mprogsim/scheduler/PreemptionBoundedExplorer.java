package mprogsim.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every execution with at most {@code bound} preemptions, depth first: a context switch away from a process that is
 * still enabled is a preemption; a switch away from one that blocked or finished is free. At each step the process
 * that just ran comes first, then the others in index order, so the executions with the fewest preemptions along
 * each branch come first. No partial-order reduction: combining a preemption bound with DPOR naively is unsound
 * (Coons, Musuvathi, McKinley, OOPSLA 2013, show why), and this explorer is the sound reference for bounded search.
 * The number of executions grows polynomially with the program's length for a fixed bound.
 *
 * <p>Split into the subtrees under the first few steps (in depth-first order), so that threads and shards explore
 * exactly the sequential run's executions.
 */
public final class PreemptionBoundedExplorer implements ParallelExplorer {
    /** The split aims at this many subtrees. */
    static final int TASKS = 64;
    private static final int MAX_SPLIT_DEPTH = 12;

    private final int bound;

    public PreemptionBoundedExplorer(int bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("preemption bound must not be negative, not " + bound);
        }
        this.bound = bound;
    }

    @Override
    public String name() {
        return "preemption-bounded";
    }

    public int bound() {
        return bound;
    }

    /** A subtree: the steps leading to it, and the preemptions they used. */
    private record Task(int[] prefix, int preemptions) {
    }

    @Override
    public ExplorationResult explore(Supplier<? extends Program> programs, Budget budget, RunOptions options,
                                     ExecutionListener listener) {
        Program first = programs.get();
        List<Task> tasks = split(first, budget);
        UnitWork work = new UnitWork() {
            @Override
            public long units() {
                return tasks.size();
            }

            @Override
            public ExplorationResult run(Program program, long unit, Budget unitBudget, ExecutionListener l,
                                         UnitContext context) {
                Task t = tasks.get((int) unit);
                return exploreFrom(program, t.prefix, t.preemptions, unitBudget, l, context);
            }
        };
        ExplorationResult r = SplitRunner.run(name(), "preemption-bounded bound=" + bound + " tasks=" + tasks.size(),
                work, first, programs, budget, options, listener);
        r.preemptionBound = bound;
        return r;
    }

    /** The ordered choices at the current state: the process that just ran first when enabled, then the others. */
    private static int candidates(Program program, int last, int[] out) {
        int count = 0;
        int n = program.processes();
        if (last >= 0 && program.status(last) == Program.ENABLED) {
            out[count++] = last;
        }
        for (int q = 0; q < n; q++) {
            if (q != last && program.status(q) == Program.ENABLED) {
                out[count++] = q;
            }
        }
        return count;
    }

    /** How many of the candidates may be taken: only the running process once the bound is used up. */
    private int allowed(int count, boolean lastEnabled, int preemptions) {
        return lastEnabled && preemptions >= bound ? Math.min(1, count) : count;
    }

    /**
     * The subtrees under the first steps, breadth first and level by level until there are {@link #TASKS} of them
     * (kept in depth-first order): each is a prefix and the preemptions it used.
     */
    private List<Task> split(Program program, Budget budget) {
        int n = program.processes();
        int[] cand = new int[n];
        List<Task> level = new ArrayList<>();
        level.add(new Task(new int[0], 0));
        for (int depth = 0; depth < MAX_SPLIT_DEPTH && level.size() < TASKS; depth++) {
            List<Task> next = new ArrayList<>();
            boolean expanded = false;
            for (Task t : level) {
                if (t.prefix.length < depth) {
                    next.add(t);    // ended earlier: a whole execution
                    continue;
                }
                program.reset();
                long violations = 0;
                for (int p : t.prefix) {
                    program.step(p);
                    violations = program.violations();
                }
                int last = t.prefix.length == 0 ? -1 : t.prefix[t.prefix.length - 1];
                int count = candidates(program, last, cand);
                boolean lastEnabled = count > 0 && cand[0] == last;
                int allowed = allowed(count, lastEnabled, t.preemptions);
                if (allowed == 0 || (violations != 0 && budget.stopOnViolation())) {
                    next.add(t);
                    continue;
                }
                for (int c = 0; c < allowed; c++) {
                    int[] prefix = Arrays.copyOf(t.prefix, t.prefix.length + 1);
                    prefix[t.prefix.length] = cand[c];
                    next.add(new Task(prefix, t.preemptions + (c > 0 && lastEnabled ? 1 : 0)));
                }
                expanded = true;
            }
            level = next;
            if (!expanded) {
                break;
            }
        }
        return level;
    }

    /** Depth-first search of the executions extending the prefix. */
    private ExplorationResult exploreFrom(Program program, int[] prefix, int prefixPreemptions, Budget budget,
                                          ExecutionListener listener, UnitWork.UnitContext context) {
        ExplorationResult r = new ExplorationResult();
        r.strategy = name();
        long start = System.nanoTime();
        long deadline = budget.deadlineNanos(start);
        int n = program.processes();
        int fixed = prefix.length;
        int[] schedule = Arrays.copyOf(prefix, Math.max(256, fixed * 2));
        int[] choice = new int[schedule.length];
        int[] allowedAt = new int[schedule.length];
        int[] preemptionsAt = new int[schedule.length + 1];   // preemptions before the step at each depth
        int[] cand = new int[n];
        preemptionsAt[fixed] = prefixPreemptions;
        int replayTo = fixed;    // the steps up to here are replayed as they are
        while (true) {
            program.reset();
            int depth = 0;
            long violations = 0;
            boolean maximal = true;
            for (; depth < replayTo; depth++) {
                program.step(schedule[depth]);
            }
            r.steps += replayTo;
            violations = program.violations();
            if (violations != 0 && budget.stopOnViolation()) {
                maximal = false;    // only a task's own prefix can end at a violation: the split stopped there
            } else {
                while (true) {
                    int last = depth == 0 ? -1 : schedule[depth - 1];
                    int count = candidates(program, last, cand);
                    if (count == 0) {
                        break;
                    }
                    boolean lastEnabled = cand[0] == last;
                    if (depth == schedule.length) {
                        int c = depth * 2;
                        schedule = Arrays.copyOf(schedule, c);
                        choice = Arrays.copyOf(choice, c);
                        allowedAt = Arrays.copyOf(allowedAt, c);
                        preemptionsAt = Arrays.copyOf(preemptionsAt, c + 1);
                    }
                    // The step where the last backtrack happened takes its next choice; new steps take the first.
                    int want;
                    if (depth == replayTo) {
                        want = choice[depth];
                    } else {
                        choice[depth] = 0;
                        want = 0;
                    }
                    allowedAt[depth] = allowed(count, lastEnabled, preemptionsAt[depth]);
                    int p = cand[want];
                    schedule[depth] = p;
                    preemptionsAt[depth + 1] = preemptionsAt[depth] + (want > 0 && lastEnabled ? 1 : 0);
                    program.step(p);
                    r.steps++;
                    depth++;
                    violations = program.violations();
                    if (violations != 0 && budget.stopOnViolation()) {
                        maximal = false;
                        break;
                    }
                }
            }
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
            // Backtrack to the deepest free step with an untried allowed choice.
            int d = depth - 1;
            while (d >= fixed && choice[d] + 1 >= allowedAt[d]) {
                d--;
            }
            if (d < fixed) {
                r.complete = true;
                break;
            }
            choice[d]++;
            replayTo = d;
            if (r.executions >= budget.maxExecutions()) {
                r.stopReason = "execution limit";
                break;
            }
            if ((r.executions & 15) == 0) {
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
        r.preemptionBound = bound;
        r.elapsedNanos = System.nanoTime() - start;
        return r;
    }
}
