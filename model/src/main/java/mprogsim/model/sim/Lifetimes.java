package mprogsim.model.sim;

import java.util.Arrays;
import mprogsim.model.tcx.TcxState;
import mprogsim.scheduler.Footprint;

/**
 * The lifetimes of progs, links and bundles: reference puts, the release of a prog whose last reference went, frees
 * (with their reference checks), what a reader may run, and the end-of-run check that every count equals what
 * still refers to the object and that nothing unreferenced lives on. The counts and lifecycle fields themselves are
 * kernel memory ({@link TcxState}).
 *
 * <p>Execution state: for each released prog, the readers that were inside a critical section when it was
 * released and which section each was in (only they may still run it). Configuration: the release check (rcu or
 * strict) and the number of progs.
 */
final class Lifetimes {
    private final TcxState s;
    private final Rcu rcu;
    private final Violations violations;
    private final Names names;
    private final boolean strict;
    private final int progs;

    private final long[] insideAtRelease;
    private final int[][] sectionAtRelease;

    Lifetimes(TcxState memory, Rcu rcu, Violations violations, Names names, boolean strict, int progs) {
        this.s = memory;
        this.rcu = rcu;
        this.violations = violations;
        this.names = names;
        this.strict = strict;
        this.progs = progs;
        insideAtRelease = new long[progs + 1];
        sectionAtRelease = new int[progs + 1][rcu.readers()];
    }

    /**
     * Weak memory: per prog, released but not yet behind a grace period. Until a grace period that orders the release
     * starts, a reader may still read the stale slot that leads to the prog even in a section begun after the
     * release (nothing orders the unpublishing store before it), so use_after_release is judged from that start.
     */
    private boolean[] pendingRelease;

    void useWeak() {
        pendingRelease = new boolean[insideAtRelease.length];
    }

    /** Weak memory: a grace period that orders the release of prog q (every prog when q is -1) starts now. */
    void graceOrdersReleases(int q) {
        for (int p = 1; p < pendingRelease.length; p++) {
            if (pendingRelease[p] && (q < 0 || q == p)) {
                pendingRelease[p] = false;
                insideAtRelease[p] = rcu.snapshot(sectionAtRelease[p]);
            }
        }
    }

    /** Weak memory: the pending releases in the canonical form. */
    int weakKey(int[] out, int k) {
        for (int p = 1; p < pendingRelease.length; p++) {
            out[k++] = pendingRelease[p] ? 1 : 0;
        }
        return k;
    }

    void reset() {
        Arrays.fill(insideAtRelease, 0);
        if (pendingRelease != null) {
            Arrays.fill(pendingRelease, false);
        }
    }

    /** bpf_prog_put's decrement; true when it dropped the last reference (the release is the caller's next step). */
    boolean putProg(String by, int q) {
        int r = --s.progRefcnt[q];
        if (r < 0) {
            violations.violate(Invariant.REFCOUNT, by + " drops a reference of " + names.prog(q)
                    + " it does not hold (count " + r + ")");
            return false;
        }
        return r == 0;
    }

    /** The prog's last reference is gone; readers that enter from now on must not reach it. */
    void release(int q) {
        s.progLife[q] = TcxState.RELEASED;
        if (pendingRelease != null) {
            pendingRelease[q] = true;
            insideAtRelease[q] = 0;
            return;
        }
        insideAtRelease[q] = rcu.snapshot(sectionAtRelease[q]);
    }

    /** bpf_link_put's decrement; true when it dropped the last reference (the link is released). */
    boolean putLink(String by, int l) {
        int r = --s.linkRefcnt[l];
        if (r < 0) {
            violations.violate(Invariant.REFCOUNT, by + " drops a reference of " + names.link(l)
                    + " it does not hold (count " + r + ")");
            return false;
        }
        if (r == 0) {
            s.linkLife[l] = TcxState.RELEASED;
            return true;
        }
        return false;
    }

    void freeProg(int q, String by) {
        if (s.progRefcnt[q] > 0) {
            violations.violate(Invariant.REFCOUNT, by + " frees " + names.prog(q) + " while it still has "
                    + s.progRefcnt[q] + " references");
        }
        s.progLife[q] = TcxState.FREED;
    }

    void freeBundle(int b, String by) {
        for (int h = 0; h < s.hooks(); h++) {
            int e = s.hookEntry[h];
            if (e != TcxState.NULL_ENTRY && TcxState.bundleOf(e) == b) {
                violations.violate(Invariant.REFCOUNT, by + " frees bundle " + b + " while " + Names.hook(h)
                        + " still points to it");
            }
        }
        s.bundleLife[b] = TcxState.FREED;
    }

    void freeLink(int l, String by) {
        if (s.linkRefcnt[l] != 0) {
            violations.violate(Invariant.REFCOUNT, by + " frees " + names.link(l) + " with reference count "
                    + s.linkRefcnt[l]);
        }
        s.linkLife[l] = TcxState.FREED;
    }

    /** Reader r (process {@code who}) runs prog q: it must not be freed, nor released before r entered. */
    void checkRun(String who, int r, int q) {
        int life = s.progLife[q];
        if (life == TcxState.FREED) {
            violations.violate(Invariant.USE_AFTER_FREE, who + " runs " + names.prog(q) + ", already freed");
        } else if (life == TcxState.RELEASED) {
            if (strict) {
                violations.violate(Invariant.USE_AFTER_RELEASE, who + " runs " + names.prog(q)
                        + " after its last reference was dropped (strict release check)");
            } else if (pendingRelease != null && pendingRelease[q]) {
                return;
            } else if ((insideAtRelease[q] & (1L << r)) == 0 || sectionAtRelease[q][r] != rcu.sections(r)) {
                // The reader's current section began after the release.
                violations.violate(Invariant.USE_AFTER_RELEASE, who + " runs " + names.prog(q)
                        + ", whose last reference was dropped before the reader entered its critical section");
            }
        }
    }

    /** Whether bundle b's memory was freed (a reader touching it reads freed memory). */
    boolean freed(int b) {
        return s.bundleLife[b] == TcxState.FREED;
    }

    static int putLinkFootprint(int l, long[] out, int k) {
        out[k++] = Loc.write(Loc.LINK_REF, l);
        out[k++] = Loc.write(Loc.LINK, l);
        return k;
    }

    /** A free of bundle b checks that no hook points to it. */
    static int freeBundleFootprint(int b, long[] out, int k) {
        out[k++] = Loc.write(Loc.BUNDLE_MEM, b);
        out[k++] = Loc.write(Loc.BUNDLE, b);
        out[k++] = Loc.read(Loc.HOOK, Footprint.ALL);
        return k;
    }

    /** A free of prog q checks its count. */
    static int freeProgFootprint(int q, long[] out, int k) {
        out[k++] = Loc.read(Loc.PROG_REF, q);
        return k;
    }

    /** At the end, every count must equal what still refers to the object, and nothing unreferenced may live. */
    void checkReferences() {
        for (int q = 1; q <= progs; q++) {
            int refs = s.progFd[q] ? 1 : 0;
            for (int h = 0; h < s.hooks(); h++) {
                int e = s.hookEntry[h];
                if (e == TcxState.NULL_ENTRY) {
                    continue;
                }
                int b = TcxState.bundleOf(e);
                for (int i = 0; i < s.bundleCount[b] && i < s.slots; i++) {
                    if (s.fp[s.fpIndex(e, i)] == q && s.cp[s.cpIndex(b, i)] == 0) {
                        refs++;
                    }
                }
            }
            for (int l = 1; l <= s.linksCreated; l++) {
                if (s.linkLife[l] == TcxState.LIVE && s.linkProg[l] == q) {
                    refs++;
                }
            }
            if (s.progRefcnt[q] != refs) {
                violations.violate(Invariant.REFCOUNT, names.prog(q) + " ends with reference count "
                        + s.progRefcnt[q] + " but " + refs + " references to it remain");
            } else if (refs == 0 && s.progLife[q] != TcxState.FREED) {
                violations.violate(Invariant.REFCOUNT, names.prog(q) + " is referenced by nothing but was never freed");
            }
        }
        for (int l = 1; l <= s.linksCreated; l++) {
            if (s.linkLife[l] == TcxState.LIVE && s.linkRefcnt[l] != (s.linkFd[l] ? 1 : 0)) {
                violations.violate(Invariant.REFCOUNT, names.link(l) + " ends with reference count "
                        + s.linkRefcnt[l]);
            } else if (s.linkLife[l] == TcxState.RELEASED) {
                violations.violate(Invariant.REFCOUNT, names.link(l) + " lost its last reference but was never freed");
            }
        }
        for (int b = 0; b < s.bundlesUsed; b++) {
            // A netkit device's bundle is part of the device and is never freed, referenced or not.
            boolean referenced = s.netkit && b < 2;
            for (int h = 0; h < s.hooks(); h++) {
                int e = s.hookEntry[h];
                referenced |= e != TcxState.NULL_ENTRY && TcxState.bundleOf(e) == b;
            }
            if (!referenced && s.bundleLife[b] != TcxState.FREED) {
                violations.violate(Invariant.REFCOUNT, "bundle " + b + " is referenced by no hook but was never freed");
            }
        }
    }

    void dump(StringBuilder sb) {
        sb.append("released");
        for (int q = 1; q <= progs; q++) {
            long m = insideAtRelease[q];
            if (m != 0) {
                sb.append(' ').append(q).append(':');
                for (int r = 0; r < 64; r++) {
                    if ((m & (1L << r)) != 0) {
                        sb.append(r).append('@').append(sectionAtRelease[q][r]).append(',');
                    }
                }
            }
        }
        sb.append('\n');
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    int stateInts() {
        return (progs + 1) * (3 + rcu.readers());
    }

    int save(int[] out, int k) {
        for (int q = 0; q <= progs; q++) {
            long m = insideAtRelease[q];
            out[k++] = (int) (m >>> 32);
            out[k++] = (int) m;
            // Only the sections of the readers inside at the release are ever read; the rest is left over.
            int[] section = sectionAtRelease[q];
            while (m != 0) {
                int r = Long.numberOfTrailingZeros(m);
                m &= m - 1;
                out[k++] = section[r];
            }
            if (pendingRelease != null) {
                out[k++] = pendingRelease[q] ? 1 : 0;
            }
        }
        return k;
    }

    int restore(int[] in, int k) {
        for (int q = 0; q <= progs; q++) {
            long m = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
            insideAtRelease[q] = m;
            int[] section = sectionAtRelease[q];
            while (m != 0) {
                int r = Long.numberOfTrailingZeros(m);
                m &= m - 1;
                section[r] = in[k++];
            }
            if (pendingRelease != null) {
                pendingRelease[q] = in[k++] != 0;
            }
        }
        return k;
    }

    /**
     * The readers that may still run released prog q: inside the very section they were in at its release. Only
     * read while q is released (a freed prog is a use after free for anyone); a reader that left that section is
     * judged as one that was never inside, so this mask alone decides every later checkRun.
     */
    long mayStillRun(int q) {
        if (s.progLife[q] != TcxState.RELEASED) {
            return 0;
        }
        long m = insideAtRelease[q];
        long live = 0;
        while (m != 0) {
            int r = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            if (rcu.inside(r) && sectionAtRelease[q][r] == rcu.sections(r)) {
                live |= 1L << r;
            }
        }
        return live;
    }

    /**
     * Per reader, which released progs it may still run ({@link #mayStillRun}): prog q is bit (q - 1) % 32 of word
     * (q - 1) / 32 of the reader's {@link #readerKeyInts} words. Computed once per canonical form.
     */
    private int[] stillRuns;

    void computeStillRun() {
        int words = readerKeyInts();
        if (stillRuns == null) {
            stillRuns = new int[rcu.readers() * words];
        }
        Arrays.fill(stillRuns, 0);
        for (int q = 1; q <= progs; q++) {
            if (insideAtRelease[q] != 0) {
                long m = mayStillRun(q);
                int word = (q - 1) >>> 5;
                int bit = 1 << ((q - 1) & 31);
                while (m != 0) {
                    int r = Long.numberOfTrailingZeros(m);
                    m &= m - 1;
                    stillRuns[r * words + word] |= bit;
                }
            }
        }
    }

    int readerKeyInts() {
        return (progs + 31) / 32;
    }

    /** Reader r's part (after {@link #computeStillRun}): which released progs it may still run. */
    int readerKey(int r, int[] out, int k) {
        int words = readerKeyInts();
        for (int i = 0; i < words; i++) {
            out[k++] = stillRuns[r * words + i];
        }
        return k;
    }

}
