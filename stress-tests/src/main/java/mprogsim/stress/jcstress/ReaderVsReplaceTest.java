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
 * A reader against attach REPLACE of p1 by p3 in [p1 p2]: bpf_mprog_replace is one WRITE_ONCE into the active
 * entry, with no copy and no grace period, so the reader sees the slot either before or after it.
 */
@JCStressTest
@Description("reader pass vs in-place REPLACE: exactly the old or the new list")
@Outcome(id = "p1 p2 > p3 p2, 0 p3 p2 rev=4", expect = ACCEPTABLE, desc = "the old list, then the new")
@Outcome(id = "p3 p2, 0 p3 p2 rev=4", expect = ACCEPTABLE, desc = "the reader only saw the new list")
@Outcome(id = "p1 p2, 0 p3 p2 rev=4", expect = ACCEPTABLE, desc = "the reader gave up before the store")
@Outcome(expect = FORBIDDEN, desc = "a list never published, a misuse, or a wrong final state")
@State
public class ReaderVsReplaceTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 3, 1));
    private final Rcu.Reader reader = tcx.registerReader();
    private int replaceRet;

    public ReaderVsReplaceTest() {
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 1, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 2, 0, 0, 0, 0));
    }

    @Actor
    public void writer() {
        replaceRet = tcx.run(TcxOp.attach(Worlds.INGRESS, 3, MprogFlags.REPLACE, 0, 1, 0));
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = Worlds.watch(tcx, reader, Worlds.INGRESS, "p3 p2");
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r2 = Worlds.ret(replaceRet) + " " + Worlds.listAndRevision(tcx, Worlds.INGRESS);
    }
}
