package mprogsim.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built reports for the writer tests, with the characters that break careless escaping. */
final class SampleReports {
    static final String ODD = "<b>&amp; \"double\" 'single'</b> gr\u00fc\u00dfe \u2713 \ud834\udd1e";
    static final String ODD_NAME = "odd " + ODD;
    static final String SCRIPT = "<script>alert('x')</script>";

    private SampleReports() {
    }

    static TraceReport trace() {
        return new TraceReport(List.of("w1", "r\u00e9ader <1>", "rcu:p1"), List.of(
                new TraceReport.Step(1, 0, "attach p2: rtnl_lock"),
                new TraceReport.Step(2, 1, "pass 1: rcu_read_lock"),
                new TraceReport.Step(3, 0, "store bundle0.a[1] = p2 & \"more\""),
                new TraceReport.Step(4, 1, "pass 1: run p2 " + SCRIPT)), 4);
    }

    /** The header the check command keeps in the details when it says how a trace was shrunk. */
    static final String SHRUNK_HEADER = "trace (4 steps, reduced from 6 steps with 3 context switches to 2)";

    static ScenarioReport violationFoundAsExpected() {
        return ScenarioReport.builder("variant-commit-before-sync")
                .file("scenarios/catalog/variants/commit-before-sync.json")
                .description("commit drops the last reference before the grace period")
                .met(true)
                .expected(Expected.violationOf("use_after_free"))
                .foundInvariants(List.of("use_after_free"))
                .strategy("dpor").executions(10).steps(248).seconds(0.000123)
                .complete(false).stopReason("violation")
                .details(List.of("found as expected: use_after_free (execution 10)",
                        "  use_after_free: r1 runs p2, already freed", SHRUNK_HEADER))
                .schedule("0*3.1.0.1")
                .trace(trace())
                .build();
    }

    static final String CONTROL_AND_SURROGATE = "  line with a control char \u0001 and a lone surrogate \ud800 end";

    static ScenarioReport oddFailure() {
        return oddFailure(CONTROL_AND_SURROGATE);
    }

    /** @param secondDetail the second detail line, the one with characters some formats cannot hold */
    static ScenarioReport oddFailure(String secondDetail) {
        return ScenarioReport.builder(ODD_NAME)
                .file("dir with space/\u00e9t\u00e9 & <x>.json")
                .description(SCRIPT)
                .met(false)
                .expected(Expected.pass())
                .foundInvariants(List.of("torn_snapshot", "refcount"))
                .strategy("dfs").executions(3).steps(42).seconds(1.5)
                .complete(false).stopReason("violation")
                .details(List.of("violation: torn_snapshot, refcount " + ODD,
                        secondDetail, SCRIPT))
                .schedule("0.1.0.1")
                .trace(trace())
                .build();
    }

    static ScenarioReport stoppedByTimeLimit() {
        return ScenarioReport.builder("protocol-two-writers")
                .file("scenarios/catalog/protocol/two-writers.json")
                .met(false)
                .expected(Expected.pass())
                .strategy("dpor").executions(5).steps(275).seconds(60.0)
                .complete(false).stopReason("time limit")
                .details(List.of("stopped by the time limit after 5 executions: no violation so far, but this is not"
                        + " a full pass"))
                .build();
    }

    static ScenarioReport plainPass() {
        return ScenarioReport.builder("protocol-replace-in-place")
                .file("scenarios/catalog/protocol/replace-in-place.json")
                .met(true)
                .expected(Expected.pass())
                .strategy("dpor").executions(273).steps(8224).seconds(0.0017)
                .complete(true)
                .build();
    }

    /** A deadlock is found by the end-of-execution checks: the trace has no violating step. */
    static ScenarioReport deadlockAtTheEnd() {
        return ScenarioReport.builder("variant-reader-takes-lock")
                .file("scenarios/catalog/variants/reader-takes-lock.json")
                .met(true)
                .expected(Expected.violationOf("deadlock"))
                .foundInvariants(List.of("deadlock"))
                .strategy("dpor").executions(2).steps(38).seconds(0.0003)
                .complete(false).stopReason("violation")
                .details(List.of("found as expected: deadlock (execution 2)"))
                .schedule("0.1")
                .trace(new TraceReport(List.of("w1", "r1"), List.of(
                        new TraceReport.Step(1, 0, "rtnl_lock"),
                        new TraceReport.Step(2, 1, "rcu_read_lock")), 0))
                .build();
    }

    static RunReport run() {
        return run(oddFailure());
    }

    /** {@link #run()} as text that can be encoded: its lone surrogate replaced by U+FFFD. */
    static RunReport runWithWellFormedText() {
        return run(oddFailure(CONTROL_AND_SURROGATE.replace('\ud800', '\ufffd')));
    }

    private static RunReport run(ScenarioReport odd) {
        return new RunReport("mprogsim", "0.1.0", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of(
                violationFoundAsExpected(), odd, stoppedByTimeLimit(), plainPass(), deadlockAtTheEnd()));
    }

    /** The same results with other wall-clock times, as a second run on another machine would give. */
    static RunReport sameRunOtherTimes() {
        RunReport r = run();
        List<ScenarioReport> scenarios = new ArrayList<>();
        for (ScenarioReport s : r.scenarios()) {
            scenarios.add(withSeconds(s, s.seconds() == null ? null : s.seconds() * 3 + 0.25));
        }
        return new RunReport(r.tool(), r.toolVersion(), Instant.parse("2031-12-31T23:59:59Z"), scenarios);
    }

    static RunReport withoutTimes(RunReport r) {
        List<ScenarioReport> scenarios = new ArrayList<>();
        for (ScenarioReport s : r.scenarios()) {
            scenarios.add(withSeconds(s, null));
        }
        return new RunReport(r.tool(), r.toolVersion(), null, scenarios);
    }

    static ScenarioReport withSeconds(ScenarioReport s, Double seconds) {
        return new ScenarioReport(s.name(), s.file(), s.description(), s.met(), s.expected(), s.foundInvariants(),
                s.strategy(), s.executions(), s.steps(), seconds, s.complete(), s.stopReason(), s.details(),
                s.schedule(), s.trace(), s.timedRuns(), s.stateful());
    }

    /** A resource of this test package as text. */
    static String resource(String name) {
        try (java.io.InputStream in = SampleReports.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("no resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The real trace of variants/commit-before-sync.json with the memory after each step and the variant's step
     * filled in by hand, as the simulator is to export them.
     */
    static RunReport withMemory() {
        try {
            return JsonReportReader.read(new java.io.StringReader(resource("report-with-memory.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Real output of {@code mprogsim simulate --no-time} on the two timed catalog files with streams. */
    static List<TimedMetrics> timedRuns() {
        try {
            return TimedMetricsJson.readAll(new java.io.StringReader(resource("simulate-output.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long count(RunReport r, boolean met) {
        return r.scenarios().stream().filter(s -> s.met() == met).count();
    }
}
