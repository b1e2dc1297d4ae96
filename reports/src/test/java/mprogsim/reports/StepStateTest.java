package mprogsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepStateTest {
    private static StepState state(String ingress, int count, long rev, List<String> a, List<String> b,
                                   StepState.ObjectState... objects) {
        return new StepState(List.of(new StepState.Hook("ingress", ingress)),
                List.of(new StepState.Bundle("bundle0", count, rev, a, b)), List.of(objects));
    }

    @Test
    void describesTheStateOnOneLineWithoutTrailingNulls() {
        StepState s = state("bundle0.a", 2, 3, Arrays.asList("p1", "p2", null, null), Arrays.asList(null, null),
                new StepState.ObjectState("p2", 1, "live"));
        assertEquals("ingress -> bundle0.a; bundle0 count 2 rev 3 a [p1 p2] b []; p2 ref 1 live", s.describe());
        StepState gone = new StepState(List.of(new StepState.Hook("egress", null)), List.of(), List.of());
        assertEquals("egress -> NULL", gone.describe());
    }

    @Test
    void changesAreThePointerSlotsCountRevisionAndObjectsThatDiffer() {
        StepState before = state("bundle0.a", 2, 3, Arrays.asList("p1", "p2", null), Arrays.asList("p1", null, null),
                new StepState.ObjectState("p2", 1, "live"));
        StepState after = state("bundle0.b", 1, 4, Arrays.asList("p1", "p2", null), Arrays.asList("p1", "p3", null),
                new StepState.ObjectState("p2", 0, "released"));
        assertEquals(List.of("ingress -> bundle0.b", "bundle0.b[1] = p3", "bundle0 count 1", "bundle0 rev 4",
                "p2 ref 0 released"), after.changesFrom(before));
        assertEquals(List.of(), after.changesFrom(after));
        assertEquals(List.of("ingress -> bundle0.b", "bundle0 new, count 1 rev 4", "p2 ref 0 released"),
                after.changesFrom(null));
    }

    @Test
    void anObjectIsComparedWithTheLastStateItWasShownIn() {
        StepState.ObjectState live = new StepState.ObjectState("p2", 1, "live");
        StepState runs = state("bundle0.a", 1, 1, List.of(), List.of(), live);
        StepState noObjects = state("bundle0.a", 1, 1, List.of(), List.of());
        assertEquals(List.of("p2 ref 1 live"), runs.changesFrom(noObjects), "the previous step did not show it");
        assertEquals(List.of(), runs.changesFrom(noObjects, Map.of("p2", live)));
        StepState bundleGone = new StepState(List.of(new StepState.Hook("ingress", null)), List.of(), List.of());
        assertEquals(List.of("ingress -> NULL", "bundle0 gone"), bundleGone.changesFrom(noObjects));
    }
}
