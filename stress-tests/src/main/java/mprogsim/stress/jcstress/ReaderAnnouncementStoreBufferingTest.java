package mprogsim.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import mprogsim.stress.rcu.Rcu;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The read-side announcement of the userspace RCU is the store-buffering shape of the LKMM anchors T7 and T8
 * (docs/memory-model.md): the reader stores its record (the grace-period counter it entered under) and then loads
 * shared data; the updater stores shared data, advances the counter (an atomic add, a full fence) and then loads the
 * reader's record to decide whether to wait for it. If the reader's load missed the updater's store (r1 = 0) while
 * the updater's load missed the reader's record (r2 = 0), a grace period would not wait for a reader that reads the
 * old data: exactly what the full fence after the record store forbids. The switch
 * {@code -Dmprogsim.stress.rcu_mutant=no_reader_fence} drops that fence; x86 then lets the record store wait in the
 * store buffer while the load goes ahead, and the outcome is observed (how often: docs/stress.md). The section is
 * never left inside an actor: leaving clears the record, which would make r2 = 0 legitimate.
 */
@JCStressTest
@Description("the reader's announcement and the updater's check of it cannot both miss each other")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the reader entered first; the updater sees it inside and would wait")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the updater's store came first; the reader reads the new data")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both saw each other")
@Outcome(id = "0, 0", expect = FORBIDDEN,
        desc = "store buffering: the reader read old data and the updater missed it, so it would not wait")
@State
public class ReaderAnnouncementStoreBufferingTest {
    private static final VarHandle DATA;

    static {
        try {
            DATA = MethodHandles.lookup().findVarHandle(ReaderAnnouncementStoreBufferingTest.class, "data", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Rcu rcu = new Rcu();
    private final Rcu.Reader reader = rcu.registerReader();
    @SuppressWarnings("unused")
    private int data;

    @Actor
    public void reader(II_Result r) {
        reader.enter();
        r.r1 = (int) DATA.getOpaque(this);
    }

    @Actor
    public void updater(II_Result r) {
        DATA.setOpaque(this, 1);
        rcu.advance();
        r.r2 = reader.entrySnapshot() != 0 ? 1 : 0;
    }
}
