package mprogsim.stress.lincheck;

import java.util.Arrays;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/** The sequential specification of the netkit world: the model's {@link SequentialTcx} with a netkit pair. */
public class NetkitSequentialSpec {
    private final SequentialTcx spec;

    public NetkitSequentialSpec() {
        int[] types = new int[NetkitWorld.PROGS + 1];
        Arrays.fill(types, 1, types.length, TcxState.TYPE_SCHED_CLS);
        spec = new SequentialTcx(new TcxState(NetkitWorld.MAX_PROGS, types, NetkitWorld.LINK_NAMES,
                NetkitWorld.LINK_CAPACITY, 10, true, true), 0);
        NetkitWorld.setUp(spec::run);
    }

    private String run(TcxOp op) {
        return TcxWorld.ret(spec.run(op));
    }

    public String attach(int prog, boolean peer) {
        return run(NetkitWorld.attach(prog, peer));
    }

    public String detach(int prog, boolean peer) {
        return run(NetkitWorld.detach(prog, peer));
    }

    public String linkCreate(int thread, int prog, boolean peer) {
        return run(NetkitWorld.linkCreate(thread, prog, peer));
    }

    public String linkDetach(int thread) {
        return run(TcxOp.linkDetach(thread));
    }

    public String query(boolean peer) {
        int ret = spec.run(NetkitWorld.query(peer));
        return TcxWorld.query(ret, spec.query);
    }

    public String teardown() {
        return run(TcxOp.netkitTeardown());
    }

    public String pass(int thread, boolean peer) {
        TcxState s = spec.state;
        return TcxWorld.pass(s.entryProgs(s.hookEntry[NetkitWorld.hook(peer)]));
    }
}
