package mprogsim.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import mprogsim.model.tcx.TcxOp;
import mprogsim.stress.rcu.Rcu;
import mprogsim.stress.tcx.ConcurrentTcx;
import mprogsim.stress.tcx.TcxConfig;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * A reader against device teardown (dev_tcx_uninstall) of a hook holding p1 and p2, whose fds are closed: the
 * hook is unpublished, a grace period passes, then the progs are put and the bundle goes to kfree_rcu. With the
 * strict release check no reader may run either prog after its put; afterwards both are freed.
 */
@JCStressTest
@Description("reader pass vs teardown: the old list or nothing, never a released prog or a freed entry")
@Outcome(id = "p1 p2 > , p1 freed p2 freed ok", expect = ACCEPTABLE, desc = "the old list, then an empty hook")
@Outcome(id = ", p1 freed p2 freed ok", expect = ACCEPTABLE, desc = "the reader only saw the empty hook")
@Outcome(id = "p1 p2, p1 freed p2 freed ok", expect = ACCEPTABLE, desc = "the reader gave up before the unpublish")
@Outcome(expect = FORBIDDEN, desc = "a misuse marker, a partial list, or a leak")
@State
public class ReaderVsTeardownTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 2, 1)
            .withReleaseCheck(TcxConfig.ReleaseCheck.STRICT));
    private final Rcu.Reader reader = tcx.registerReader();

    public ReaderVsTeardownTest() {
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 1, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 2, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.closeProg(1));
        Worlds.setUp(tcx, TcxOp.closeProg(2));
    }

    @Actor
    public void teardown() {
        tcx.teardown();
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = Worlds.watch(tcx, reader, Worlds.INGRESS, "");
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r2 = Worlds.afterBarrier(tcx, 1, 2);
    }
}
