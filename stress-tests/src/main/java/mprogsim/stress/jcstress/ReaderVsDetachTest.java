package mprogsim.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import mprogsim.model.mprog.MprogFlags;
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
 * A reader against a detach whose commit drops p2's last reference (its fd was closed, the hook held the only one).
 * The release check is strict: no reader may run p2 once that reference is gone, which holds only if the commit
 * waits for the grace period. After the actors, a barrier must leave p2 freed and p1 alive.
 */
@JCStressTest
@Description("reader pass vs detach + commit: the reader never runs a released or freed prog")
@Outcome(id = "p1 p2 > p1, 0 p1 p1 live p2 freed ok", expect = ACCEPTABLE, desc = "the old list, then the new")
@Outcome(id = "p1, 0 p1 p1 live p2 freed ok", expect = ACCEPTABLE, desc = "the reader only saw the new list")
@Outcome(id = "p1 p2, 0 p1 p1 live p2 freed ok", expect = ACCEPTABLE, desc = "the reader gave up before the publish")
@Outcome(expect = FORBIDDEN, desc = "a misuse marker, a list never published, or a leak")
@State
public class ReaderVsDetachTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 2, 1)
            .withReleaseCheck(TcxConfig.ReleaseCheck.STRICT));
    private final Rcu.Reader reader = tcx.registerReader();
    private int detachRet;

    public ReaderVsDetachTest() {
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 1, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 2, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.closeProg(2));
    }

    @Actor
    public void writer() {
        detachRet = tcx.run(TcxOp.detach(Worlds.INGRESS, 0, MprogFlags.AFTER, 0, 0));
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = Worlds.watch(tcx, reader, Worlds.INGRESS, "p1");
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r2 = Worlds.ret(detachRet) + " " + Worlds.pass(tcx, reader, Worlds.INGRESS) + " "
                + Worlds.afterBarrier(tcx, 1, 2);
    }
}
