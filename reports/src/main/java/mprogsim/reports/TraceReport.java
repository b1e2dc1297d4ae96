package mprogsim.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One execution step by step: the threads of the run in process order (every one, also those that never moved,
 * so that process numbers in a schedule string index this list) and the steps in the order they ran.
 *
 * @param violatingStep the index of the step after which the reported violation held, or 0 when no step broke
 *                      anything (the violation was found by the end-of-execution checks, or there was none)
 */
public record TraceReport(List<String> threads, List<Step> steps, int violatingStep) {
    /**
     * One step.
     *
     * @param index    its number in the execution, from 1
     * @param process  the position of its thread in {@link TraceReport#threads()}; thread names need not be unique
     *                 (a user may call a thread "rcu:p1", as the simulator calls a callback process)
     * @param variants the protocol variants (format 1 names, "commit_before_sync") that made this step differ from
     *                 the kernel's: a step the kernel would not take, or would take elsewhere or otherwise; empty for
     *                 the kernel's own steps and when the trace does not say
     * @param state    the memory after the step, or null when the trace does not carry it
     */
    public record Step(int index, int process, String text, List<String> variants, StepState state) {
        public Step {
            Objects.requireNonNull(text, "text");
            variants = List.copyOf(variants);
            if (index < 1) {
                throw new IllegalArgumentException("step numbers start at 1, got " + index);
            }
        }

        /** A step that no variant changed and whose memory the trace does not carry. */
        public Step(int index, int process, String text) {
            this(index, process, text, List.of(), null);
        }
    }

    public TraceReport {
        threads = List.copyOf(threads);
        steps = List.copyOf(steps);
        for (Step s : steps) {
            if (s.process() < 0 || s.process() >= threads.size()) {
                throw new IllegalArgumentException("step " + s.index() + " names process " + s.process()
                        + ", but the trace has " + threads.size() + " threads");
            }
        }
        if (violatingStep != 0 && steps.stream().noneMatch(s -> s.index() == violatingStep)) {
            throw new IllegalArgumentException("the violating step " + violatingStep + " is not in the trace");
        }
    }

    public String threadOf(Step step) {
        return threads.get(step.process());
    }

    public boolean hasViolatingStep() {
        return violatingStep != 0;
    }

    /** The step after which the violation held, or null. */
    public Step violating() {
        for (Step s : steps) {
            if (s.index() == violatingStep) {
                return s;
            }
        }
        return null;
    }

    /**
     * The processes that took at least one step, in process order. The simulator adds an RCU callback process per
     * prog and bundle, and most of them never run: a view with a column per process shows these only.
     */
    public List<Integer> steppedProcesses() {
        boolean[] stepped = new boolean[threads.size()];
        for (Step s : steps) {
            stepped[s.process()] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < stepped.length; p++) {
            if (stepped[p]) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether some step carries its memory state. */
    public boolean hasState() {
        return steps.stream().anyMatch(s -> s.state() != null);
    }

    /** Whether some step was changed by a variant. */
    public boolean hasVariantSteps() {
        return steps.stream().anyMatch(s -> !s.variants().isEmpty());
    }
}
