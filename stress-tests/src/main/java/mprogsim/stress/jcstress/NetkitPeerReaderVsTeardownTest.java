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
 * A reader on the netkit peer device against the deletion of the pair. The peer holds p1 (attached without a link,
 * its fd closed: the device holds its only reference) and a link's p2. netkit_uninit publishes NULL, waits for a
 * grace period, clears the link's device and puts p1; it frees no bundle, so unlike tcx's teardown the entry the
 * reader walks stays allocated whatever the timing. With the strict release check no reader may run p1 after its
 * put; p2 stays alive (its link still holds it) and the embedded bundles must never be freed.
 */
@JCStressTest
@Description("peer reader vs netkit pair deletion: the old list or nothing, never a released prog or a freed bundle")
@Outcome(id = "p1 p2 > , 0 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "the old list, then an empty device")
@Outcome(id = ", 0 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "the reader only saw the empty device")
@Outcome(id = "p1 p2, 0 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "the reader gave up before the unpublish")
@Outcome(expect = FORBIDDEN, desc = "a misuse marker, a partial list, a freed bundle or a leak")
@State
public class NetkitPeerReaderVsTeardownTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 2, 1).withNetkit()
            .withReleaseCheck(TcxConfig.ReleaseCheck.STRICT));
    private final Rcu.Reader reader = tcx.registerReader();
    private int teardownRet;

    public NetkitPeerReaderVsTeardownTest() {
        Worlds.setUp(tcx, TcxOp.attach(ConcurrentTcx.NETKIT_PEER, 1, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.linkCreate(ConcurrentTcx.NETKIT_PEER, 0, 2, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.closeProg(1));
        Worlds.setUp(tcx, TcxOp.closeProg(2));
    }

    @Actor
    public void teardown() {
        teardownRet = tcx.netkitTeardown();
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = Worlds.watch(tcx, reader, ConcurrentTcx.NETKIT_PEER, "");
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r2 = Worlds.ret(teardownRet) + " " + Worlds.afterBarrier(tcx, 1, 2);
    }
}
