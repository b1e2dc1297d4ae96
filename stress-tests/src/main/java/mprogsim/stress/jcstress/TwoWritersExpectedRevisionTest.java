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
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * Two writers append to [p1 p2] (revision 3), both passing expected_revision 3: exactly one may win, the other
 * must get -ESTALE, and the revision goes up exactly once.
 */
@JCStressTest
@Description("two writers with the same expected_revision: one wins, one gets -ESTALE, revision +1")
@Outcome(id = "0, -ESTALE, p1 p2 p3 rev=4", expect = ACCEPTABLE, desc = "the first writer won")
@Outcome(id = "-ESTALE, 0, p1 p2 p4 rev=4", expect = ACCEPTABLE, desc = "the second writer won")
@Outcome(expect = FORBIDDEN, desc = "both or neither won, a lost update, or a wrong revision")
@State
public class TwoWritersExpectedRevisionTest {
    private final ConcurrentTcx tcx = Worlds.create(TcxConfig.of(4, 4, 1));

    public TwoWritersExpectedRevisionTest() {
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 1, 0, 0, 0, 0));
        Worlds.setUp(tcx, TcxOp.attach(Worlds.INGRESS, 2, 0, 0, 0, 0));
    }

    @Actor
    public void first(LLL_Result r) {
        r.r1 = Worlds.ret(tcx.run(TcxOp.attach(Worlds.INGRESS, 3, 0, 0, 0, 3)));
    }

    @Actor
    public void second(LLL_Result r) {
        r.r2 = Worlds.ret(tcx.run(TcxOp.attach(Worlds.INGRESS, 4, 0, 0, 0, 3)));
    }

    @Arbiter
    public void after(LLL_Result r) {
        r.r3 = Worlds.listAndRevision(tcx, Worlds.INGRESS);
    }
}
