package mprogsim.reports;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The run as one self-contained HTML page: a summary table, and for each scenario that has something to say its
 * details and, when it has a trace, a swimlane view with one column per thread and one row per step, the violating
 * step highlighted. No scripts and no external resources: the page reads the same from a CI artifact, offline, or
 * printed. The markup is also well-formed XML, which keeps it checkable by any XML parser.
 */
public final class HtmlReportWriter implements ReportWriter {
    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }
            h1 { font-size: 1.4em; margin: 0 0 .3em; }
            h2 { font-size: 1.15em; margin: 1.6em 0 .4em; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #c8c8c8; padding: .2em .5em; text-align: left; vertical-align: top; }
            thead th { background: #f0f0f0; position: sticky; top: 0; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.met .verdict, span.met { color: #176f2c; font-weight: 600; }
            tr.not-met .verdict, span.not-met { color: #b3261e; font-weight: 600; }
            tr.not-met { background: #fdf1f0; }
            code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
            pre.details { background: #f7f7f7; border: 1px solid #e0e0e0; padding: .5em; white-space: pre-wrap; }
            code.schedule { background: #f0f0f0; padding: .1em .3em; word-break: break-all; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: .4em 0; }
            dl.facts dt { color: #555; }
            dl.facts dd { margin: 0; }
            table.swimlane { table-layout: fixed; width: 100%; }
            table.swimlane th.step { width: 3.5em; text-align: right; }
            table.swimlane td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
                font-size: 12.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
            table.swimlane td.act { background: #eef4fb; }
            table.swimlane tr.violating th, table.swimlane tr.violating td { background: #fbdcd9; }
            table.swimlane tr.violating td.act { outline: 2px solid #b3261e; outline-offset: -2px; }
            span.flag { display: inline-block; background: #b3261e; color: #fff; font-weight: 600;
                padding: 0 .35em; margin-right: .4em; border-radius: 3px; }
            """;

    private final WallClock wallClock;

    public HtmlReportWriter(WallClock wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public String formatName() {
        return "HTML";
    }

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        boolean times = wallClock == WallClock.INCLUDE;
        String title = report.tool() + " check: " + report.scenarios().size() + " scenarios, " + report.met()
                + " met, " + report.notMet() + " not met";
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        out.write("<title>" + esc(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n");
        out.write("<h1>" + esc(report.tool() + " check") + "</h1>\n");
        StringBuilder run = new StringBuilder(report.tool() + " " + report.toolVersion() + " \u00b7 "
                + report.scenarios().size() + " scenarios: " + report.met() + " met, " + report.notMet()
                + " not met");
        Double total = report.totalSeconds();
        if (times && report.startedAt() != null) {
            run.append(" \u00b7 started ").append(report.startedAt());
        }
        if (times && total != null) {
            run.append(" \u00b7 ").append(PlainText.seconds(total)).append(" s");
        }
        out.write("<p class=\"run\">" + esc(run.toString()) + "</p>\n");
        writeSummary(out, report, times);
        List<ScenarioReport> scenarios = report.scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            if (hasSection(scenarios.get(i))) {
                writeSection(out, scenarios.get(i), sectionId(i), times);
            }
        }
        out.write("</body>\n</html>\n");
        out.flush();
    }

    private static boolean hasSection(ScenarioReport s) {
        return !s.details().isEmpty() || s.trace() != null || s.schedule() != null || s.description() != null;
    }

    /** Ids by position, not by name: names may hold anything, and positions are unique. */
    private static String sectionId(int i) {
        return "s" + (i + 1);
    }

    private static void writeSummary(Writer out, RunReport report, boolean times) throws IOException {
        out.write("<table class=\"summary\">\n<thead><tr><th>scenario</th><th>verdict</th><th>expected</th>"
                + "<th>found</th><th>strategy</th><th>executions</th><th>steps</th>"
                + (times ? "<th>seconds</th>" : "") + "<th>file</th></tr></thead>\n<tbody>\n");
        List<ScenarioReport> scenarios = report.scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            ScenarioReport s = scenarios.get(i);
            String name = hasSection(s) ? "<a href=\"#" + sectionId(i) + "\">" + esc(s.name()) + "</a>" : esc(s.name());
            out.write("<tr class=\"" + verdictClass(s) + "\"><td>" + name + "</td>"
                    + "<td class=\"verdict\">" + verdictText(s) + "</td>"
                    + "<td>" + esc(s.expected().describe()) + "</td>"
                    + "<td>" + esc(found(s)) + "</td>"
                    + "<td>" + esc(s.strategy()) + "</td>"
                    + "<td class=\"num\">" + s.executions() + "</td>"
                    + "<td class=\"num\">" + s.steps() + "</td>"
                    + (times ? "<td class=\"num\">" + (s.seconds() == null ? "" : PlainText.seconds(s.seconds()))
                    + "</td>" : "")
                    + "<td><code>" + esc(s.file()) + "</code></td></tr>\n");
        }
        out.write("</tbody>\n</table>\n");
    }

    private static void writeSection(Writer out, ScenarioReport s, String id, boolean times) throws IOException {
        out.write("<section id=\"" + id + "\" class=\"scenario " + verdictClass(s) + "\">\n");
        out.write("<h2>" + esc(s.name()) + " <span class=\"" + verdictClass(s) + "\">" + verdictText(s)
                + "</span></h2>\n");
        if (s.description() != null) {
            out.write("<p class=\"description\">" + esc(s.description()) + "</p>\n");
        }
        out.write("<dl class=\"facts\">\n");
        fact(out, "file", "<code>" + esc(s.file()) + "</code>");
        fact(out, "expected", esc(s.expected().describe()));
        fact(out, "found", esc(found(s)));
        String exploration = s.strategy() + ", " + s.executions() + " executions, " + s.steps() + " steps"
                + (s.complete() ? ", complete" : ", not complete")
                + (s.stopReason() == null ? "" : s.stopReason().equals("violation")
                ? " (stopped at the first violation)" : " (stopped by the " + s.stopReason() + ")")
                + (times && s.seconds() != null ? ", " + PlainText.seconds(s.seconds()) + " s" : "");
        fact(out, "exploration", esc(exploration));
        if (s.schedule() != null) {
            fact(out, "schedule", "<code class=\"schedule\">" + esc(s.schedule()) + "</code>");
        }
        out.write("</dl>\n");
        if (!s.details().isEmpty()) {
            out.write("<pre class=\"details\">" + esc(String.join("\n", s.details())) + "</pre>\n");
        }
        if (s.trace() != null) {
            writeSwimlane(out, s, id);
        }
        out.write("</section>\n");
    }

    private static void fact(Writer out, String term, String html) throws IOException {
        out.write("<dt>" + term + "</dt><dd>" + html + "</dd>\n");
    }

    private static void writeSwimlane(Writer out, ScenarioReport s, String id) throws IOException {
        TraceReport t = s.trace();
        List<String> threads = t.threads();
        out.write("<details open=\"open\">\n<summary>trace: " + t.steps().size() + " steps, " + threads.size()
                + " threads</summary>\n");
        if (t.hasViolatingStep()) {
            TraceReport.Step v = t.steps().stream().filter(st -> st.index() == t.violatingStep()).findFirst()
                    .orElseThrow();
            out.write("<p class=\"violating-note\">Step <a href=\"#" + id + "-step" + v.index() + "\">" + v.index()
                    + "</a> (" + esc(t.threadOf(v)) + ") breaks " + esc(found(s)) + ".</p>\n");
        } else if (!s.foundInvariants().isEmpty()) {
            out.write("<p class=\"violating-note\">No single step broke " + esc(found(s))
                    + ": the checks at the end of the execution found it.</p>\n");
        }
        out.write("<table class=\"swimlane\">\n<thead><tr><th class=\"step\" scope=\"col\">step</th>");
        for (String thread : threads) {
            out.write("<th class=\"lane\" scope=\"col\">" + esc(thread) + "</th>");
        }
        out.write("</tr></thead>\n<tbody>\n");
        for (TraceReport.Step step : t.steps()) {
            boolean violating = step.index() == t.violatingStep();
            out.write("<tr id=\"" + id + "-step" + step.index() + "\"" + (violating ? " class=\"violating\"" : "")
                    + "><th class=\"step\" scope=\"row\">" + step.index() + "</th>");
            for (int lane = 0; lane < threads.size(); lane++) {
                if (lane != step.process()) {
                    out.write("<td></td>");
                } else {
                    out.write("<td class=\"act\">" + (violating ? "<span class=\"flag\">violation</span>" : "")
                            + esc(step.text()) + "</td>");
                }
            }
            out.write("</tr>\n");
        }
        out.write("</tbody>\n</table>\n</details>\n");
    }

    private static String found(ScenarioReport s) {
        return s.foundInvariants().isEmpty() ? "no violation" : String.join(", ", s.foundInvariants());
    }

    private static String verdictClass(ScenarioReport s) {
        return s.met() ? "met" : "not-met";
    }

    private static String verdictText(ScenarioReport s) {
        return s.met() ? "met" : "not met";
    }

    private static String esc(String s) {
        return Markup.text(s);
    }
}
