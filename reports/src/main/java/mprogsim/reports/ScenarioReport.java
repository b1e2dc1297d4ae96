package mprogsim.reports;

import java.util.List;
import java.util.Objects;

/**
 * What running one scenario showed, independent of how it was run.
 *
 * @param file            the scenario file as the user named it
 * @param description     free text from the file, or null
 * @param met             whether the scenario met its expectation
 * @param foundInvariants the invariants the reported execution broke, in the format's order; empty when none
 * @param strategy        how it was explored ("dpor", "dfs", "sequential", "replay", ...)
 * @param seconds         wall-clock time of the run, or null when not measured; writers leave it out of
 *                        deterministic output
 * @param complete        whether the exploration covered everything it meant to
 * @param stopReason      why the exploration stopped early ("violation", "time limit", ...), or null when it did
 *                        not or the reason is not known
 * @param details         the lines that explain the verdict, without the trace and schedule carried below
 * @param schedule        the printable schedule of the reported execution, or null
 * @param trace           the reported execution step by step, or null
 * @param timedRuns       what each run measured, for a scenario run in virtual time; empty otherwise
 * @param stateful        what a stateful search stored and did, or null for the other strategies
 */
public record ScenarioReport(String name, String file, String description, boolean met, Expected expected,
                             List<String> foundInvariants, String strategy, long executions, long steps,
                             Double seconds, boolean complete, String stopReason, List<String> details,
                             String schedule, TraceReport trace, List<TimedMetrics> timedRuns,
                             StatefulSearch stateful) {
    /** A report without the figures of a stateful search. */
    public ScenarioReport(String name, String file, String description, boolean met, Expected expected,
                          List<String> foundInvariants, String strategy, long executions, long steps,
                          Double seconds, boolean complete, String stopReason, List<String> details,
                          String schedule, TraceReport trace, List<TimedMetrics> timedRuns) {
        this(name, file, description, met, expected, foundInvariants, strategy, executions, steps, seconds, complete,
                stopReason, details, schedule, trace, timedRuns, null);
    }

    public ScenarioReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(strategy, "strategy");
        foundInvariants = List.copyOf(foundInvariants);
        details = List.copyOf(details);
        timedRuns = List.copyOf(timedRuns);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Names the fields of a report with many of them; only name, expected and strategy have no default. */
    public static final class Builder {
        private final String name;
        private String file = "";
        private String description;
        private boolean met;
        private Expected expected = Expected.pass();
        private List<String> foundInvariants = List.of();
        private String strategy = "";
        private long executions;
        private long steps;
        private Double seconds;
        private boolean complete;
        private String stopReason;
        private List<String> details = List.of();
        private String schedule;
        private TraceReport trace;
        private List<TimedMetrics> timedRuns = List.of();
        private StatefulSearch stateful;

        private Builder(String name) {
            this.name = name;
        }

        public Builder file(String v) {
            file = v;
            return this;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public Builder met(boolean v) {
            met = v;
            return this;
        }

        public Builder expected(Expected v) {
            expected = v;
            return this;
        }

        public Builder foundInvariants(List<String> v) {
            foundInvariants = v;
            return this;
        }

        public Builder strategy(String v) {
            strategy = v;
            return this;
        }

        public Builder executions(long v) {
            executions = v;
            return this;
        }

        public Builder steps(long v) {
            steps = v;
            return this;
        }

        public Builder seconds(Double v) {
            seconds = v;
            return this;
        }

        public Builder complete(boolean v) {
            complete = v;
            return this;
        }

        public Builder stopReason(String v) {
            stopReason = v;
            return this;
        }

        public Builder details(List<String> v) {
            details = v;
            return this;
        }

        public Builder schedule(String v) {
            schedule = v;
            return this;
        }

        public Builder trace(TraceReport v) {
            trace = v;
            return this;
        }

        public Builder timedRuns(List<TimedMetrics> v) {
            timedRuns = v;
            return this;
        }

        public Builder stateful(StatefulSearch v) {
            stateful = v;
            return this;
        }

        public ScenarioReport build() {
            return new ScenarioReport(name, file, description, met, expected, foundInvariants, strategy, executions,
                    steps, seconds, complete, stopReason, details, schedule, trace, timedRuns, stateful);
        }
    }
}
