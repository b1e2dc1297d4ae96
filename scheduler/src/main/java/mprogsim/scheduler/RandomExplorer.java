package mprogsim.scheduler;

import java.util.SplittableRandom;

/**
 * Random exploration: at every step a process chosen uniformly among the enabled ones. Seeded: the same seed gives
 * the same executions, execution i on its own as well (see {@link RandomizedExplorer#executionSeed}).
 */
public final class RandomExplorer extends RandomizedExplorer {
    public RandomExplorer(long seed) {
        super(seed);
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    String plan(Budget budget) {
        return "random seed=" + seed + " executions=" + budget.maxExecutions() + " chunk=" + CHUNK;
    }

    @Override
    Chooser chooser(Program program, Budget budget) {
        return new Chooser() {
            private SplittableRandom random;

            @Override
            void start(SplittableRandom random, int processes) {
                this.random = random;
            }

            @Override
            int choose(int[] enabled, int count, int step) {
                return enabled[random.nextInt(count)];
            }
        };
    }
}
