package mprogsim.scheduler;

import java.util.Arrays;

/**
 * The printable form of an execution: which process moved at each step, run-length encoded as
 * {@code "0*5.1*2.0"} (process 0 five times, then 1 twice, then 0 once). Replaying it re-runs the execution exactly.
 */
public final class Schedule {
    private Schedule() {
    }

    public static String encode(int[] procs, int length) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < length) {
            int p = procs[i];
            int j = i;
            while (j < length && procs[j] == p) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(p);
            if (j - i > 1) {
                sb.append('*').append(j - i);
            }
            i = j;
        }
        return sb.toString();
    }

    /** Parses a schedule string; throws IllegalArgumentException naming the bad part. */
    public static int[] decode(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        int[] out = new int[16];
        int n = 0;
        for (String part : t.split("\\.")) {
            String[] pc = part.split("\\*");
            int p;
            int count = 1;
            try {
                p = Integer.parseInt(pc[0]);
                if (pc.length == 2) {
                    count = Integer.parseInt(pc[1]);
                } else if (pc.length > 2) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad schedule part \"" + part
                        + "\": expected PROCESS or PROCESS*COUNT, parts separated by dots");
            }
            if (p < 0 || count < 1) {
                throw new IllegalArgumentException("bad schedule part \"" + part + "\"");
            }
            while (n + count > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            Arrays.fill(out, n, n + count, p);
            n += count;
        }
        return Arrays.copyOf(out, n);
    }
}
