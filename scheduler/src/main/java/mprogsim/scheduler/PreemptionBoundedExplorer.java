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
        ExplorationResult r = DepthFirstSearch.explore(name(), program, prefix,
                new Bounded(prefix.length, prefixPreemptions), budget, listener, context, 15);
        r.preemptionBound = bound;
        return r;
    }

    /** The candidates in order, cut to the running process once the bound is used up; the preemptions per depth. */
    private final class Bounded implements DepthFirstSearch.Branching {
        private int[] preemptionsAt = new int[1];    // preemptions before the step at each depth
        private boolean lastEnabled;

        Bounded(int fixed, int prefixPreemptions) {
            grow(fixed + 1);
            preemptionsAt[fixed] = prefixPreemptions;
        }

        @Override
        public int candidates(Program program, int[] schedule, int depth, int[] out) {
            int last = depth == 0 ? -1 : schedule[depth - 1];
            int count = PreemptionBoundedExplorer.candidates(program, last, out);
            lastEnabled = count > 0 && out[0] == last;
            return allowed(count, lastEnabled, preemptionsAt[depth]);
        }

        @Override
        public void taking(Program program, int depth, int process, int choice) {
            preemptionsAt[depth + 1] = preemptionsAt[depth] + (choice > 0 && lastEnabled ? 1 : 0);
        }

        @Override
        public void grow(int capacity) {
            if (capacity + 1 > preemptionsAt.length) {
                preemptionsAt = Arrays.copyOf(preemptionsAt, capacity + 1);
            }
        }
    }
}
