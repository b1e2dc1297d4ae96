package mprogsim.scheduler.timed;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/** What one timed run measured: latency histograms of spans and waits, gauge series, and any violation. */
public final class TimedResult {
    public long seed;
    public long run;
    /** Virtual time at which the last step ended. */
    public long endNanos;
    public long steps;
    public long violations;
    public String violationDetail = "";
    /** The processes in step order: replaying it re-runs this execution exactly. */
    public int[] schedule = new int[0];
    /** False when a step cap or the wall-clock limit ended the run before every thread finished. */
    public boolean complete;
    public String stopReason;
    public long wallNanos;

    public String[] spanNames;
    public Histogram[] spans;
    public String[] kindNames;
    /** Per step kind: how long a step waited between being ready and running (a held lock, a grace period). */
    public Histogram[] waits;
    public String[] gaugeNames;
    public long[][] seriesTime;
    public long[][] seriesValue;
    public int[] seriesLength;
    public long[] peak;
    public long[] peakTime;

    /** The gauge series reduced to at most {@code points} buckets over the run, each holding its maximum. */
    public long[][] bucketed(int gauge, int points) {
        int len = seriesLength[gauge];
        long end = Math.max(1, endNanos);
        int buckets = Math.max(1, points);
        long[] time = new long[buckets];
        long[] max = new long[buckets];
        Arrays.fill(max, -1);
        long value = 0;
        int k = 0;
        for (int b = 0; b < buckets; b++) {
            long bucketEnd = (long) ((double) end * (b + 1) / buckets);
            time[b] = (long) ((double) end * b / buckets);
            long m = value;
            while (k < len && seriesTime[gauge][k] <= bucketEnd) {
                value = seriesValue[gauge][k++];
                m = Math.max(m, value);
            }
            max[b] = m;
        }
        return new long[][] {time, max};
    }
}
