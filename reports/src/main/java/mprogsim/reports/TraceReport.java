package mprogsim.reports;

import java.util.List;
import java.util.Objects;

/**
 * One execution step by step: the threads of the run in process order (every one, also those that never moved,
 * so that a swimlane view has a stable column per thread) and the steps in the order they ran.
 *
 * @param violatingStep the index of the step after which the reported violation held, or 0 when no step broke
 *                      anything (the violation was found by the end-of-execution checks, or there was none)
 */
public record TraceReport(List<String> threads, List<Step> steps, int violatingStep) {
    /**
     * One step.
     *
     * @param index   its number in the execution, from 1
     * @param process the position of its thread in {@link TraceReport#threads()}; thread names need not be unique
     *                (a user may call a thread "rcu", as the simulator calls its callback process)
     */
    public record Step(int index, int process, String text) {
        public Step {
            Objects.requireNonNull(text, "text");
            if (index < 1) {
                throw new IllegalArgumentException("step numbers start at 1, got " + index);
            }
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
}
