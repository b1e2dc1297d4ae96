package mprogsim.scenario;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;

/**
 * The step simulator as the engine explores it when the file expects a violation: an execution ends at its first
 * violating step, and only an execution whose first violating step broke the expected invariant is reported.
 *
 * <p>"First" is taken per trace, not per interleaving, so that it means the same to every explorer, DPOR included:
 * a step that breaks the expected invariant counts when no violating step lies in its causal past (the earlier
 * steps it depends on through its own thread or through conflicting accesses, transitively). Such a step is the
 * first violating step of an execution the scenario has: the one that runs its causal past, then it. Violating
 * steps that do not count, and every step that depends on one, are left out of the execution the same way; the
 * engine still runs them, so that it sees every execution whole and its partial-order reduction stays sound, but
 * nothing they break is reported. The end-of-execution checks count only when no step broke anything.
 *
 * <p>Not for the hot path of files that expect a pass: there the first violation of any kind ends the whole run,
 * and the engine does that alone.
 */
final class FirstViolation implements Program {
    private final TcxSimulation sim;
    private final long expected;
    private final AtomicLong endedOtherwise;
    private final int max;
    private final long[] current;
    /** Footprints of the steps left out of this execution: violating ones and those depending on them. */
    private long[] outFootprints;
    private int[] outLength = new int[16];
    private int out;
    private long outProcesses;
    private long reported;
    private long otherwise;

    /**
     * @param expected       the bit of the expected invariant
     * @param endedOtherwise collects, over a whole exploration, the invariants that ended executions first
     */
    FirstViolation(TcxSimulation sim, long expected, AtomicLong endedOtherwise) {
        this.sim = sim;
        this.expected = expected;
        this.endedOtherwise = endedOtherwise;
        this.max = sim.maxFootprint();
        this.current = new long[max];
        this.outFootprints = new long[16 * max];
    }

    @Override
    public void reset() {
        sim.reset();
        out = 0;
        outProcesses = 0;
        reported = 0;
        otherwise = 0;
    }

    @Override
    public void step(int p) {
        int len = sim.footprint(p, current, 0);
        long before = sim.allViolations();
        sim.step(p);
        long raised = sim.allViolations() & ~before;
        boolean dependsOnLeftOut = (outProcesses & (1L << p)) != 0 || dependsOnLeftOut(len);
        if (raised != 0 && !dependsOnLeftOut) {
            if ((raised & expected) != 0 && reported == 0) {
                reported = raised;
            } else {
                otherwise |= raised;
            }
        }
        if (raised != 0 || dependsOnLeftOut) {
            leaveOut(p, len);
        }
    }

    private boolean dependsOnLeftOut(int len) {
        for (int i = 0; i < out; i++) {
            if (Footprint.conflict(current, 0, len, outFootprints, i * max, outLength[i])) {
                return true;
            }
        }
        return false;
    }

    private void leaveOut(int p, int len) {
        if (out == outLength.length) {
            outLength = Arrays.copyOf(outLength, out * 2);
            outFootprints = Arrays.copyOf(outFootprints, out * 2 * max);
        }
        System.arraycopy(current, 0, outFootprints, out * max, len);
        outLength[out++] = len;
        outProcesses |= 1L << p;
    }

    @Override
    public long violations() {
        return reported;
    }

    @Override
    public long finish() {
        if (reported != 0) {
            return reported;
        }
        if (out == 0) {
            long f = sim.finish();
            if ((f & expected) != 0) {
                return f;
            }
            otherwise |= f;
        }
        if (otherwise != 0) {
            endedOtherwise.getAndAccumulate(otherwise, (a, b) -> a | b);
        }
        return 0;
    }

    /**
     * The steps of {@code schedule} its last step depends on, and that step, in their order: an execution whose
     * first violating step is the last one, when the last one counts as described above.
     */
    static int[] causalPast(Program program, int[] schedule) {
        int len = schedule.length;
        int max = program.maxFootprint();
        long[] fps = new long[Math.max(1, len) * max];
        int[] fl = new int[len];
        program.reset();
        for (int i = 0; i < len; i++) {
            fl[i] = program.footprint(schedule[i], fps, i * max);
            program.step(schedule[i]);
        }
        boolean[] keep = new boolean[len];
        int kept = 0;
        for (int j = len - 1; j >= 0; j--) {
            boolean k = j == len - 1;
            for (int i = j + 1; i < len && !k; i++) {
                k = keep[i] && (schedule[i] == schedule[j]
                        || Footprint.conflict(fps, i * max, fl[i], fps, j * max, fl[j]));
            }
            keep[j] = k;
            kept += k ? 1 : 0;
        }
        int[] past = new int[kept];
        int n = 0;
        for (int i = 0; i < len; i++) {
            if (keep[i]) {
                past[n++] = schedule[i];
            }
        }
        return past;
    }

    // ---- the rest is the simulator's --------------------------------------------------------------------------

    @Override
    public int processes() {
        return sim.processes();
    }

    @Override
    public String processName(int p) {
        return sim.processName(p);
    }

    @Override
    public int status(int p) {
        return sim.status(p);
    }

    @Override
    public int footprint(int p, long[] outBuffer, int off) {
        return sim.footprint(p, outBuffer, off);
    }

    @Override
    public int maxFootprint() {
        return max;
    }

    @Override
    public void continueAfterViolation(boolean on) {
        sim.continueAfterViolation(on);
    }

    @Override
    public String outcome() {
        return sim.outcome();
    }

    @Override
    public String describeNextStep(int p) {
        return sim.describeNextStep(p);
    }

    @Override
    public String violationName(int bit) {
        return sim.violationName(bit);
    }

    @Override
    public String violationDetail() {
        return sim.violationDetail();
    }
}
