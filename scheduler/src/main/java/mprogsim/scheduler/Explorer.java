package mprogsim.scheduler;

/** A strategy for choosing interleavings: plain DFS, DPOR, replay, random, PCT... One class each. */
public interface Explorer {
    String name();

    ExplorationResult explore(Program program, Budget budget, ExecutionListener listener);
}
