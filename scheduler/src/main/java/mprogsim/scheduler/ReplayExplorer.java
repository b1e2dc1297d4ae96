package mprogsim.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs one execution exactly, from its schedule (see {@link Schedule}). A schedule that names a process that
 * cannot move at that step, or a process the program does not have, is an error naming the step
 * ({@link ScheduleMismatchException}). The replay stops at the first violation when the budget says so, as the
 * exploration that printed the schedule did; a schedule that goes on after that point is an error too.
 */
public final class ReplayExplorer implements Explorer {
    private final int[] schedule;

    public ReplayExplorer(int[] schedule) {
        this.schedule = schedule.clone();
    }

    /** @throws IllegalArgumentException when the text is not a schedule */
    public ReplayExplorer(String schedule) {
        this(Schedule.decode(schedule));
    }

    @Override
    public String name() {
        return "replay";
    }

    public int[] schedule() {
        return schedule.clone();
    }

    @Override
    public ExplorationResult explore(Program program, Budget budget, ExecutionListener listener) {
        ExplorationResult r = new ExplorationResult();
        r.strategy = name();
        long start = System.nanoTime();
        program.reset();
        long violations = 0;
        int taken = 0;
        for (int i = 0; i < schedule.length; i++) {
            if (violations != 0 && budget.stopOnViolation()) {
                throw new ScheduleMismatchException(i, schedule[i], "schedule step " + i + " comes after the"
                        + " violation at step " + (i - 1) + " (" + describeViolations(program, violations)
                        + "); the schedule has " + schedule.length + " steps, the execution ended after " + i);
            }
            checkStep(program, i, schedule[i]);
            program.step(schedule[i]);
            taken++;
            violations = program.violations();
        }
        r.steps = taken;
        boolean canMove = false;
        for (int q = 0; q < program.processes() && !canMove; q++) {
            canMove = program.status(q) == Program.ENABLED;
        }
        boolean maximal = !canMove && (violations == 0 || !budget.stopOnViolation());
        if (maximal) {
            violations |= program.finish();
        }
        r.executions = 1;
        r.complete = true;
        listener.executionEnded(program, schedule, schedule.length, violations, maximal);
        if (violations != 0) {
            r.noteViolation(violations, schedule, schedule.length, 0, System.nanoTime() - start);
        }
        r.elapsedNanos = System.nanoTime() - start;
        return r;
    }

    /**
     * Replays {@code schedule} on {@code program} and describes every step, for a readable trace; the replay stops
     * after the schedule's last step. Not for the hot path.
     *
     * @throws ScheduleMismatchException as {@link #explore} does
     */
    public static List<TraceStep> trace(Program program, int[] schedule) {
        List<TraceStep> steps = new ArrayList<>(schedule.length);
        program.reset();
        for (int i = 0; i < schedule.length; i++) {
            int p = schedule[i];
            checkStep(program, i, p);
            String what = program.describeNextStep(p);
            program.step(p);
            steps.add(new TraceStep(i, p, program.processName(p), what, program.violations()));
        }
        return steps;
    }

    private static void checkStep(Program program, int i, int p) {
        int n = program.processes();
        if (p < 0 || p >= n) {
            throw new ScheduleMismatchException(i, p, "schedule step " + i + " names process " + p
                    + ", but the program has " + n + " processes (0 to " + (n - 1) + ")");
        }
        int st = program.status(p);
        if (st != Program.ENABLED) {
            String why = st == Program.DONE ? "has finished" : "is blocked (" + program.describeNextStep(p) + ")";
            throw new ScheduleMismatchException(i, p, "schedule step " + i + " names process " + p + " ("
                    + program.processName(p) + "), which " + why + " at that point; enabled there: "
                    + enabledNames(program));
        }
    }

    private static String enabledNames(Program program) {
        List<String> names = new ArrayList<>();
        for (int q = 0; q < program.processes(); q++) {
            if (program.status(q) == Program.ENABLED) {
                names.add(q + " (" + program.processName(q) + ")");
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String describeViolations(Program program, long bits) {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < 64; b++) {
            if ((bits & (1L << b)) != 0) {
                names.add(program.violationName(b));
            }
        }
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        return "replay " + Schedule.encode(schedule, schedule.length) + " (" + schedule.length + " steps)";
    }
}
