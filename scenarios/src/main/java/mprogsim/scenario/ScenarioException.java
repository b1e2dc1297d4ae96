package mprogsim.scenario;

/** Bad input: a scenario file that is not valid JSON or not valid format 1. The message names file and place. */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }
}
