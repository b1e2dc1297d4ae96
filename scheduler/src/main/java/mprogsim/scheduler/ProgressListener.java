package mprogsim.scheduler;

/**
 * Told how a long exploration is going, about once a second (see {@link #INTERVAL_NANOS}), from one thread at a
 * time. Meant for a command line that prints a status line; it must return quickly.
 */
public interface ProgressListener {
    long INTERVAL_NANOS = 1_000_000_000L;

    void progress(Progress progress);

    ProgressListener NONE = p -> {
    };
}
