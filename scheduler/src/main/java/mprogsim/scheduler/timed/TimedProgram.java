package mprogsim.scheduler.timed;

import mprogsim.scheduler.Program;

/**
 * A program that can run in virtual time: each next step has a kind (whose duration the timing model draws),
 * some steps start a new activity that waits for its arrival time (a reader's pass, a writer's op), and steps may
 * open or close named spans whose lengths become latency histograms. Gauges are sampled after every step.
 */
public interface TimedProgram extends Program {
    /** Names of the step kinds; {@link #stepKind} indexes this array. */
    String[] stepKinds();

    /** The kind of p's next step. Valid when p is not DONE. */
    int stepKind(int p);

    /** Whether p's next step starts a new activity that waits for p's next arrival. */
    boolean startsArrival(int p);

    /** p makes no more arrivals (its stream has reached the horizon): it finishes at its next activity boundary. */
    void retire(int p);

    /** Names of the spans; {@link #spanMarks} uses bit 2i to open span i and bit 2i+1 to close it. */
    String[] spanNames();

    /** The spans p's next step opens and closes. */
    long spanMarks(int p);

    /** Names of the gauges sampled after each step. */
    String[] gaugeNames();

    long gauge(int i);
}
