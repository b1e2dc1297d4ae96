package mprogsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mprogsim.reports.HtmlReportWriter;
import mprogsim.reports.JsonReportWriter;
import mprogsim.reports.JunitXmlReportWriter;
import mprogsim.reports.ReportFiles;
import mprogsim.reports.WallClock;
import mprogsim.scheduler.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options several commands share, declared once (as picocli mixins) with their checks: a budget that cannot
 * mean anything (no executions, a time limit of zero) is refused with exit 2 and a message naming the value.
 */
final class Options {
    private Options() {
    }

    /** How a run explores: what overrides each file's {@code explore}. */
    static final class Explore {
        @Option(names = "--strategy", paramLabel = "NAME", converter = StrategyConverter.class,
                description = "explore every scenario this way instead of its explore.strategy: exhaustive, random or"
                        + " pct")
        String strategy;

        @Option(names = "--explorer", paramLabel = "NAME", converter = ExplorerConverter.class,
                description = "exhaustive explorer: stateful (default: each state once, with sleep sets and reader "
                        + "and writer symmetry), dpor (one execution per Mazurkiewicz trace, the reference), dfs (plain DFS) or "
                        + "normal-form (one execution per trace by lexicographic normal forms)")
        String explorer = mprogsim.scenario.ScenarioRunner.DEFAULT_EXPLORER;

        @Option(names = "--no-symmetry", description = "stateful: do not merge states that differ only in which of "
                + "several identical readers or writers is which")
        boolean noSymmetry;

        @Option(names = "--no-persistent-sets", description = "stateful: expand every state with every process that "
                + "can move, also where one step alone would do (reaches every state, not only every final state and "
                + "violation; slower)")
        boolean noPersistentSets;

        @Option(names = "--exact", description = "stateful: store whole states instead of 64-bit fingerprints (no "
                + "collision probability, more memory)")
        boolean exact;

        @Option(names = "--bfs", description = "stateful: breadth-first (shortest counterexamples directly; holds "
                + "a whole level of states in memory)")
        boolean bfs;

        @Option(names = "--time-limit", paramLabel = "SECONDS", converter = TimeLimitConverter.class,
                description = "override each file's explore.time_limit_s: a positive number of seconds, or none for no"
                        + " limit; checked inside long executions too")
        Double timeLimit;

        @Option(names = "--max-executions", paramLabel = "N", converter = PositiveLongConverter.class,
                description = "stop an exhaustive run after N executions (N at least 1; for the stateful search, N "
                        + "final states)")
        long maxExecutions = Long.MAX_VALUE;

        @Option(names = "--max-states", paramLabel = "N", converter = PositiveLongConverter.class,
                description = "stateful: stop after storing N states (N at least 1); a stop there is never a pass")
        long maxStates = Long.MAX_VALUE;

        @Option(names = "--seed", paramLabel = "S", description = "override explore.seed (random, pct, timed)")
        Long seed;

        @Option(names = "--executions", paramLabel = "N", converter = PositiveLongConverter.class,
                description = "override explore.executions, the random or pct budget (N at least 1)")
        Long executions;

        @Option(names = "--pct-depth", paramLabel = "D", converter = PctDepthConverter.class,
                description = "override explore.pct_depth: the bug depth PCT aims at, D-1 priority change points (1 to"
                        + " 1000)")
        Integer pctDepth;

        @Option(names = "--threads", paramLabel = "N", converter = PositiveIntConverter.class,
                description = "worker threads (default: 1 for the stateful search, all cores for dpor, random and "
                        + "pct); "
                        + "verdicts, counterexamples and final states do not depend on it; the states a stateful "
                        + "search stores on several threads depend on timing (the workers share sleep sets)")
        int threads;
    }

    /** Output that must stay byte-for-byte stable, and how much of a violation to print. */
    static final class Output {
        @Option(names = "--no-time", description = "leave wall-clock times out of the output (byte-for-byte stable)")
        boolean noTime;

        @Option(names = "--no-trace", description = "do not print the step-by-step trace of a violation")
        boolean noTrace;
    }

    /** {@code --[no-]progress}, the same on every command that has a long run. */
    static final class Progress {
        @Option(names = "--progress", negatable = true,
                description = "a status line on stderr about once a second (default: only when stderr is a terminal)")
        Boolean progress;

        /** Whether to show progress: as asked, else only on a terminal. */
        boolean on() {
            return progress != null ? progress : System.console() != null;
        }

        ProgressListener listener() {
            return ProgressPrinter.choose(progress);
        }
    }

    /** Where files a run produces (shrunk scenarios, long schedules) go. */
    static final class Out {
        @Option(names = {"--out", "--shrink-dir"}, paramLabel = "DIR",
                description = "where shrunk scenarios of randomized counterexamples and schedules too long to print"
                        + " are written; every file written is named in the output (default: ${DEFAULT-VALUE})")
        Path dir = Path.of("mprogsim-out");
    }

    /** The report files a run can write, in any combination (docs/reports.md). */
    static final class Reports {
        @Option(names = "--json", paramLabel = "FILE", description = "also write the results as one JSON document")
        Path jsonFile;

        @Option(names = "--junit", paramLabel = "FILE",
                description = "also write the results as JUnit XML, for the test reports of Jenkins, GitLab or GitHub")
        Path junitFile;

        @Option(names = "--html", paramLabel = "FILE",
                description = "also write a self-contained HTML report with a swimlane view of every trace")
        Path htmlFile;

        /** The files asked for, each with its writer; wall-clock times left out when {@code noTime}. */
        List<ReportFiles.Output> outputs(boolean noTime) {
            WallClock clock = noTime ? WallClock.OMIT : WallClock.INCLUDE;
            List<ReportFiles.Output> outputs = new ArrayList<>();
            if (jsonFile != null) {
                outputs.add(new ReportFiles.Output(jsonFile, new JsonReportWriter(clock)));
            }
            if (junitFile != null) {
                outputs.add(new ReportFiles.Output(junitFile, new JunitXmlReportWriter(clock)));
            }
            if (htmlFile != null) {
                outputs.add(new ReportFiles.Output(htmlFile, new HtmlReportWriter(clock)));
            }
            return outputs;
        }
    }

    static final class StrategyConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!List.of("exhaustive", "random", "pct").contains(value)) {
                throw new CommandLine.TypeConversionException("expected exhaustive, random or pct");
            }
            return value;
        }
    }

    static final class ExplorerConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!mprogsim.scenario.ScenarioRunner.EXHAUSTIVE.contains(value)) {
                throw new CommandLine.TypeConversionException("expected one of "
                        + String.join(", ", mprogsim.scenario.ScenarioRunner.EXHAUSTIVE));
            }
            return value;
        }
    }

    /**
     * Seconds, or {@code none}. Zero and negative numbers are refused rather than read as "no limit": a limit of 0
     * is more likely a slip than a wish to run forever. "none" maps to the engine's own "no limit" (0).
     */
    static final class TimeLimitConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.equalsIgnoreCase("none")) {
                return 0.0;
            }
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new CommandLine.TypeConversionException("expected a positive number of seconds, or none for"
                        + " no limit");
            }
            return v;
        }
    }

    static final class PositiveLongConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long v;
            try {
                v = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("expected a whole number of at least 1");
            }
            if (v < 1) {
                throw new CommandLine.TypeConversionException("expected at least 1");
            }
            return v;
        }
    }

    static final class PositiveIntConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long v = new PositiveLongConverter().convert(value);
            if (v > Integer.MAX_VALUE) {
                throw new CommandLine.TypeConversionException("expected at most " + Integer.MAX_VALUE);
            }
            return (int) v;
        }
    }

    static final class PctDepthConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v;
            try {
                v = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                v = 0;
            }
            if (v < 1 || v > 1000) {
                throw new CommandLine.TypeConversionException("expected 1 to 1000");
            }
            return v;
        }
    }
}
