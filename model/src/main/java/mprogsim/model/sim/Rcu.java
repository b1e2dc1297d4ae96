package mprogsim.model.sim;

import java.util.Arrays;
import mprogsim.scheduler.Footprint;

/**
 * RCU: the readers' read-side critical sections and the grace periods that wait for them. A grace period waits
 * exactly for the readers inside a critical section when it starts; it is over once each of them has left that
 * section. Any process may wait for a grace period (a writer in synchronize_rcu, a callback process before it frees
 * its object); its wait is kept under its process number.
 *
 * <p>Execution state: per reader whether it is inside and how many sections it has completed; per waiting process
 * the readers its grace period waits for and the section each was in. Configuration: the number of readers and
 * their process numbers.
 */
final class Rcu {
    private final int readers;
    private final int[] readerProcess;
    private final Names names;

    private final boolean[] inside;
    private final int[] sections;
    private final long[] waitMask;
    private final int[][] waitSection;
    /** The weak memory mode, told of every grace period's start; null under sequential consistency. */
    WeakTcx weak;

    Rcu(int readers, int[] readerProcess, int processes, Names names) {
        this.readers = readers;
        this.readerProcess = readerProcess;
        this.names = names;
        inside = new boolean[readers];
        sections = new int[readers];
        waitMask = new long[processes];
        waitSection = new int[processes][readers];
    }

    void reset() {
        Arrays.fill(inside, false);
        Arrays.fill(sections, 0);
        Arrays.fill(waitMask, 0);
    }

    // ---- read-side critical sections -------------------------------------------------------------------------

    /** rcu_read_lock of reader r. */
    void enter(int r) {
        inside[r] = true;
    }

    /** rcu_read_unlock of reader r. */
    void exit(int r) {
        inside[r] = false;
        sections[r]++;
    }

    boolean inside(int r) {
        return inside[r];
    }

    /** How many critical sections reader r has completed. */
    int sections(int r) {
        return sections[r];
    }

    int readers() {
        return readers;
    }

    /** The readers inside now, as a mask; the section each is in goes to {@code section}. */
    long snapshot(int[] section) {
        long mask = 0;
        for (int r = 0; r < readers; r++) {
            if (inside[r]) {
                mask |= 1L << r;
                section[r] = sections[r];
            }
        }
        return mask;
    }

    static int enterFootprint(int r, long[] out, int k) {
        out[k++] = Loc.write(Loc.RCU_CS, r);
        return k;
    }

    int exitFootprint(int r, long[] out, int k) {
        out[k++] = Loc.write(Loc.RCU_CS, r);
        out[k++] = Loc.write(Loc.RCU_EXIT, r, sections[r] % 0xffff);
        return k;
    }

    // ---- grace periods -----------------------------------------------------------------------------------------

    /** Process w starts a grace period: it will wait for the readers inside now. */
    void startGrace(int w) {
        if (weak != null) {
            weak.graceStarted(w);
        }
        waitMask[w] = snapshot(waitSection[w]);
    }

    /**
     * Whether w's grace period is waiting for reader r: r was inside when it started and has not left that section.
     * It stays so until r moves.
     */
    boolean waitsOn(int w, int r) {
        return (waitMask[w] & (1L << r)) != 0 && sections[r] <= waitSection[w][r];
    }

    /** Whether every reader inside at the start of w's grace period has left that critical section. */
    boolean graceOver(int w) {
        long m = waitMask[w];
        int[] section = waitSection[w];
        while (m != 0) {
            int r = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            if (sections[r] <= section[r]) {
                return false;
            }
        }
        return true;
    }

    /** The start of a grace period reads which readers are inside. */
    static int graceStartFootprint(long[] out, int k) {
        out[k++] = Loc.read(Loc.RCU_CS, Footprint.ALL);
        return k;
    }

    /** The end of w's grace period waits for the end of each section it waits for. */
    int graceEndFootprint(int w, long[] out, int k) {
        long m = waitMask[w];
        int[] section = waitSection[w];
        while (m != 0) {
            int r = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            out[k++] = Loc.await(Loc.RCU_EXIT, r, section[r] % 0xffff);
        }
        return k;
    }

    /** The readers w's grace period waits for, for traces. */
    String waitsFor(int w) {
        long mask = waitMask[w];
        if (mask == 0) {
            return "no reader";
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < readers; r++) {
            if ((mask & (1L << r)) != 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(names.process(readerProcess[r])).append(" pass ").append(waitSection[w][r] + 1);
            }
        }
        return sb.toString();
    }

    void dump(StringBuilder sb) {
        sb.append("rcu ").append(java.util.Arrays.toString(inside)).append(java.util.Arrays.toString(sections));
        for (int w = 0; w < waitMask.length; w++) {
            long m = waitMask[w];
            if (m != 0) {
                sb.append(" gp").append(w).append(':');
                for (int r = 0; r < readers; r++) {
                    if ((m & (1L << r)) != 0) {
                        sb.append(r).append('@').append(waitSection[w][r]).append(' ');
                    }
                }
            }
        }
        sb.append('\n');
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    int stateInts() {
        return 2 * readers + waitMask.length * (2 + readers);
    }

    int save(int[] out, int k) {
        for (int r = 0; r < readers; r++) {
            out[k++] = inside[r] ? 1 : 0;
            out[k++] = sections[r];
        }
        // Only the sections of the readers a grace period waits for are ever read (graceOver, pendingWait, dump):
        // the others are left over from earlier grace periods, and neither saved nor restored.
        for (int w = 0; w < waitMask.length; w++) {
            long m = waitMask[w];
            out[k++] = (int) (m >>> 32);
            out[k++] = (int) m;
            int[] section = waitSection[w];
            while (m != 0) {
                int r = Long.numberOfTrailingZeros(m);
                m &= m - 1;
                out[k++] = section[r];
            }
        }
        return k;
    }

    int restore(int[] in, int k) {
        for (int r = 0; r < readers; r++) {
            inside[r] = in[k++] != 0;
            sections[r] = in[k++];
        }
        for (int w = 0; w < waitMask.length; w++) {
            long m = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
            waitMask[w] = m;
            int[] section = waitSection[w];
            while (m != 0) {
                int r = Long.numberOfTrailingZeros(m);
                m &= m - 1;
                section[r] = in[k++];
            }
        }
        return k;
    }

    /**
     * The readers w's grace period still waits for: those still in the section it saw them in. A reader that left
     * that section can never hold the grace period again, and for one still in it the section is its current one,
     * so this mask alone decides every later graceOver.
     */
    long pendingWait(int w) {
        long m = waitMask[w];
        long live = 0;
        int[] section = waitSection[w];
        while (m != 0) {
            int r = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            if (sections[r] <= section[r]) {
                live |= 1L << r;
            }
        }
        return live;
    }

    /**
     * Per reader, the processes whose grace period still waits for it (bit w: {@link #pendingWait}(w) has r),
     * computed once per canonical form.
     */
    private long[] waitsFor;

    void computePending() {
        if (waitsFor == null) {
            waitsFor = new long[readers];
        }
        Arrays.fill(waitsFor, 0);
        for (int w = 0; w < waitMask.length; w++) {
            if (waitMask[w] != 0) {
                long m = pendingWait(w);
                while (m != 0) {
                    int r = Long.numberOfTrailingZeros(m);
                    m &= m - 1;
                    waitsFor[r] |= 1L << w;
                }
            }
        }
    }

    /**
     * With writer symmetry (after {@link #computePending}): renames the waiting processes in {@code moved} (a mask
     * of processes) to {@code perm[w]}, so that each reader's key names the grace periods waiting for it by their
     * writers' canonical positions, and the wait travels with the writer whose grace period it is.
     */
    void renameWaiters(int[] perm, long moved) {
        for (int r = 0; r < readers; r++) {
            long m = waitsFor[r] & moved;
            if (m == 0) {
                continue;
            }
            long renamed = waitsFor[r] & ~moved;
            while (m != 0) {
                int w = Long.numberOfTrailingZeros(m);
                m &= m - 1;
                renamed |= 1L << perm[w];
            }
            waitsFor[r] = renamed;
        }
    }

    /**
     * Reader r's part of the canonical form (after {@link #computePending}): inside, sections, and which grace
     * periods still wait for it.
     */
    int readerKey(int r, int[] out, int k) {
        out[k++] = inside[r] ? 1 : 0;
        out[k++] = sections[r];
        long waits = waitsFor[r];
        out[k++] = (int) (waits >>> 32);
        out[k++] = (int) waits;
        return k;
    }

}
