package mprogsim.scenario;

import java.util.List;
import mprogsim.model.sim.Invariant;
import mprogsim.scheduler.ExplorationResult;

/**
 * What exploring a scenario showed, whatever explored it: the hand-over from the explore stage to the judge
 * ({@link Judge}, which reads only {@link #trusted}, {@link #violations} and {@link #complete}) and to the report
 * ({@link Report}, which words each kind its own way).
 */
public sealed interface Explored {
    /** False when the run itself cannot be believed: a broken footprint contract, a schedule that does not fit. */
    boolean trusted();

    /** Every invariant the first violating execution broke at its violating step (or at its end); 0 when none. */
    long violations();

    /** Whether everything the strategy set out to run was run (no budget or limit cut it short). */
    boolean complete();

    /**
     * An exploration by one of the engine's explorers: exhaustive, bounded or randomized.
     *
     * @param endedOtherwise when the file expects a violation: the invariants that ended executions first (see
     *                       {@link FirstViolation}); 0 otherwise
     */
    record Search(ExplorationResult result, boolean randomized, long endedOtherwise) implements Explored {
        public Search(ExplorationResult result, boolean randomized) {
            this(result, randomized, 0);
        }

        @Override
        public boolean trusted() {
            return result.footprintContractHeld();
        }

        @Override
        public long violations() {
            return result.violation;
        }

        @Override
        public boolean complete() {
            return result.complete;
        }
    }

    /**
     * A plain sequential file: its ops on the sequential spec, each against its own expect, and the same ops as one
     * writer thread on the step simulator, explored exhaustively, so that the recorded answers check both paths.
     */
    record Sequential(List<SequentialRun.StepResult> steps, Search simulated, double seconds) implements Explored {
        /** The ops whose result differs from their expect on the sequential spec. */
        public List<SequentialRun.StepResult> mismatches() {
            return steps.stream().filter(r -> r.mismatch() != null).toList();
        }

        @Override
        public boolean trusted() {
            return simulated.trusted();
        }

        @Override
        public long violations() {
            return (mismatches().isEmpty() ? 0 : Invariant.EXPECT_MISMATCH.bit()) | simulated.violations();
        }

        @Override
        public boolean complete() {
            return simulated.complete();
        }
    }

    /**
     * Runs in virtual time, each ended at its first violation.
     *
     * @param expected the bit of the invariant the file expects, 0 when it expects a pass
     */
    record Timed(List<TimedRun.Measured> runs, double seconds, long expected) implements Explored {
        /** The first run that broke the expected invariant, else the first that broke any; null when none did. */
        public TimedRun.Measured violating() {
            for (TimedRun.Measured m : runs) {
                if ((m.result().violations & expected) != 0) {
                    return m;
                }
            }
            for (TimedRun.Measured m : runs) {
                if (m.result().violations != 0) {
                    return m;
                }
            }
            return null;
        }

        /** The stop reason of a run cut short without a violation; null when every run finished. */
        public String stopReason() {
            String stop = null;
            for (TimedRun.Measured m : runs) {
                if (!m.result().complete && m.result().violations == 0) {
                    stop = m.result().stopReason;
                }
            }
            return stop;
        }

        @Override
        public boolean trusted() {
            return true;
        }

        @Override
        public long violations() {
            TimedRun.Measured m = violating();
            return m == null ? 0 : m.result().violations;
        }

        @Override
        public boolean complete() {
            for (TimedRun.Measured m : runs) {
                if (!m.result().complete && m.result().violations == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One execution re-run from the file's schedule string. */
    record Replayed(Trace trace, String schedule, double seconds) implements Explored {
        @Override
        public boolean trusted() {
            return trace.error == null;
        }

        @Override
        public long violations() {
            return trace.violations;
        }

        @Override
        public boolean complete() {
            return trace.finished;
        }
    }
}
