package mprogsim.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The plain-text form of a scenario's explanation, for formats that carry text only (JUnit XML bodies). */
final class PlainText {
    private PlainText() {
    }

    /**
     * Details, then the trace with the violating step marked by "&gt;" and the memory after it, then the schedule.
     * A detail that is this trace's own header (the check command keeps one when it says how the trace was
     * shrunk) is merged into the header printed above the steps, so the trace has one header.
     */
    static List<String> explanation(ScenarioReport s) {
        TraceReport t = s.trace();
        List<String> out = new ArrayList<>(detailsWithoutTraceHeader(s));
        if (t != null) {
            out.add("trace (" + t.steps().size() + " steps" + traceRemark(s) + "; " + processes(t) + "):");
            int width = 1;
            for (int p : t.steppedProcesses()) {
                width = Math.max(width, t.threads().get(p).length());
            }
            int numWidth = 1;
            for (TraceReport.Step step : t.steps()) {
                numWidth = Math.max(numWidth, Integer.toString(step.index()).length());
            }
            String format = "%s %" + numWidth + "d  %-" + width + "s  %s";
            for (TraceReport.Step step : t.steps()) {
                String mark = step.index() == t.violatingStep() ? ">" : " ";
                String variants = step.variants().isEmpty() ? ""
                        : "  [changed by " + String.join(", ", step.variants()) + "]";
                out.add(String.format(Locale.ROOT, format, mark, step.index(), t.threadOf(step), step.text())
                        + variants);
            }
            if (!t.steps().isEmpty() && !t.hasViolatingStep() && !s.foundInvariants().isEmpty()) {
                out.add("  (no single step broke it: found by the checks at the end of the execution)");
            }
            TraceReport.Step last = t.hasViolatingStep() ? t.violating()
                    : t.steps().isEmpty() ? null : t.steps().get(t.steps().size() - 1);
            if (last != null && last.state() != null) {
                out.add("memory after step " + last.index() + ": " + last.state().describe());
            }
        }
        if (s.schedule() != null) {
            out.add("schedule: " + s.schedule());
        }
        return out;
    }

    /**
     * "processes 0 w1, 1 r1, 3 rcu:bundle1; 2 more never stepped": the numbers a schedule string uses, for the
     * processes that moved.
     */
    static String processes(TraceReport t) {
        List<Integer> stepped = t.steppedProcesses();
        List<String> named = new ArrayList<>();
        for (int p : stepped) {
            named.add(p + " " + t.threads().get(p));
        }
        int idle = t.threads().size() - stepped.size();
        String text = (named.size() == 1 ? "process " : "processes ") + String.join(", ", named);
        if (stepped.isEmpty()) {
            text = "no process stepped";
        }
        return idle == 0 ? text : text + "; " + idle + " more never stepped";
    }

    /**
     * The position in the details of the line that is the header of this scenario's trace as the check command
     * prints it ("trace (23 steps, reduced from 25 steps with 3 context switches to 3)"), or -1.
     */
    static int traceHeaderDetail(ScenarioReport s) {
        if (s.trace() == null) {
            return -1;
        }
        String prefix = "trace (" + s.trace().steps().size() + " steps";
        for (int i = 0; i < s.details().size(); i++) {
            String d = s.details().get(i);
            if (d.startsWith(prefix) && d.length() > prefix.length()
                    && (d.charAt(prefix.length()) == ',' || d.charAt(prefix.length()) == ')')
                    && (d.endsWith(")") || d.endsWith("):"))) {
                return i;
            }
        }
        return -1;
    }

    /** What the trace's header detail says beyond the step count (", reduced from ..."), or "". */
    static String traceRemark(ScenarioReport s) {
        int at = traceHeaderDetail(s);
        if (at < 0) {
            return "";
        }
        String d = s.details().get(at);
        String rest = d.substring(("trace (" + s.trace().steps().size() + " steps").length());
        rest = rest.endsWith(":") ? rest.substring(0, rest.length() - 1) : rest;
        return rest.substring(0, rest.length() - 1);
    }

    /** The details without the trace's header line, which the trace views carry. */
    static List<String> detailsWithoutTraceHeader(ScenarioReport s) {
        int at = traceHeaderDetail(s);
        if (at < 0) {
            return s.details();
        }
        List<String> out = new ArrayList<>(s.details());
        out.remove(at);
        return out;
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
