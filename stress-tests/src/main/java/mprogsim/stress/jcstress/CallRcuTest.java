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
 * call_rcu's guarantee: the updater unpublishes an object, queues its free with call_rcu and then lets a grace
 * period run the callbacks; a reader that found the object must never see it freed inside its section.
 */
@JCStressTest
@Description("a call_rcu callback never runs while a reader that could see the object is inside")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the reader found the object alive")
@Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "the reader found it unpublished")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "the reader found the object and saw it freed")
@State
public class CallRcuTest {
    private static final VarHandle PTR;
    private static final VarHandle FREED;

    static {
        try {
            PTR = MethodHandles.lookup().findVarHandle(CallRcuTest.class, "ptr", Obj.class);
            FREED = MethodHandles.lookup().findVarHandle(Obj.class, "freed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Obj {
        @SuppressWarnings("unused")
        int freed;
    }

    private final Rcu rcu = new Rcu();
    private final Rcu.Reader reader = rcu.registerReader();
    @SuppressWarnings("unused")
    private Obj ptr = new Obj();

    @Actor
    public void updater() {
        Obj o = (Obj) PTR.getOpaque(this);
        PTR.setRelease(this, null);
        rcu.callRcu(() -> FREED.setOpaque(o, 1));
        rcu.barrier();
    }

    @Actor
    public void reader(II_Result r) {
        reader.enter();
        Obj o = (Obj) PTR.getAcquire(this);
        if (o == null) {
            r.r1 = 0;
            r.r2 = -1;
        } else {
            r.r1 = 1;
            r.r2 = (int) FREED.getOpaque(o);
        }
        reader.exit();
    }
}
