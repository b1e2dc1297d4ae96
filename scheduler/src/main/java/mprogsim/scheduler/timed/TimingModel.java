package mprogsim.scheduler.timed;

/**
 * Durations and arrivals for one timed run: a distribution per step kind of the program, optional arrivals per
 * process, and the sampling interval of gauge series.
 */
public record TimingModel(Distribution[] byKind, Arrivals[] arrivals, int seriesPoints) {
}
