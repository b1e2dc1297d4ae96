package mprogsim.stress.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-threaded properties of the userspace RCU; the concurrent guarantees are JCStress's (GracePeriodTest). */
class RcuTest {
    @Test
    void callbacksWaitForAGracePeriodAndRunInQueueOrder() {
        Rcu rcu = new Rcu();
        List<String> ran = new ArrayList<>();
        rcu.callRcu(() -> ran.add("a"));
        rcu.callRcu(() -> ran.add("b"));
        assertEquals(List.of(), ran);
        assertEquals(2, rcu.pendingCallbacks());
        rcu.synchronize();
        assertEquals(List.of("a", "b"), ran);
        assertEquals(0, rcu.pendingCallbacks());
        assertEquals(1, rcu.completedGracePeriods());
    }

    @Test
    void aReaderEntryIsDatedAgainstTheCounter() {
        Rcu rcu = new Rcu();
        Rcu.Reader early = rcu.registerReader();
        Rcu.Reader late = rcu.registerReader();
        early.enter();
        long event = rcu.advance();
        late.enter();
        assertTrue(early.entrySnapshot() < event, "a reader inside before the event holds an older value");
        assertTrue(late.entrySnapshot() >= event, "a reader entering after the event holds a newer value");
        early.exit();
        late.exit();
    }

    @Test
    void nestedSectionsEndAtTheOutermostExit() {
        Rcu rcu = new Rcu();
        Rcu.Reader r = rcu.registerReader();
        r.enter();
        long snapshot = r.entrySnapshot();
        r.enter();
        r.exit();
        assertTrue(r.inside());
        assertEquals(snapshot, r.entrySnapshot());
        r.exit();
        assertFalse(r.inside());
        assertEquals(0, r.entrySnapshot());
        rcu.synchronize();
    }

    @Test
    void aReaderInsideCannotBeUnregistered() {
        Rcu rcu = new Rcu();
        Rcu.Reader r = rcu.registerReader();
        r.enter();
        assertThrows(IllegalStateException.class, () -> rcu.unregisterReader(r));
        r.exit();
        rcu.unregisterReader(r);
        rcu.synchronize();
    }
}
