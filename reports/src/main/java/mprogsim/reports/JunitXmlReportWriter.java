package mprogsim.reports;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The run as JUnit XML, the dialect the Jenkins JUnit plugin, GitLab's test reports and GitHub's JUnit report actions
 * read: one {@code <testsuite>} inside {@code <testsuites>}, one {@code <testcase>} per scenario, and a
 * {@code <failure>} for each scenario that did not meet its expectation. A scenario is never an error: errors mean
 * the checker itself broke, and such runs stop before any report is written.
 */
public final class JunitXmlReportWriter implements ReportWriter {
    public static final String SUITE_NAME = "mprogsim check";
    /** Test reporters group cases by class name; every scenario is a case of the one check run. */
    public static final String CLASS_NAME = "mprogsim.check";
    public static final String FAILURE_TYPE = "expect_not_met";

    /** The Ant schema's timestamp: no zone. It is always UTC here. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final WallClock wallClock;

    public JunitXmlReportWriter(WallClock wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public String formatName() {
        return "JUnit XML";
    }

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        boolean times = wallClock == WallClock.INCLUDE;
        Double total = report.totalSeconds();
        String counts = " tests=\"" + report.scenarios().size() + "\" failures=\"" + report.notMet()
                + "\" errors=\"0\"";
        String totalTime = times && total != null ? " time=\"" + PlainText.seconds(total) + "\"" : "";
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuites name=\"" + Markup.attribute(report.tool()) + "\"" + counts + totalTime + ">\n");
        out.write("  <testsuite name=\"" + SUITE_NAME + "\"" + counts + " skipped=\"0\"" + totalTime);
        if (times && report.startedAt() != null) {
            out.write(" timestamp=\"" + TIMESTAMP.format(report.startedAt().truncatedTo(ChronoUnit.SECONDS)) + "\"");
        }
        out.write(">\n");
        out.write("    <properties>\n");
        writeProperty(out, "tool", report.tool());
        writeProperty(out, "tool_version", report.toolVersion());
        out.write("    </properties>\n");
        for (ScenarioReport s : report.scenarios()) {
            writeCase(out, s, times);
        }
        out.write("  </testsuite>\n");
        out.write("</testsuites>\n");
        out.flush();
    }

    private static void writeProperty(Writer out, String name, String value) throws IOException {
        out.write("      <property name=\"" + Markup.attribute(name) + "\" value=\"" + Markup.attribute(value)
                + "\"/>\n");
    }

    /**
     * The stateful search's figures, named as the JSON report names them; without wall-clock fields only the
     * stable ones ({@link StatefulSearch#stable}).
     */
    private static List<StatefulSearch.Figure> statefulFigures(ScenarioReport s, boolean times) {
        if (s.stateful() == null) {
            return List.of();
        }
        StatefulSearch f = times ? s.stateful() : s.stateful().stable(s.complete());
        return f.figures(times ? s.seconds() : null);
    }

    private static void writeCase(Writer out, ScenarioReport s, boolean times) throws IOException {
        out.write("    <testcase name=\"" + Markup.attribute(s.name()) + "\" classname=\"" + CLASS_NAME
                + "\" file=\"" + Markup.attribute(s.file()) + "\"");
        if (times && s.seconds() != null) {
            out.write(" time=\"" + PlainText.seconds(s.seconds()) + "\"");
        }
        List<String> explanation = PlainText.explanation(s);
        List<StatefulSearch.Figure> figures = statefulFigures(s, times);
        if (s.met() && explanation.isEmpty() && figures.isEmpty()) {
            out.write("/>\n");
            return;
        }
        out.write(">\n");
        if (!figures.isEmpty()) {
            // Per-case properties, as pytest writes them: the Jenkins JUnit plugin and GitLab read them.
            out.write("      <properties>\n");
            for (StatefulSearch.Figure f : figures) {
                out.write("  ");
                writeProperty(out, "stateful." + f.key(), f.text());
            }
            out.write("      </properties>\n");
        }
        if (s.met() && explanation.isEmpty()) {
            out.write("    </testcase>\n");
            return;
        }
        String body = Markup.text(String.join("\n", explanation));
        if (s.met()) {
            // A met scenario may still have a story worth keeping, e.g. the trace of an expected violation.
            out.write("      <system-out>" + body + "</system-out>\n");
        } else {
            String message = s.details().isEmpty() ? "expected " + s.expected().describe() : s.details().get(0);
            out.write("      <failure message=\"" + Markup.attribute(message) + "\" type=\"" + FAILURE_TYPE + "\">"
                    + body + "</failure>\n");
        }
        out.write("    </testcase>\n");
    }
}
