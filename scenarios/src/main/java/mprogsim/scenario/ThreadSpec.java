package mprogsim.scenario;

import java.util.List;

/** A scenario thread: a writer running ops, a reader making passes over one hook, or the device teardown. */
public record ThreadSpec(String name, Kind kind, List<ScenarioOp> ops, int hook, int passes) {
    public enum Kind {
        WRITER, READER, TEARDOWN
    }
}
