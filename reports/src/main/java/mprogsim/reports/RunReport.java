package mprogsim.reports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The results of one run of the checker, in run order.
 *
 * @param startedAt wall-clock start of the run, or null when unknown; writers leave it out of deterministic output
 */
public record RunReport(String tool, String toolVersion, Instant startedAt, List<ScenarioReport> scenarios) {
    public RunReport {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(toolVersion, "toolVersion");
        scenarios = List.copyOf(scenarios);
    }

    public int met() {
        return (int) scenarios.stream().filter(ScenarioReport::met).count();
    }

    public int notMet() {
        return scenarios.size() - met();
    }

    /** The sum of the scenarios' measured times, or null when some scenario has none. */
    public Double totalSeconds() {
        double sum = 0;
        for (ScenarioReport s : scenarios) {
            if (s.seconds() == null) {
                return null;
            }
            sum += s.seconds();
        }
        return sum;
    }
}
