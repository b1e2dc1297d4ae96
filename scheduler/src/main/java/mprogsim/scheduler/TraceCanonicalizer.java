package mprogsim.scheduler;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts Mazurkiewicz traces independently of any reduction: each finished execution is replayed to collect its
 * steps' footprints and mapped to its lexicographic normal form (repeatedly take the lowest-numbered process whose
 * next event depends on nothing not yet taken). Two executions are equivalent exactly when their normal forms are
 * equal. For tests and reports on small programs; it allocates freely.
 */
public final class TraceCanonicalizer implements ExecutionListener {
    private final Set<String> traces = new HashSet<>();
    private final Set<String> outcomes = new HashSet<>();
    private long executions;
    private long duplicates;

    @Override
    public void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal) {
        executions++;
        if (!maximal) {
            // A cut execution's state is not a final state of the program.
            return;
        }
        outcomes.add(program.outcome());
        String form = normalForm(program, schedule, length);
        if (!traces.add(form)) {
            duplicates++;
        }
    }

    /** Replays {@code schedule} on {@code program} and returns the lexicographic normal form as a schedule string. */
    public static String normalForm(Program program, int[] schedule, int length) {
        int max = program.maxFootprint();
        long[] fps = new long[Math.max(1, length * max)];
        int[] off = new int[length];
        int[] len = new int[length];
        program.reset();
        int used = 0;
        for (int i = 0; i < length; i++) {
            if (used + max > fps.length) {
                fps = Arrays.copyOf(fps, fps.length * 2 + max);
            }
            off[i] = used;
            len[i] = program.footprint(schedule[i], fps, used);
            used += len[i];
            program.step(schedule[i]);
        }
        // Direct dependencies on earlier events.
        int[][] preds = new int[length][];
        for (int j = 0; j < length; j++) {
            int[] buf = new int[j];
            int k = 0;
            for (int i = 0; i < j; i++) {
                if (schedule[i] == schedule[j] || Footprint.conflict(fps, off[i], len[i], fps, off[j], len[j])) {
                    buf[k++] = i;
                }
            }
            preds[j] = Arrays.copyOf(buf, k);
        }
        boolean[] taken = new boolean[length];
        int[] out = new int[length];
        for (int step = 0; step < length; step++) {
            int best = -1;
            for (int j = 0; j < length; j++) {
                if (taken[j]) {
                    continue;
                }
                boolean ready = true;
                for (int pi : preds[j]) {
                    if (!taken[pi]) {
                        ready = false;
                        break;
                    }
                }
                if (ready && (best < 0 || schedule[j] < schedule[best])) {
                    best = j;
                }
            }
            taken[best] = true;
            out[step] = schedule[best];
        }
        return Schedule.encode(out, length);
    }

    public int traceCount() {
        return traces.size();
    }

    public Set<String> outcomes() {
        return outcomes;
    }

    public long executions() {
        return executions;
    }

    /** Maximal executions whose trace had been seen already (zero for an optimal exploration). */
    public long duplicates() {
        return duplicates;
    }
}
