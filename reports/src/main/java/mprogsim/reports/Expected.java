package mprogsim.reports;

import java.util.Objects;

/** What a scenario was expected to show: a pass, or a violation of one named invariant. */
public record Expected(boolean violation, String invariant) {
    public Expected {
        if (violation) {
            Objects.requireNonNull(invariant, "a violation expectation names its invariant");
        } else if (invariant != null) {
            throw new IllegalArgumentException("a pass expectation names no invariant, got " + invariant);
        }
    }

    public static Expected pass() {
        return new Expected(false, null);
    }

    public static Expected violationOf(String invariant) {
        return new Expected(true, invariant);
    }

    /** "pass" or "violation of NAME", the wording of the check command. */
    public String describe() {
        return violation ? "violation of " + invariant : "pass";
    }
}
