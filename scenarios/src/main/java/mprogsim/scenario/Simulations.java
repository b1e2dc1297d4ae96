package mprogsim.scenario;

import mprogsim.model.sim.TcxSimulation;

/** Builds the step simulator a scenario runs on, the same way for its run and for every replay of it. */
public final class Simulations {
    private Simulations() {
    }

    /**
     * Timed runs (and replays of their schedules) reuse memory and apply the timing section's streams. Every
     * invariant ends an execution, whichever the file expects.
     */
    public static TcxSimulation of(Scenario s) {
        String strategy = s.explore().strategy();
        return of(s, strategy.equals("timed") || (strategy.equals("replay") && s.timing() != null));
    }

    /** As {@link #of(Scenario)}, for a run in virtual time ({@code timed}) or not, whatever the file says. */
    public static TcxSimulation of(Scenario s, boolean timed) {
        TcxSimulation sim = new TcxSimulation(SimConfigs.of(s), timed || s.timing() != null);
        if (timed) {
            TimedRun.configureStreams(s, sim);
        }
        return sim;
    }
}
