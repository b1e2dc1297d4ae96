package mprogsim.scheduler;

import java.util.function.Supplier;

/**
 * A strategy that can use several threads and be split into shards. It needs one program instance per thread:
 * {@code programs} must return identical, independent instances (it is called once per worker, from the calling
 * thread). The result does not depend on the number of threads or shards: the same verdict, the same reported
 * counterexample, the same counts (see docs/exploration.md), except where a time limit cut the run.
 *
 * <p>With more than one thread the listener is called from the worker threads, concurrently, each time with that
 * worker's program; it must be thread-safe. Executions of work discarded after the first violation (when the budget
 * stops there) may be reported to it too, although they are not counted.
 */
public interface ParallelExplorer extends Explorer {
    ExplorationResult explore(Supplier<? extends Program> programs, Budget budget, RunOptions options,
                              ExecutionListener listener);

    /** One thread, one shard, on this program. */
    @Override
    default ExplorationResult explore(Program program, Budget budget, ExecutionListener listener) {
        return explore(() -> program, budget, RunOptions.single(), listener);
    }
}
