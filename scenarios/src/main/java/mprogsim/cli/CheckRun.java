package mprogsim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mprogsim.scheduler.Progress;
import mprogsim.scheduler.ProgressListener;

/**
 * Where a {@code check} run is: which scenarios finished and how, which one is running and how far it got. When
 * the run is interrupted (Ctrl-C), {@link #printInterrupted} says so instead of leaving a half-written status line.
 */
final class CheckRun implements ProgressListener, mprogsim.scheduler.stateful.StatefulProgressListener {
    private final int total;
    private final ProgressListener printer;
    private final List<String> failedNames = new ArrayList<>();
    private int passed;
    private int failed;
    private String running;
    private Progress latest;
    private boolean over;

    CheckRun(int total, ProgressListener printer) {
        this.total = total;
        this.printer = printer;
    }

    ProgressListener printer() {
        return printer;
    }

    synchronized void started(String scenario) {
        running = scenario;
        latest = null;
    }

    synchronized void finished(String scenario, boolean met) {
        if (met) {
            passed++;
        } else {
            failed++;
            failedNames.add(scenario);
        }
        running = null;
        latest = null;
    }

    /** The run ended by itself: an interruption from now on has nothing to report. */
    synchronized void over() {
        over = true;
    }

    synchronized int passed() {
        return passed;
    }

    synchronized int failed() {
        return failed;
    }

    @Override
    public void progress(Progress p) {
        synchronized (this) {
            latest = p;
        }
        if (!stateful) {
            printer.progress(p);
        }
    }

    /** The stateful search's own status (states stored, transitions, states/s, depth) replaces the common one. */
    private volatile boolean stateful;

    @Override
    public void progress(mprogsim.scheduler.stateful.StatefulProgress p) {
        stateful = true;
        if (printer instanceof ProgressPrinter pp) {
            pp.line(p.line());
        }
    }

    /** What finished and what was cut short, when the run is interrupted; nothing when it ended by itself. */
    synchronized List<String> interruptedSummary() {
        if (over) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        if (running != null) {
            StringBuilder sb = new StringBuilder("INTERRUPTED " + running);
            if (latest != null) {
                sb.append(String.format(Locale.ROOT, " (%s, %,d executions, %,d steps, %.1f s so far)",
                        latest.strategy(), latest.executions(), latest.steps(), latest.elapsedNanos() / 1e9));
            }
            sb.append(": no verdict (an interrupted exploration is not a pass)");
            lines.add(sb.toString());
        }
        int notStarted = total - passed - failed - (running != null ? 1 : 0);
        lines.add("interrupted: " + passed + " passed, " + failed + " failed" + (failedNames.isEmpty() ? ""
                : " (" + String.join(", ", failedNames) + ")") + ", " + (running != null ? "1 interrupted, " : "")
                + notStarted + " not started, of " + total);
        return lines;
    }

    void printInterrupted(PrintWriter out) {
        List<String> lines = interruptedSummary();
        lines.forEach(out::println);
        out.flush();
    }
}
