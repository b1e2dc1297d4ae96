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
 * A reader on the netkit primary device while its last prog leaves and another comes: the detach of p1 (held only
 * by the device) publishes NULL and frees nothing, and the next attach starts again from the embedded bundle, whose
 * other entry is the one p1 was published in. tcx would allocate a fresh bundle here; netkit rewrites the very memory
 * a late reader may still walk, which is safe only because the detach waited for a grace period before p1's put and
 * before returning. With the strict release check no reader may run p1 after its put, nor a list never published.
 */
@JCStressTest
@Description("primary reader vs emptying detach + attach into the same bundle: p1, nothing or p2, never mixed")
@Outcome(id = "p1 >  > p2, 0 0 p2 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "old, empty, new")
@Outcome(id = "p1 > p2, 0 0 p2 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "old, then new")
@Outcome(id = " > p2, 0 0 p2 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "empty, then new")
@Outcome(id = "p2, 0 0 p2 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "only the new list")
@Outcome(id = "p1, 0 0 p2 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "the reader gave up on the old list")
@Outcome(id = "p1 > , 0 0 p2 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "the reader gave up on the empty one")
@Outcome(id = ", 0 0 p2 p1 freed p2 live ok", expect = ACCEPTABLE, desc = "the reader gave up on the empty device")
@Outcome(expect = FORBIDDEN, desc = "a misuse marker, a mixed list, a freed bundle or a leak")
@State
public class NetkitReaderVsEmptyAndRefillTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 2, 1).withNetkit()
            .withReleaseCheck(TcxConfig.ReleaseCheck.STRICT));
    private final Rcu.Reader reader = tcx.registerReader();
    private int detachRet;
    private int attachRet;

    public NetkitReaderVsEmptyAndRefillTest() {
        Worlds.setUp(tcx, TcxOp.attach(ConcurrentTcx.NETKIT_PRIMARY, 1, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.closeProg(1));
    }

    @Actor
    public void writer() {
        detachRet = tcx.run(TcxOp.detach(ConcurrentTcx.NETKIT_PRIMARY, 0, MprogFlags.AFTER, 0, 0));
        attachRet = tcx.run(TcxOp.attach(ConcurrentTcx.NETKIT_PRIMARY, 2, 0, 0, 0, 0));
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = Worlds.watch(tcx, reader, ConcurrentTcx.NETKIT_PRIMARY, "p2");
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r2 = Worlds.ret(detachRet) + " " + Worlds.ret(attachRet) + " "
                + Worlds.pass(tcx, reader, ConcurrentTcx.NETKIT_PRIMARY) + " " + Worlds.afterBarrier(tcx, 1, 2);
    }
}
