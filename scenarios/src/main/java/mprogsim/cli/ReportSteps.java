package mprogsim.cli;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.sim.MemorySnapshot;
import mprogsim.reports.StepState;
import mprogsim.reports.TraceReport;
import mprogsim.scenario.Trace;

/** A replayed trace's steps as the reports take them: text, the variants that changed each, the memory after it. */
final class ReportSteps {
    private ReportSteps() {
    }

    /**
     * @param variants      per step, the variants that changed it (see {@link mprogsim.scenario.VariantMarks})
     * @param violatingStep the step after which the violation held, 0 when none: its state also shows the objects the
     *                      violation's detail names
     */
    static List<TraceReport.Step> of(Trace t, List<List<String>> variants, int violatingStep) {
        List<TraceReport.Step> out = new ArrayList<>();
        MemorySnapshot before = t.initialMemory;
        for (int i = 0; i < t.steps.size(); i++) {
            Trace.Step step = t.steps.get(i);
            StepState state = null;
            if (step.memory() != null) {
                String about = step.index() == violatingStep ? step.text() + "\n" + t.detail : step.text();
                state = state(step.memory(), before, about);
                before = step.memory();
            }
            out.add(new TraceReport.Step(step.index(), step.process(), step.text(), variants.get(i), state));
        }
        return out;
    }

    /**
     * Hooks and bundles whole; of the objects, those the step touched: the ones whose reference count or life it
     * changed and the ones its text ({@code about}) names, as a run or a put does without changing anything.
     */
    static StepState state(MemorySnapshot now, MemorySnapshot before, String about) {
        List<StepState.Hook> hooks = new ArrayList<>();
        for (MemorySnapshot.Hook h : now.hooks()) {
            hooks.add(new StepState.Hook(h.name(), h.entry()));
        }
        List<StepState.Bundle> bundles = new ArrayList<>();
        for (MemorySnapshot.Bundle b : now.bundles()) {
            bundles.add(new StepState.Bundle(b.name(), b.count(), b.revision(), b.a(), b.b()));
        }
        List<StepState.ObjectState> objects = new ArrayList<>();
        for (MemorySnapshot.ObjectState o : now.objects()) {
            MemorySnapshot.ObjectState was = before == null ? null : before.object(o.name());
            if (!o.equals(was) || names(about, baseName(o.name()))) {
                objects.add(new StepState.ObjectState(o.name(), o.refcount(), o.life()));
            }
        }
        return new StepState(hooks, bundles, objects);
    }

    /** A relinked name's suffix ("link1#3") is the snapshot's, not the trace text's. */
    private static String baseName(String name) {
        int hash = name.lastIndexOf('#');
        return hash > 0 ? name.substring(0, hash) : name;
    }

    /** Whether {@code text} has {@code name} as a whole word: "p1" is not in "p10". */
    static boolean names(String text, String name) {
        for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
            int end = at + name.length();
            if ((at == 0 || !wordChar(text.charAt(at - 1))) && (end == text.length() || !wordChar(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
