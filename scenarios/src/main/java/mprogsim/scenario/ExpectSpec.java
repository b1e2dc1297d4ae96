package mprogsim.scenario;

/** The scenario's {@code expect}: pass, or a violation of the named invariant. */
public record ExpectSpec(boolean violation, String invariant) {
    public static final ExpectSpec PASS = new ExpectSpec(false, null);

    public String describe() {
        return violation ? "violation of " + invariant : "pass";
    }
}
