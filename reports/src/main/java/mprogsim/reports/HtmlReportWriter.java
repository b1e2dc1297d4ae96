package mprogsim.reports;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The run as one self-contained HTML page: a summary table, and for each scenario that has something to say its
 * details and, when it has a trace, a swimlane view with a column per process that stepped and a row per step, the
 * violating step highlighted, the steps a variant changed marked, and the memory after each step when the trace
 * carries it; a timed scenario's runs as SVG charts ({@link TimedCharts}). No scripts and no external resources: the
 * page reads the same from a CI artifact, offline, or printed. The markup is also well-formed XML, which keeps it
 * checkable by any XML parser.
 */
public final class HtmlReportWriter implements ReportWriter {
    /** Page basics, shared with the pages of {@link TimedCharts}. */
    static final String BASE_STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }
            h1 { font-size: 1.4em; margin: 0 0 .3em; }
            h2 { font-size: 1.15em; margin: 1.6em 0 .4em; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #c8c8c8; padding: .2em .5em; text-align: left; vertical-align: top; }
            thead th { background: #f0f0f0; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
            """;

    private static final String STYLE = """
            table.summary td.name, table.summary td.verdict { white-space: nowrap; }
            code.file span { white-space: nowrap; }
            tr.met .verdict, span.met { color: #176f2c; font-weight: 600; }
            tr.not-met .verdict, span.not-met { color: #b3261e; font-weight: 600; }
            tr.not-met { background: #fdf1f0; }
            pre.details { background: #f7f7f7; border: 1px solid #e0e0e0; padding: .5em; white-space: pre-wrap; }
            code.schedule { background: #f0f0f0; padding: .1em .3em; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: .4em 0; }
            dl.facts dt { color: #555; }
            dl.facts dd { margin: 0; }
            div.trace-scroll { max-height: 75vh; overflow: auto; border: 1px solid #c8c8c8; margin: .4em 0;
                max-width: 100%; width: max-content; }
            table.swimlane { border-collapse: separate; border-spacing: 0; }
            table.swimlane th, table.swimlane td { border: 0; border-right: 1px solid #dcdcdc;
                border-bottom: 1px solid #e6e6e6; }
            table.swimlane thead th { position: sticky; top: 0; z-index: 2; border-bottom: 1px solid #bdbdbd;
                white-space: nowrap; }
            table.swimlane th.step { position: sticky; left: 0; z-index: 1; background: #f7f7f7; text-align: right;
                font-variant-numeric: tabular-nums; }
            table.swimlane thead th.step { z-index: 3; background: #f0f0f0; }
            table.swimlane th .pid { color: #777; font-weight: 400; font-size: .85em; }
            table.swimlane td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
                font-size: 12.5px; white-space: normal; overflow-wrap: normal; word-break: normal; hyphens: none; }
            table.swimlane td.act { background: #eef4fb; min-width: 10em; max-width: 36em; }
            table.swimlane td.act.cont { padding-left: 1.4em; }
            table.swimlane span.op { color: #3b5f86; }
            span.nb { white-space: nowrap; }
            table.swimlane tr.violating th, table.swimlane tr.violating td { background: #fbdcd9; }
            table.swimlane tr.violating td.act { outline: 2px solid #b3261e; outline-offset: -2px; }
            table.swimlane tr.variant td.act { box-shadow: inset 4px 0 0 #c98a00; }
            span.flag { display: inline-block; background: #b3261e; color: #fff; font-weight: 600;
                padding: 0 .35em; margin-right: .4em; border-radius: 3px; font-family: system-ui, sans-serif; }
            span.variant { display: inline-block; background: #fff0c2; color: #6b4a00; border: 1px solid #c98a00;
                padding: 0 .3em; margin-right: .4em; border-radius: 3px; font-size: .85em; }
            table.swimlane td.mem { font-size: 11.5px; min-width: 14em; max-width: 30em; background: #fcfcfc; }
            td.mem details > summary { cursor: pointer; color: #444; }
            td.mem summary .changed { background: #fff0c2; }
            table.state { margin: .3em 0 .1em; }
            table.state th, table.state td { border: 1px solid #e0e0e0; padding: .05em .35em; white-space: nowrap;
                font-weight: 400; background: #fff; }
            table.state th { color: #555; }
            table.state .changed { background: #fff0c2; font-weight: 600; }
            span.slot { display: inline-block; min-width: 2.4em; border: 1px solid #cfcfcf; padding: 0 .2em;
                margin-right: -1px; text-align: center; }
            span.slot.null { color: #999; }
            span.slot.changed { background: #fff0c2; border-color: #c98a00; font-weight: 600; }
            p.legend { color: #555; margin: .2em 0; }
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
        // No seconds column when no scenario was timed (a report read back from a --no-time JSON report).
        boolean times = wallClock == WallClock.INCLUDE && report.totalSeconds() != null;
        String title = report.tool() + " check: " + report.scenarios().size() + " scenarios, " + report.met()
                + " met, " + report.notMet() + " not met";
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        out.write("<title>" + esc(title) + "</title>\n<style>\n" + BASE_STYLE + STYLE + TimedCharts.STYLE + "</style>\n</head>\n<body>\n");
        out.write("<h1>" + esc(report.tool() + " check") + "</h1>\n");
        StringBuilder run = new StringBuilder(report.tool() + " " + report.toolVersion() + " \u00b7 "
                + report.scenarios().size() + " scenarios: " + report.met() + " met, " + report.notMet()
                + " not met");
        Double total = report.totalSeconds();
        if (wallClock == WallClock.INCLUDE && report.startedAt() != null) {
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
        return !s.details().isEmpty() || s.trace() != null || s.schedule() != null || s.description() != null
                || !s.timedRuns().isEmpty() || s.stateful() != null;
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
            out.write("<tr class=\"" + verdictClass(s) + "\"><td class=\"name\">" + name + "</td>"
                    + "<td class=\"verdict\">" + verdictText(s) + "</td>"
                    + "<td>" + esc(s.expected().describe()) + "</td>"
                    + "<td>" + esc(found(s)) + "</td>"
                    + "<td>" + esc(s.strategy()) + "</td>"
                    + "<td class=\"num\">" + s.executions() + "</td>"
                    + "<td class=\"num\">" + s.steps() + "</td>"
                    + (times ? "<td class=\"num\">" + (s.seconds() == null ? "" : PlainText.seconds(s.seconds()))
                    + "</td>" : "")
                    + "<td>" + file(s.file()) + "</td></tr>\n");
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
        fact(out, "file", file(s.file()));
        fact(out, "expected", esc(s.expected().describe()));
        fact(out, "found", esc(found(s)));
        // A stateful run's counts are the states (below); its steps are the reported schedule's length.
        String counts = s.stateful() == null ? ", " + s.executions() + " executions, " + s.steps() + " steps"
                : "violation".equals(s.stopReason()) && s.schedule() != null
                ? ", shortest violating schedule of " + s.steps() + " steps" : "";
        String exploration = s.strategy() + counts
                + (s.complete() ? ", complete" : ", not complete")
                + (s.stopReason() == null ? "" : s.stopReason().equals("violation")
                ? " (stopped at the first violation)" : " (stopped by the " + s.stopReason() + ")")
                + (times && s.seconds() != null ? ", " + PlainText.seconds(s.seconds()) + " s" : "");
        fact(out, "exploration", esc(exploration));
        if (s.stateful() != null) {
            writeStatefulFacts(out, s, times);
        }
        if (s.schedule() != null) {
            fact(out, "schedule", "<code class=\"schedule\">" + breakAfter(s.schedule(), '.') + "</code>");
        }
        out.write("</dl>\n");
        List<String> details = PlainText.detailsWithoutTraceHeader(s);
        if (!details.isEmpty()) {
            out.write("<pre class=\"details\">" + esc(String.join("\n", details)) + "</pre>\n");
        }
        if (s.trace() != null) {
            writeSwimlane(out, s, id);
        }
        if (!s.timedRuns().isEmpty()) {
            TimedCharts.writeRuns(out, s.timedRuns(), id);
        }
        out.write("</section>\n");
    }

    /**
     * What the stateful search stored and did; without wall-clock fields only what is the same on any number of
     * threads ({@link StatefulSearch#stable}).
     */
    private static void writeStatefulFacts(Writer out, ScenarioReport s, boolean times) throws IOException {
        StatefulSearch f = times ? s.stateful() : s.stateful().stable(s.complete());
        fact(out, "search", esc(f.settingsText()));
        String states = f.statesText();
        if (states != null) {
            fact(out, "states", esc(states));
        }
        String collision = f.collisionText();
        if (collision != null) {
            fact(out, "collisions", esc(collision));
        }
        String memory = f.memoryText();
        if (memory != null) {
            fact(out, "visited set and stacks", esc(memory));
        }
        String rate = f.rateText(times ? s.seconds() : null);
        if (rate != null) {
            fact(out, "rate", esc(rate));
        }
    }

    private static void fact(Writer out, String term, String html) throws IOException {
        out.write("<dt>" + term + "</dt><dd>" + html + "</dd>\n");
    }

    /**
     * The trace as a swimlane table: a column per process that stepped (numbered as in schedule strings), a row per
     * step, and, when the trace carries it, the memory after each step in a last column (what changed, unfolding
     * to the whole state). Only the table scrolls, under a header that stays in view.
     */
    private static void writeSwimlane(Writer out, ScenarioReport s, String id) throws IOException {
        TraceReport t = s.trace();
        List<Integer> lanes = t.steppedProcesses();
        int idle = t.threads().size() - lanes.size();
        out.write("<details open=\"open\" class=\"trace\">\n<summary>trace: " + t.steps().size() + " steps"
                + esc(PlainText.traceRemark(s)) + "; " + lanes.size() + " of " + t.threads().size()
                + " processes stepped</summary>\n");
        if (idle > 0) {
            List<String> names = new ArrayList<>();
            for (int p = 0; p < t.threads().size(); p++) {
                if (!lanes.contains(p)) {
                    names.add(p + " " + t.threads().get(p));
                }
            }
            out.write("<p class=\"legend idle\">Not shown, never stepped: " + esc(String.join(", ", names))
                    + ".</p>\n");
        }
        if (t.hasViolatingStep()) {
            TraceReport.Step v = t.violating();
            out.write("<p class=\"violating-note\">Step <a href=\"#" + id + "-step" + v.index() + "\">" + v.index()
                    + "</a> (" + esc(t.threadOf(v)) + ") breaks " + esc(found(s)) + ".</p>\n");
        } else if (!s.foundInvariants().isEmpty()) {
            out.write("<p class=\"violating-note\">No single step broke " + esc(found(s))
                    + ": the checks at the end of the execution found it.</p>\n");
        }
        if (t.hasVariantSteps()) {
            out.write("<p class=\"legend\">Steps marked <span class=\"variant\">variant</span> are where a"
                    + " variant makes the protocol depart from the kernel's.</p>\n");
        }
        boolean memory = t.hasState();
        out.write("<div class=\"trace-scroll\">\n<table class=\"swimlane\">\n<thead><tr>"
                + "<th class=\"step\" scope=\"col\">step</th>");
        for (int p : lanes) {
            out.write("<th class=\"lane\" scope=\"col\" title=\"process " + p + " in schedule strings\">"
                    + esc(t.threads().get(p)) + " <span class=\"pid\">#" + p + "</span></th>");
        }
        if (memory) {
            out.write("<th class=\"mem\" scope=\"col\">memory after the step</th>");
        }
        out.write("</tr></thead>\n<tbody>\n");
        String[] lastOp = new String[t.threads().size()];
        StepState lastState = null;
        Map<String, StepState.ObjectState> lastShown = new HashMap<>();
        for (TraceReport.Step step : t.steps()) {
            boolean violating = step.index() == t.violatingStep();
            List<String> classes = new ArrayList<>();
            if (violating) {
                classes.add("violating");
            }
            if (!step.variants().isEmpty()) {
                classes.add("variant");
            }
            out.write("<tr id=\"" + id + "-step" + step.index() + "\""
                    + (classes.isEmpty() ? "" : " class=\"" + String.join(" ", classes) + "\"")
                    + "><th class=\"step\" scope=\"row\">" + step.index() + "</th>");
            for (int lane : lanes) {
                if (lane != step.process()) {
                    out.write("<td></td>");
                    continue;
                }
                String[] opAndAction = splitOp(step.text());
                boolean continues = !violating && opAndAction[0] != null && opAndAction[0].equals(lastOp[lane]);
                lastOp[lane] = opAndAction[0];
                StringBuilder cell = new StringBuilder();
                if (violating) {
                    cell.append("<span class=\"flag\">violation</span>");
                }
                for (String v : step.variants()) {
                    cell.append("<span class=\"variant\" title=\"changed by the variant ").append(Markup.attribute(v))
                            .append("\">").append(esc(v)).append("</span>");
                }
                if (continues) {
                    // The op is in the row above; keep it at hand without repeating it on every line.
                    out.write("<td class=\"act cont\" title=\"" + Markup.attribute(opAndAction[0]) + "\">" + cell
                            + words(opAndAction[1]) + "</td>");
                } else if (opAndAction[0] != null) {
                    out.write("<td class=\"act\">" + cell + "<span class=\"op\">" + words(opAndAction[0] + ":")
                            + "</span> " + words(opAndAction[1]) + "</td>");
                } else {
                    out.write("<td class=\"act\">" + cell + words(step.text()) + "</td>");
                }
            }
            if (memory) {
                out.write("<td class=\"mem\">");
                if (step.state() != null) {
                    writeState(out, step.state(), lastState, lastShown, violating);
                    lastState = step.state();
                    for (StepState.ObjectState o : step.state().objects()) {
                        lastShown.put(o.name(), o);
                    }
                }
                out.write("</td>");
            }
            out.write("</tr>\n");
        }
        out.write("</tbody>\n</table>\n</div>\n</details>\n");
    }

    /**
     * "detach AFTER none: store bundle0.b[1] = p2" as its op and its action, split at the first ": "; {null, text}
     * when the text names no op.
     */
    static String[] splitOp(String text) {
        int at = text.indexOf(": ");
        if (at <= 0) {
            return new String[] {null, text};
        }
        return new String[] {text.substring(0, at), text.substring(at + 2)};
    }

    /** What the step changed as the summary of a disclosure that unfolds to the whole state. */
    private static void writeState(Writer out, StepState state, StepState before,
                                   Map<String, StepState.ObjectState> lastShown, boolean open) throws IOException {
        List<String> changes = state.changesFrom(before, lastShown);
        out.write("<details" + (open ? " open=\"open\"" : "") + "><summary>"
                + (changes.isEmpty() ? "no change" : "<span class=\"changed\">" + esc(String.join(", ", changes))
                + "</span>") + "</summary>\n<table class=\"state\">");
        for (StepState.Hook h : state.hooks()) {
            StepState.Hook old = before == null ? null : before.hook(h.name());
            boolean changed = old == null || !Objects.equals(old.entry(), h.entry());
            out.write("<tr><th>" + esc(h.name()) + "</th><td" + (changed ? " class=\"changed\"" : "") + ">-&gt; "
                    + esc(StepState.pointer(h.entry())) + "</td></tr>");
        }
        for (StepState.Bundle b : state.bundles()) {
            StepState.Bundle old = before == null ? null : before.bundle(b.name());
            boolean countChanged = old == null || old.count() != b.count();
            boolean revChanged = old == null || old.revision() != b.revision();
            out.write("<tr><th>" + esc(b.name()) + "</th><td><span" + (countChanged ? " class=\"changed\"" : "")
                    + ">count " + b.count() + "</span> \u00b7 <span" + (revChanged ? " class=\"changed\"" : "")
                    + ">revision " + b.revision() + "</span></td></tr>");
            for (String which : List.of("a", "b")) {
                out.write("<tr><th>" + esc(b.name() + "." + which) + "</th><td>");
                List<String> slots = b.entry(which);
                List<String> was = old == null ? List.of() : old.entry(which);
                int shown = 0;
                for (int i = 0; i < slots.size(); i++) {
                    if (slots.get(i) != null) {
                        shown = i + 1;
                    }
                }
                for (int i = 0; i < slots.size(); i++) {
                    boolean changed = old != null && !Objects.equals(i < was.size() ? was.get(i) : null, slots.get(i));
                    if (changed) {
                        shown = Math.max(shown, i + 1);
                    }
                }
                // Up to the last prog or changed slot, and the NULL that ends the walk.
                shown = Math.min(slots.size(), shown + 1);
                for (int i = 0; i < shown; i++) {
                    String slot = slots.get(i);
                    boolean changed = old != null && !Objects.equals(i < was.size() ? was.get(i) : null, slot);
                    out.write("<span class=\"slot" + (slot == null ? " null" : "") + (changed ? " changed" : "")
                            + "\" title=\"" + esc(b.name() + "." + which + "[" + i + "]") + "\">"
                            + esc(StepState.slot(slot)) + "</span>");
                }
                out.write("</td></tr>");
            }
        }
        for (StepState.ObjectState o : state.objects()) {
            boolean changed = !o.equals(lastShown.get(o.name()));
            out.write("<tr><th>" + esc(o.name()) + "</th><td" + (changed ? " class=\"changed\"" : "") + ">ref "
                    + o.refcount() + " \u00b7 " + esc(o.life()) + "</td></tr>");
        }
        out.write("</table>\n</details>");
    }

    /**
     * Text that wraps at spaces only: a browser would also break after a hyphen ("-&gt;", "no-sync"), so words
     * holding one are kept whole.
     */
    static String words(String text) {
        if (text.indexOf('-') < 0) {
            return esc(text);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        while (from < text.length()) {
            int space = text.indexOf(' ', from);
            int end = space < 0 ? text.length() : space;
            String word = text.substring(from, end);
            sb.append(word.indexOf('-') >= 0 ? "<span class=\"nb\">" + esc(word) + "</span>" : esc(word));
            if (space >= 0) {
                sb.append(' ');
            }
            from = end + 1;
        }
        return sb.toString();
    }

    /** A path that may wrap after a slash but never inside a name (browsers would break after a hyphen). */
    private static String file(String path) {
        StringBuilder sb = new StringBuilder("<code class=\"file\">");
        int from = 0;
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            sb.append("<span>").append(esc(path.substring(from, i + 1))).append("</span><wbr/>");
            from = i + 1;
        }
        return sb.append("<span>").append(esc(path.substring(from))).append("</span></code>").toString();
    }

    /** The text escaped, with a line-break opportunity after each {@code c} and nowhere else. */
    private static String breakAfter(String text, char c) {
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
            sb.append(esc(text.substring(from, i + 1))).append("<wbr/>");
            from = i + 1;
        }
        return sb.append(esc(text.substring(from))).toString();
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
