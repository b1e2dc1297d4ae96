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
 * A reader against an attach that inserts p3 in front of [p1 p2]: the copy into the peer and the memmove rewrite
 * every slot, so a reader of a half-written entry would see a list that was never published.
 */
@JCStressTest
@Description("reader pass vs attach BEFORE: the reader runs exactly the old or the new list")
@Outcome(id = "p1 p2 > p3 p1 p2, 0 p3 p1 p2", expect = ACCEPTABLE, desc = "the reader saw the old list, then the new")
@Outcome(id = "p3 p1 p2, 0 p3 p1 p2", expect = ACCEPTABLE, desc = "the reader only saw the new list")
@Outcome(id = "p1 p2, 0 p3 p1 p2", expect = ACCEPTABLE, desc = "the reader gave up before the publish")
@Outcome(expect = FORBIDDEN, desc = "a list never published, a misuse, or a wrong final list")
@State
public class ReaderVsAttachTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 3, 1));
    private final Rcu.Reader reader = tcx.registerReader();
    private int attachRet;

    public ReaderVsAttachTest() {
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 1, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 2, 0, 0, 0, 0));
    }

    @Actor
    public void writer() {
        attachRet = tcx.run(TcxOp.attach(Worlds.INGRESS, 3, MprogFlags.BEFORE, 0, 0, 0));
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = Worlds.watch(tcx, reader, Worlds.INGRESS, "p3 p1 p2");
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r2 = Worlds.ret(attachRet) + " " + Worlds.pass(tcx, reader, Worlds.INGRESS);
    }
}
