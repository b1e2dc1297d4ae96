package mprogsim.cli;

import java.io.PrintStream;
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

    @Override
    public synchronized void progress(Progress p) {
        StringBuilder sb = new StringBuilder("mprogsim: ").append(scenario).append(": ").append(p.strategy())
                .append(", ").append(p.executions()).append(" executions (")
                .append(Math.round(p.executionsPerSecond())).append("/s), ")
                .append(Math.round(p.elapsedNanos() / 1e9)).append(" s");
        double total = p.estimatedTotalExecutions();
        if (!Double.isNaN(total) && total > 0) {
            sb.append(", ~").append(Math.min(100, Math.round(100.0 * p.executions() / total)))
                    .append("% of an estimated ").append(Math.round(total));
        }
        if (p.unitsTotal() > 0) {
            sb.append(", units ").append(p.unitsDone()).append('/').append(p.unitsTotal());
        }
        if (terminal) {
            err.print("\r\033[K" + sb);
        } else {
            err.println(sb);
        }
        err.flush();
        printed = true;
    }
}
