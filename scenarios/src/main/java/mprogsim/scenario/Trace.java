package mprogsim.scenario;

import java.util.ArrayList;
import java.util.List;
import mprogsim.scheduler.Program;

/**
 * One execution re-run from its schedule, step by step, with what each step did: the readable form of a
 * counterexample. Replaying is exact: the same program and schedule always give the same steps.
 */
public final class Trace {
    /** One step: its number (from 1), the thread, and what it did. */
    public record Step(int index, int process, String thread, String text) {
    }

    public final List<Step> steps = new ArrayList<>();
    public long violations;
    public String detail = "";
    /** Null when the schedule ran to its end; otherwise why it could not. */
    public String error;
    public boolean finished;
    /** How many steps of the schedule were left when a violation ended the execution before its end. */
    public int unrun;

    private Trace() {
    }

    /**
     * Replays {@code schedule} on {@code program} from its initial state. Stops at the first step whose thread
     * cannot move (recorded in {@link #error}) and after the first step that breaks an invariant (a violation ends
     * an execution: the steps left are counted in {@link #unrun}); when every thread has finished or none can move,
     * runs the end-of-execution checks too.
     */
    public static Trace replay(Program program, int[] schedule) {
        Trace t = new Trace();
        program.reset();
        int n = program.processes();
        for (int i = 0; i < schedule.length; i++) {
            int p = schedule[i];
            if (p < 0 || p >= n) {
                t.error = "step " + (i + 1) + " names thread " + p + ", but the scenario has threads 0.." + (n - 1);
                break;
            }
            if (program.status(p) != Program.ENABLED) {
                t.error = "step " + (i + 1) + ": thread " + program.processName(p) + " cannot move here ("
                        + (program.status(p) == Program.DONE ? "it has finished" : "it is blocked: "
                        + program.describeNextStep(p)) + ")";
                break;
            }
            t.steps.add(new Step(i + 1, p, program.processName(p), program.describeNextStep(p)));
            program.step(p);
            if (program.violations() != 0) {
                t.unrun = schedule.length - (i + 1);
                break;
            }
        }
        t.violations = program.violations();
        if (t.error == null && t.violations == 0) {
            boolean anyEnabled = false;
            for (int p = 0; p < n; p++) {
                anyEnabled |= program.status(p) == Program.ENABLED;
            }
            if (!anyEnabled) {
                t.violations = program.finish();
                t.finished = true;
            }
        }
        t.detail = program.violationDetail();
        return t;
    }

    /** One line per step naming the thread, indented for the check report. */
    public List<String> lines(String indent) {
        List<String> out = new ArrayList<>();
        int width = 1;
        for (Step s : steps) {
            width = Math.max(width, s.thread().length());
        }
        int numWidth = Integer.toString(Math.max(1, steps.size())).length();
        for (Step s : steps) {
            out.add(indent + String.format("%" + numWidth + "d  %-" + width + "s  %s", s.index(), s.thread(),
                    s.text()));
        }
        return out;
    }
}
