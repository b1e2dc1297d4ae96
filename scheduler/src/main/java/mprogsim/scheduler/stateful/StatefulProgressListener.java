package mprogsim.scheduler.stateful;

/** Told how a stateful search is going, about once per interval, from one thread at a time; must return quickly. */
public interface StatefulProgressListener {
    void progress(StatefulProgress progress);

    StatefulProgressListener NONE = p -> {
    };
}
