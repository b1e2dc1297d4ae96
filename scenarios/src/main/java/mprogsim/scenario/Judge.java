package mprogsim.scenario;

import mprogsim.model.sim.Invariant;

/**
 * The judge stage: what an exploration showed, measured against the file's {@code expect}. The one place that
 * decides whether a scenario is met.
 *
 * <p>An execution ends at its first violating step (or at its end-of-execution checks), and the exploration stops
 * at the first execution that broke anything. A file expecting a violation is met when the expected invariant is
 * among those that execution broke; a different invariant breaking first means the file is not met, even if the
 * expected one would have followed later in the same execution.
 */
public final class Judge {
    /** What the judge found, in the order it looks. */
    public enum Finding {
        /** The run cannot be believed (a broken footprint contract, a replayed schedule that does not fit). */
        UNTRUSTED(false),
        /** An execution broke the expected invariant, maybe with others at the same step. */
        EXPECTED_VIOLATION(true),
        /** An execution broke invariants and the expected one (if any) is not among them. */
        UNEXPECTED_VIOLATION(false),
        /** Nothing broke, but a budget or limit stopped the run before it was whole. */
        STOPPED(false),
        /** Everything ran, and the expected invariant never broke. */
        EXPECTED_NOT_FOUND(false),
        /** Everything ran, nothing broke, and nothing was expected to. */
        PASSED(true);

        public final boolean met;

        Finding(boolean met) {
            this.met = met;
        }
    }

    private Judge() {
    }

    public static Finding judge(ExpectSpec expect, Explored explored) {
        return judge(expect, explored.trusted(), explored.violations(), explored.complete());
    }

    /**
     * @param violations every invariant the first violating execution broke, 0 when none did
     */
    public static Finding judge(ExpectSpec expect, boolean trusted, long violations, boolean complete) {
        if (!trusted) {
            return Finding.UNTRUSTED;
        }
        if (violations != 0) {
            return meets(expect, violations) ? Finding.EXPECTED_VIOLATION : Finding.UNEXPECTED_VIOLATION;
        }
        if (!complete) {
            return Finding.STOPPED;
        }
        return expect.violation() ? Finding.EXPECTED_NOT_FOUND : Finding.PASSED;
    }

    /** Whether an execution that broke {@code violations} (not 0) meets {@code expect}. */
    public static boolean meets(ExpectSpec expect, long violations) {
        return expect.violation() && (violations & Invariant.byName(expect.invariant()).bit()) != 0;
    }
}
