package mprogsim.scheduler.timed;

import java.util.Arrays;
import java.util.SplittableRandom;
import mprogsim.scheduler.Program;
import org.HdrHistogram.Histogram;

/**
 * Discrete-event simulation in virtual time: every process's next step ends at its ready time plus a duration
 * drawn for the step's kind, and the engine always runs the step that ends first (ties broken by the seed). A
 * process blocked on a lock or a grace period becomes ready when it is enabled again; activities wait for their
 * arrivals. The same program, timing model, seed and run index give the same run, step for step.
 */
public final class TimedSimulator {
    private final long maxSteps;
    private final double wallLimitSeconds;

    public TimedSimulator(long maxSteps, double wallLimitSeconds) {
        this.maxSteps = maxSteps;
        this.wallLimitSeconds = wallLimitSeconds;
    }

    /** The random stream of run {@code run} of seed {@code seed}: each run can be reproduced on its own. */
    public static SplittableRandom randomFor(long seed, long run) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + run * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    public TimedResult run(TimedProgram program, TimingModel timing, long seed, long runIndex,
                           boolean stopOnViolation) {
        long wallStart = System.nanoTime();
        long wallDeadline = wallLimitSeconds <= 0 ? Long.MAX_VALUE : wallStart + (long) (wallLimitSeconds * 1e9);
        SplittableRandom rnd = randomFor(seed, runIndex);
        int n = program.processes();
        String[] kinds = program.stepKinds();
        String[] spanNames = program.spanNames();
        String[] gaugeNames = program.gaugeNames();
        TimedResult r = new TimedResult();
        r.seed = seed;
        r.run = runIndex;
        r.spanNames = spanNames;
        r.kindNames = kinds;
        r.gaugeNames = gaugeNames;
        r.spans = new Histogram[spanNames.length];
        for (int i = 0; i < spanNames.length; i++) {
            r.spans[i] = new Histogram(3);
        }
        r.waits = new Histogram[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            r.waits[i] = new Histogram(3);
        }
        int g = gaugeNames.length;
        r.seriesTime = new long[g][64];
        r.seriesValue = new long[g][64];
        r.seriesLength = new int[g];
        r.peak = new long[g];
        r.peakTime = new long[g];
        long[] gaugeNow = new long[g];

        program.reset();
        long[] ready = new long[n];
        long[] duration = new long[n];
        long[] pendingSince = new long[n];
        long[] lastArrival = new long[n];
        int[] arrivalIndex = new int[n];
        boolean[] wasEnabled = new boolean[n];
        long[][] spanStart = new long[n][spanNames.length];
        int[] schedule = new int[1024];
        int length = 0;
        long now = 0;
        for (int i = 0; i < g; i++) {
            gaugeNow[i] = program.gauge(i);
            record(r, i, 0, gaugeNow[i]);
        }
        for (int p = 0; p < n; p++) {
            prepare(program, timing, rnd, p, 0, ready, duration, pendingSince, lastArrival, arrivalIndex);
        }
        r.complete = true;
        while (true) {
            int best = -1;
            long bestEnd = Long.MAX_VALUE;
            int ties = 0;
            for (int p = 0; p < n; p++) {
                if (program.status(p) != Program.ENABLED) {
                    wasEnabled[p] = false;
                    continue;
                }
                if (!wasEnabled[p]) {
                    // Enabled again after a wait: it can start no earlier than now.
                    ready[p] = Math.max(ready[p], now);
                    wasEnabled[p] = true;
                }
                long end = ready[p] + duration[p];
                if (end < bestEnd) {
                    best = p;
                    bestEnd = end;
                    ties = 1;
                } else if (end == bestEnd && rnd.nextInt(++ties) == 0) {
                    best = p;
                }
            }
            if (best < 0) {
                r.violations = program.finish();
                break;
            }
            if (r.steps >= maxSteps) {
                r.complete = false;
                r.stopReason = "step limit";
                r.violations = program.violations();
                break;
            }
            if ((r.steps & 4095) == 0 && System.nanoTime() > wallDeadline) {
                r.complete = false;
                r.stopReason = "time limit";
                r.violations = program.violations();
                break;
            }
            long start = ready[best];
            int kind = program.stepKind(best);
            long waited = start - pendingSince[best];
            if (waited > 0) {
                r.waits[kind].recordValue(waited);
            }
            long marks = program.spanMarks(best);
            if (length == schedule.length) {
                schedule = Arrays.copyOf(schedule, length * 2);
            }
            schedule[length++] = best;
            program.step(best);
            now = bestEnd;
            r.steps++;
            while (marks != 0) {
                int bit = Long.numberOfTrailingZeros(marks);
                marks &= marks - 1;
                int span = bit >> 1;
                if ((bit & 1) == 0) {
                    spanStart[best][span] = start;
                } else {
                    r.spans[span].recordValue(Math.max(0, now - spanStart[best][span]));
                }
            }
            for (int i = 0; i < g; i++) {
                long v = program.gauge(i);
                if (v != gaugeNow[i]) {
                    gaugeNow[i] = v;
                    record(r, i, now, v);
                }
            }
            if (stopOnViolation && program.violations() != 0) {
                r.violations = program.violations();
                r.complete = false;
                r.stopReason = "violation";
                break;
            }
            prepare(program, timing, rnd, best, now, ready, duration, pendingSince, lastArrival, arrivalIndex);
        }
        r.endNanos = now;
        r.schedule = Arrays.copyOf(schedule, length);
        r.violationDetail = program.violationDetail();
        r.wallNanos = System.nanoTime() - wallStart;
        return r;
    }

    private static void prepare(TimedProgram program, TimingModel timing, SplittableRandom rnd, int p, long now,
                                long[] ready, long[] duration, long[] pendingSince, long[] lastArrival,
                                int[] arrivalIndex) {
        if (program.status(p) == Program.DONE) {
            return;
        }
        long at = now;
        if (program.startsArrival(p)) {
            Arrivals a = timing.arrivals()[p];
            if (a != null) {
                long next;
                if (a.atNanos() != null) {
                    next = arrivalIndex[p] < a.atNanos().length ? a.atNanos()[arrivalIndex[p]++] : -1;
                } else {
                    lastArrival[p] += a.gap().sample(rnd);
                    next = lastArrival[p] <= a.horizonNanos() ? lastArrival[p] : -1;
                }
                if (next < 0) {
                    program.retire(p);
                    if (program.status(p) == Program.DONE) {
                        return;
                    }
                } else {
                    at = Math.max(now, next);
                }
            }
        }
        ready[p] = at;
        pendingSince[p] = at;
        duration[p] = timing.byKind()[program.stepKind(p)].sample(rnd);
    }

    private static void record(TimedResult r, int gauge, long time, long value) {
        int len = r.seriesLength[gauge];
        if (len == r.seriesTime[gauge].length) {
            r.seriesTime[gauge] = Arrays.copyOf(r.seriesTime[gauge], len * 2);
            r.seriesValue[gauge] = Arrays.copyOf(r.seriesValue[gauge], len * 2);
        }
        r.seriesTime[gauge][len] = time;
        r.seriesValue[gauge][len] = value;
        r.seriesLength[gauge] = len + 1;
        if (value > r.peak[gauge]) {
            r.peak[gauge] = value;
            r.peakTime[gauge] = time;
        }
    }
}
