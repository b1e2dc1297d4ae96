package mprogsim.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import mprogsim.model.tcx.TcxOp;
import mprogsim.stress.tcx.ConcurrentTcx;
import mprogsim.stress.tcx.TcxConfig;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/** Two writers append p3 and p4 to [p1 p2]: both land, in either order, and the revision goes up twice. */
@JCStressTest
@Description("two writers appending: final list has both, revision +2")
@Outcome(id = "0 0, p1 p2 p3 p4 rev=5", expect = ACCEPTABLE, desc = "p3 first")
@Outcome(id = "0 0, p1 p2 p4 p3 rev=5", expect = ACCEPTABLE, desc = "p4 first")
@Outcome(expect = FORBIDDEN, desc = "a lost update, a failed attach, or a wrong revision")
@State
public class TwoWritersAppendTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 4, 1));
    private int firstRet;
    private int secondRet;

    public TwoWritersAppendTest() {
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 1, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 2, 0, 0, 0, 0));
    }

    @Actor
    public void first() {
        firstRet = tcx.run(TcxOp.attach(Worlds.INGRESS, 3, 0, 0, 0, 0));
    }

    @Actor
    public void second() {
        secondRet = tcx.run(TcxOp.attach(Worlds.INGRESS, 4, 0, 0, 0, 0));
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r1 = Worlds.ret(firstRet) + " " + Worlds.ret(secondRet);
        r.r2 = Worlds.listAndRevision(tcx, Worlds.INGRESS);
    }
}
