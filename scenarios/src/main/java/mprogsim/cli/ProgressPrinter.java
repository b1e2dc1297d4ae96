package mprogsim.cli;

import java.io.PrintStream;
import java.util.Locale;
import mprogsim.scheduler.Progress;
import mprogsim.scheduler.ProgressListener;

/** Prints a status line for a long exploration on stderr, about once a second. */
final class ProgressPrinter implements ProgressListener {
    private final PrintStream err;
    private final boolean terminal;
    private volatile String scenario = "";
    private boolean printed;

    ProgressPrinter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** On when stderr is a terminal, or when asked for; off when asked to be quiet. */
    static ProgressListener choose(Boolean asked) {
        boolean terminal = System.console() != null;
        boolean on = asked != null ? asked : terminal;
        return on ? new ProgressPrinter(System.err, terminal) : ProgressListener.NONE;
    }

    void scenario(String name) {
        scenario = name;
    }

    /** Ends the status line of the scenario that just finished. */
    synchronized void done() {
        if (printed && terminal) {
            err.print("\r\033[K");
            err.flush();
        }
        printed = false;
    }

    /** Ends an open status line, so that what follows an interruption starts on a line of its own. */
    synchronized void interrupted() {
        if (printed && terminal) {
            err.print("\r\033[K");
            err.flush();
        }
        printed = false;
    }

    @Override
    public synchronized void progress(Progress p) {
        line(line(p));
    }

    /** Prints one status line (the stateful search writes its own: states stored, transitions, depth). */
    synchronized void line(String status) {
        String line = "mprogsim: " + scenario + ": " + status;
        if (terminal) {
            err.print("\r\033[K" + line);
        } else {
            err.println(line);
        }
        err.flush();
        printed = true;
    }

    /**
     * The status: executions, rate, time. A percentage only where the total is known, the execution budget of a
     * random or PCT run. An exhaustive run's size is not known until it ends: the estimates tried (the shape of the
     * tree so far, subtrees done of those planned) swung from 18% to 72% of totals that kept growing, or stood still
     * for minutes while one large subtree ran, so none is shown.
     */
    static String line(Progress p) {
        StringBuilder sb = new StringBuilder(p.strategy()).append(", ");
        boolean budgeted = (p.strategy().equals("random") || p.strategy().equals("pct"))
                && !Double.isNaN(p.estimatedTotalExecutions()) && p.estimatedTotalExecutions() > 0;
        sb.append(String.format(Locale.ROOT, "%,d", p.executions()));
        if (budgeted) {
            long total = Math.round(p.estimatedTotalExecutions());
            sb.append(String.format(Locale.ROOT, " of %,d executions (%d%%)", total,
                    Math.min(100, 100 * p.executions() / Math.max(1, total))));
        } else {
            sb.append(" executions");
        }
        // Steps per second too: a run of long executions may finish none in a second and still be moving.
        sb.append(String.format(Locale.ROOT, ", %,d steps (%,d executions/s, %,d steps/s), %d s", p.steps(),
                Math.round(p.executionsPerSecond()), Math.round(p.stepsPerSecond()),
                Math.round(p.elapsedNanos() / 1e9)));
        return sb.toString();
    }
}
