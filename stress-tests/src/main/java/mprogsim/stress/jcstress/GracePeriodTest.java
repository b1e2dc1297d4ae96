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
 * The grace-period guarantee of the userspace RCU itself, as the classic litmus test: the updater stores x, waits
 * for a grace period, stores y; a reader loads y then x inside one read-side section. Seeing y without x would
 * mean the section began before the grace period (it missed x) and ended after it (it saw y): synchronize returned
 * while that reader was still inside. Relaxed (opaque) accesses, so only the RCU orders them.
 */
@JCStressTest
@Description("synchronize never returns while a reader that was inside is still inside")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the section ended before the grace period ended")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the section overlapped the store of x")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the section began after the grace period began")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "a reader straddled a whole grace period")
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
    public void updater() {
        X.setOpaque(this, 1);
        rcu.synchronize();
        Y.setOpaque(this, 1);
    }

    @Actor
    public void reader(II_Result r) {
        reader.enter();
        r.r1 = (int) Y.getOpaque(this);
        r.r2 = (int) X.getOpaque(this);
        reader.exit();
    }
}
