package mprogsim.stress.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Hand-written Lincheck scenarios: the smallest race that exposes each protocol variant. Model checking then
 * explores their interleavings exhaustively enough that the outcome is the same on every run.
 */
final class Scenarios {
    private Scenarios() {
    }

    static Actor actor(String name, Object... args) {
        for (Method m : TcxUnderTest.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, Arrays.asList(args), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException("no operation " + name + "/" + args.length);
    }

    static ExecutionScenario parallel(List<Actor> first, List<Actor> second, List<Actor> post) {
        return parallel(List.of(), first, second, post);
    }

    static ExecutionScenario parallel(List<Actor> init, List<Actor> first, List<Actor> second, List<Actor> post) {
        List<List<Actor>> threads = new ArrayList<>();
        threads.add(first);
        threads.add(second);
        return new ExecutionScenario(init, threads, post, null);
    }

    /** A reader passes while the last prog (p2, held only by the hook) is detached and released. */
    static ExecutionScenario passAgainstDetachOfReleasedProg() {
        return parallel(List.of(actor("detach", 0)), List.of(actor("pass", 1)), List.of());
    }

    /** A reader passes while p3 is inserted at the front, which rewrites every slot of the peer. */
    static ExecutionScenario passAgainstAttachFront() {
        return parallel(List.of(actor("attach", 3, true)), List.of(actor("pass", 1)), List.of());
    }

    /** A reader passes while p3 is appended: the shared count grows before the new entry is published. */
    static ExecutionScenario passAgainstAppend() {
        return parallel(List.of(actor("attach", 3, false)), List.of(actor("pass", 1)), List.of());
    }

    /** Two writers append at once; a query afterwards shows both or a lost update. */
    static ExecutionScenario twoAppends() {
        return parallel(List.of(actor("attach", 3, false)), List.of(actor("attach", 4, false)),
                List.of(actor("query")));
    }

    /** The array is full (p1 p2 p3, max_progs 3) and p4 is inserted at the front while a reader passes. */
    static ExecutionScenario insertFrontIntoFullArray() {
        return parallel(List.of(actor("attach", 3, false)), List.of(actor("attach", 4, true)),
                List.of(actor("pass", 1)), List.of());
    }
}
