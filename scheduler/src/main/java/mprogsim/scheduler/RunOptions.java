package mprogsim.scheduler;

/**
 * How a run uses the machines: threads in this process, and which shard it is of a run split over several
 * processes or machines ({@code shardIndex} of {@code shardCount}, from 0); and how often to report progress. The
 * results of the shards of one run, merged with {@link ExplorationResult#merge}, are the result of the whole run,
 * whatever the number of threads or shards.
 */
public record RunOptions(int threads, int shardIndex, int shardCount, ProgressListener progress,
                         long progressIntervalNanos) {
    public RunOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
            throw new IllegalArgumentException("shard " + shardIndex + "/" + shardCount
                    + " does not exist: shards are numbered 0 to count-1");
        }
        if (progress == null) {
            progress = ProgressListener.NONE;
        }
        if (progressIntervalNanos < 0) {
            throw new IllegalArgumentException("the progress interval must not be negative");
        }
    }

    public static RunOptions single() {
        return threads(1);
    }

    public static RunOptions threads(int threads) {
        return new RunOptions(threads, 0, 1, ProgressListener.NONE, ProgressListener.INTERVAL_NANOS);
    }

    public RunOptions withShard(int index, int count) {
        return new RunOptions(threads, index, count, progress, progressIntervalNanos);
    }

    public RunOptions withProgress(ProgressListener listener) {
        return new RunOptions(threads, shardIndex, shardCount, listener, progressIntervalNanos);
    }

    public RunOptions withProgressInterval(long nanos) {
        return new RunOptions(threads, shardIndex, shardCount, progress, nanos);
    }
}
