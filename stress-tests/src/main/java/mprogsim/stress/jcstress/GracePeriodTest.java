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
 * The grace-period guarantee of the userspace RCU itself: the updater stores x, waits for a grace period, then
 * loads y; a reader, inside one read-side section, loads x and then stores y. A reader that loaded x = 0 began its
 * section before the grace period did (x was stored before it started), so synchronize must wait until that reader
 * has left, after its store of y: the updater must then see y = 1. Seeing (0, 0) means synchronize returned while a
 * reader that was inside was still inside. Relaxed (opaque) accesses, so only the RCU orders them.
 */
@JCStressTest
@Description("synchronize never returns while a reader that was inside is still inside")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the reader was inside first; the grace period waited for it")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the reader entered after the grace period began")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the reader entered after the grace period began")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "synchronize returned before a pre-existing reader left")
@State
public class GracePeriodTest {
    private static final VarHandle X;
    private static final VarHandle Y;

    static {
        try {
            X = MethodHandles.lookup().findVarHandle(GracePeriodTest.class, "x", int.class);
            Y = MethodHandles.lookup().findVarHandle(GracePeriodTest.class, "y", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Rcu rcu = new Rcu();
    private final Rcu.Reader reader = rcu.registerReader();
    @SuppressWarnings("unused")
    private int x;
    @SuppressWarnings("unused")
    private int y;

    @Actor
    public void updater(II_Result r) {
        X.setOpaque(this, 1);
        rcu.synchronize();
        r.r2 = (int) Y.getOpaque(this);
    }

    @Actor
    public void reader(II_Result r) {
        reader.enter();
        r.r1 = (int) X.getOpaque(this);
        Y.setOpaque(this, 1);
        reader.exit();
    }
}
