package mprogsim.scenario;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.sim.MemorySnapshot;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.model.tcx.Variant;
import mprogsim.scheduler.Program;

/**
 * Which steps of a trace the scenario's protocol variants changed, found by comparison with the kernel: the same
 * scenario without its variants runs along the same schedule (a thread that cannot move there is skipped; once the
 * schedule is used up the kernel run goes on, lowest thread first, so that the steps the kernel takes later exist
 * too). A step of the trace is marked when
 * <ul>
 *   <li>the kernel's thread could not move at that point of the schedule (it waits for a grace period or the lock
 *       the variant does without, or has finished), or</li>
 *   <li>it has no counterpart among its thread's kernel steps: each thread's steps are aligned with the kernel's by
 *       text and by effect on the hooks and bundles (longest common subsequence), and a step outside the alignment
 *       is one the kernel does not take, or takes elsewhere or with another effect, or</li>
 *   <li>it is the first step after kernel steps the variant left out (a lock, a grace period, a revision bump).</li>
 * </ul>
 *
 * <p>Only threads a variant acts on are compared: readers for the reader variants, writers and teardowns for the
 * others. A reader that saw other slots because a writer variant published them early also differs from the kernel's
 * reader, but the variant did not change the reader: the writer steps that published are the marked ones.
 */
public final class VariantMarks {
    /** Kernel steps beyond the trace's length: the kernel may need more steps (a grace period the variant skips). */
    private static final int EXTRA_STEPS_PER_STEP = 4;
    /** The alignment table's largest size (trace steps times kernel steps of one thread); longer traces go unmarked. */
    private static final long MAX_ALIGNMENT_CELLS = 4_000_000;

    private VariantMarks() {
    }

    /**
     * Per step of {@code trace} (a replay of {@code s} with its variants, with memory for the effects), the names of
     * the variants that changed it, empty when none did; all empty when {@code s} has no variants.
     */
    public static List<List<String>> of(Scenario s, Trace trace) {
        int n = trace.steps.size();
        List<List<String>> marks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            marks.add(List.of());
        }
        if (s.variants() == 0 || n == 0) {
            return marks;
        }
        List<String> names = Variant.names(s.variants());
        Scenario kernel = new Scenario(s.file(), s.name(), s.description(), s.maxProgs(), s.progFreeImmediate(),
                s.strictReleaseCheck(), s.progNames(), s.progTypes(), s.linkNames(), s.initial(), s.threads(),
                s.sequential(), 0, s.explore(), s.expect(), s.timing(), s.text(), s.memory());
        TcxSimulation sim = Simulations.of(kernel);
        int processes = sim.processes();
        List<List<String>> kernelSteps = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            kernelSteps.add(new ArrayList<>());
        }
        boolean[] kernelWaits = new boolean[n];
        sim.reset();
        MemorySnapshot before = trace.initialMemory != null ? MemorySnapshot.of(sim) : null;
        for (int i = 0; i < n; i++) {
            int p = trace.steps.get(i).process();
            if (p >= processes || sim.status(p) != Program.ENABLED) {
                kernelWaits[i] = true;
                continue;
            }
            before = kernelStep(sim, p, before, kernelSteps.get(p));
        }
        for (int extra = n * EXTRA_STEPS_PER_STEP; extra > 0; extra--) {
            int p = 0;
            while (p < processes && sim.status(p) != Program.ENABLED) {
                p++;
            }
            if (p == processes) {
                break;
            }
            before = kernelStep(sim, p, before, kernelSteps.get(p));
        }
        List<String> ours = new ArrayList<>();
        MemorySnapshot last = trace.initialMemory;
        for (Trace.Step step : trace.steps) {
            ours.add(key(step.text(), last, step.memory()));
            last = step.memory();
        }
        for (int p = 0; p < Math.min(processes, s.threads().size()); p++) {
            if (!changedBy(s.variants(), s.threads().get(p).kind())) {
                continue;
            }
            List<Integer> at = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (trace.steps.get(i).process() == p) {
                    at.add(i);
                    keys.add(ours.get(i));
                    if (kernelWaits[i]) {
                        marks.set(i, names);
                    }
                }
            }
            List<String> theirs = kernelSteps.get(p);
            if ((long) (keys.size() + 1) * (theirs.size() + 1) > MAX_ALIGNMENT_CELLS) {
                continue;
            }
            for (int k : unaligned(keys, theirs)) {
                marks.set(at.get(k), names);
            }
        }
        return marks;
    }

    private static MemorySnapshot kernelStep(TcxSimulation sim, int p, MemorySnapshot before, List<String> into) {
        String text = sim.describeNextStep(p);
        sim.step(p);
        MemorySnapshot after = before != null ? MemorySnapshot.of(sim) : null;
        into.add(key(text, before, after));
        return after;
    }

    /** A step as the alignment compares it: its text and what it changed in the hooks and bundles. */
    static String key(String text, MemorySnapshot before, MemorySnapshot after) {
        if (before == null || after == null) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text);
        for (int h = 0; h < after.hooks().size(); h++) {
            if (!after.hooks().get(h).equals(before.hooks().get(h))) {
                sb.append(" | ").append(after.hooks().get(h));
            }
        }
        for (MemorySnapshot.Bundle b : after.bundles()) {
            if (!before.bundles().contains(b)) {
                sb.append(" | ").append(b);
            }
        }
        for (MemorySnapshot.Bundle b : before.bundles()) {
            boolean gone = after.bundles().stream().noneMatch(x -> x.name().equals(b.name()));
            if (gone) {
                sb.append(" | ").append(b.name()).append(" gone");
            }
        }
        return sb.toString();
    }

    /**
     * The positions in {@code ours} that a longest common subsequence with {@code theirs} leaves out, and those right
     * after steps of {@code theirs} it leaves out (a step the variant skipped: the one taken in its place).
     */
    static List<Integer> unaligned(List<String> ours, List<String> theirs) {
        int n = ours.size();
        int m = theirs.size();
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = ours.get(i).equals(theirs.get(j)) ? len[i + 1][j + 1] + 1
                        : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        List<Integer> out = new ArrayList<>();
        boolean skippedTheirs = false;
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (ours.get(i).equals(theirs.get(j))) {
                if (skippedTheirs) {
                    out.add(i);
                    skippedTheirs = false;
                }
                i++;
                j++;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                out.add(i++);
                skippedTheirs = false;
            } else {
                j++;
                skippedTheirs = true;
            }
        }
        while (i < n) {
            out.add(i++);
        }
        return out;
    }

    /** Whether a variant in {@code variants} bends the steps of a thread of this kind. */
    static boolean changedBy(int variants, ThreadSpec.Kind kind) {
        int readerVariants = Variant.READER_USES_COUNT.bit() | Variant.READER_TAKES_LOCK.bit();
        return kind == ThreadSpec.Kind.READER ? (variants & readerVariants) != 0 : (variants & ~readerVariants) != 0;
    }
}
