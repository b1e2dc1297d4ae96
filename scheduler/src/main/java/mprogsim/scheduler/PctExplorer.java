package mprogsim.scheduler;

import java.util.SplittableRandom;

/**
 * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010) with depth d: each
 * execution gives the n processes distinct random priorities d..d+n-1, draws d-1 change points among steps 1..k
 * (the i-th with priority i, below every initial one), always runs the enabled process with the highest priority,
 * and when the step at a change point has run, lowers the priority of the process that ran it to the change point's.
 * A bug of depth d is found by one execution with probability at least 1/(n k^(d-1)).
 *
 * <p>k, the number of steps of an execution, is estimated before the run from a few uniformly random executions
 * drawn from the seed (the longest of them), so that every execution can be re-run on its own and the run split
 * across threads and shards; it can also be given. The result records it ({@link ExplorationResult#pctSteps}).
 */
public final class PctExplorer extends RandomizedExplorer {
    /** Uniformly random executions run to estimate k. */
    static final int CALIBRATION_RUNS = 8;
    private static final long CALIBRATION_SALT = 0x5043545F4B53544CL;

    private final int depth;
    private final long givenSteps;
    private volatile long steps;

    /** k estimated from the program. */
    public PctExplorer(long seed, int depth) {
        this(seed, depth, 0);
    }

    /** @param steps k, the step count change points are drawn from; 0 to estimate it */
    public PctExplorer(long seed, int depth, long steps) {
        super(seed);
        if (depth < 1) {
            throw new IllegalArgumentException("PCT depth must be at least 1, not " + depth);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("PCT steps must not be negative");
        }
        this.depth = depth;
        this.givenSteps = steps;
        this.steps = steps;
    }

    @Override
    public String name() {
        return "pct";
    }

    /** k as used by the last run (or as given). */
    public long steps() {
        return steps;
    }

    @Override
    void prepare(Program program, Budget budget) {
        if (givenSteps > 0) {
            steps = givenSteps;
            return;
        }
        long longest = 1;
        int n = program.processes();
        int[] enabled = new int[n];
        for (int c = 0; c < CALIBRATION_RUNS; c++) {
            SplittableRandom random = new SplittableRandom(executionSeed(seed ^ CALIBRATION_SALT, c));
            program.reset();
            long length = 0;
            while (true) {
                int count = enabledProcesses(program, enabled);
                if (count == 0) {
                    break;
                }
                program.step(enabled[random.nextInt(count)]);
                length++;
            }
            longest = Math.max(longest, length);
        }
        steps = longest;
    }

    @Override
    String plan(Budget budget) {
        return "pct seed=" + seed + " depth=" + depth + " steps=" + steps + " executions=" + budget.maxExecutions()
                + " chunk=" + CHUNK;
    }

    @Override
    void describe(ExplorationResult r) {
        super.describe(r);
        r.pctDepth = depth;
        r.pctSteps = steps;
    }

    @Override
    Chooser chooser(Program program, Budget budget) {
        long k = steps;
        int changes = depth - 1;
        return new Chooser() {
            private int[] priority = new int[0];
            private final long[] changeAt = new long[changes];

            @Override
            void start(SplittableRandom random, int processes) {
                if (priority.length != processes) {
                    priority = new int[processes];
                }
                // A random permutation of d..d+n-1 (Fisher-Yates).
                for (int q = 0; q < processes; q++) {
                    priority[q] = depth + q;
                }
                for (int q = processes - 1; q > 0; q--) {
                    int j = random.nextInt(q + 1);
                    int t = priority[q];
                    priority[q] = priority[j];
                    priority[j] = t;
                }
                // Distinct change points in 1..k when there are enough steps; the i-th lowers to priority i+1.
                for (int i = 0; i < changes; i++) {
                    long at;
                    boolean fresh;
                    int tries = 0;
                    do {
                        at = 1 + random.nextLong(Math.max(1, k));
                        fresh = true;
                        for (int j = 0; j < i; j++) {
                            fresh &= changeAt[j] != at;
                        }
                    } while (!fresh && ++tries < 64 && k >= changes);
                    changeAt[i] = at;
                }
            }

            @Override
            int choose(int[] enabled, int count, int step) {
                int best = enabled[0];
                for (int i = 1; i < count; i++) {
                    if (priority[enabled[i]] > priority[best]) {
                        best = enabled[i];
                    }
                }
                // The step about to run is step+1; at a change point, its process drops afterwards.
                long number = step + 1L;
                for (int i = 0; i < changes; i++) {
                    if (changeAt[i] == number) {
                        priority[best] = i + 1;
                    }
                }
                return best;
            }
        };
    }
}
