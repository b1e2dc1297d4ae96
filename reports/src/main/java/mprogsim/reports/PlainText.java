package mprogsim.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The plain-text form of a scenario's explanation, for formats that carry text only (JUnit XML bodies). */
final class PlainText {
    private PlainText() {
    }

    /** Details, then the trace with the violating step marked by "&gt;", then the schedule. */
    static List<String> explanation(ScenarioReport s) {
        List<String> out = new ArrayList<>(s.details());
        TraceReport t = s.trace();
        if (t != null) {
            out.add("trace (" + t.steps().size() + " steps; threads " + String.join(", ", t.threads()) + "):");
            int width = 1;
            for (String thread : t.threads()) {
                width = Math.max(width, thread.length());
            }
            int numWidth = 1;
            for (TraceReport.Step step : t.steps()) {
                numWidth = Math.max(numWidth, Integer.toString(step.index()).length());
            }
            String format = "%s %" + numWidth + "d  %-" + width + "s  %s";
            for (TraceReport.Step step : t.steps()) {
                String mark = step.index() == t.violatingStep() ? ">" : " ";
                out.add(String.format(Locale.ROOT, format, mark, step.index(), t.threadOf(step), step.text()));
            }
            if (!t.steps().isEmpty() && !t.hasViolatingStep() && !s.foundInvariants().isEmpty()) {
                out.add("  (no single step broke it: found by the checks at the end of the execution)");
            }
        }
        if (s.schedule() != null) {
            out.add("schedule: " + s.schedule());
        }
        return out;
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
