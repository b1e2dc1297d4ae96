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
 * A reader against link_update of a link from p1 to p3, where the link held p1's last reference: the slot is
 * replaced in place and p1 is put at once, with readers possibly still running it. That is the kernel's design:
 * under the rcu release rule a reader that entered before the put may still run p1, and bpf_prog_put defers the
 * free past a grace period. With prog_free "immediate" (or release_check "strict") this suite fails by design.
 */
@JCStressTest
@Description("reader pass vs link_update that drops the old prog's last reference")
@Outcome(id = "p1 p2 > p3 p2, 0 p3 p2 p1 freed p3 live ok", expect = ACCEPTABLE, desc = "the old list, then the new")
@Outcome(id = "p3 p2, 0 p3 p2 p1 freed p3 live ok", expect = ACCEPTABLE, desc = "the reader only saw the new list")
@Outcome(id = "p1 p2, 0 p3 p2 p1 freed p3 live ok", expect = ACCEPTABLE, desc = "the reader gave up before the store")
@Outcome(expect = FORBIDDEN, desc = "a misuse marker, a list never published, or a leak")
@State
public class ReaderVsLinkUpdateTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 3, 1));
    private final Rcu.Reader reader = tcx.registerReader();
    private int updateRet;

    public ReaderVsLinkUpdateTest() {
        Worlds.setUp(tcx, TcxOp.linkCreate(Worlds.INGRESS, 0, 1, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 2, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.closeProg(1));
    }

    @Actor
    public void writer() {
        updateRet = tcx.run(TcxOp.linkUpdate(0, 3, 0));
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = Worlds.watch(tcx, reader, Worlds.INGRESS, "p3 p2");
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r2 = Worlds.ret(updateRet) + " " + Worlds.pass(tcx, reader, Worlds.INGRESS) + " "
                + Worlds.afterBarrier(tcx, 1, 3);
    }
}
