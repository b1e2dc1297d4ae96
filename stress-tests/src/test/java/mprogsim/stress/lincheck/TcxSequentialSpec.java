package mprogsim.stress.lincheck;

import java.util.Arrays;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/**
 * The sequential specification Lincheck checks against: the model's {@link SequentialTcx}, with the same operations
 * as {@link TcxUnderTest}. A reader pass here is the hook's list at that instant, so a pass that ran a torn
 * list, a freed or released prog, or a wild slot has no sequential counterpart.
 */
public class TcxSequentialSpec {
    private final SequentialTcx spec;

    public TcxSequentialSpec() {
        int[] types = new int[TcxWorld.PROGS + 1];
        Arrays.fill(types, 1, types.length, TcxState.TYPE_SCHED_CLS);
        spec = new SequentialTcx(new TcxState(TcxWorld.MAX_PROGS, types, TcxWorld.LINK_NAMES, TcxWorld.LINK_CAPACITY, 8, true), 0);
        TcxWorld.setUp(spec::run);
    }

    private String run(TcxOp op) {
        return TcxWorld.ret(spec.run(op));
    }

    public String attach(int prog, boolean front) {
        return run(TcxWorld.attach(prog, front));
    }

    public String detach(int prog) {
        return run(TcxWorld.detach(prog));
    }

    public String replace(int prog, int old) {
        return run(TcxWorld.replace(prog, old));
    }

    public String linkCreate(int thread, int prog) {
        return run(TcxWorld.linkCreate(thread, prog));
    }

    public String linkUpdate(int name, int prog) {
        return run(TcxWorld.linkUpdate(name, prog));
    }

    public String linkDetach(int name) {
        return run(TcxWorld.linkDetach(name));
    }

    public String query() {
        int ret = spec.run(TcxWorld.query());
        return TcxWorld.query(ret, spec.query);
    }

    public String pass(int thread) {
        TcxState s = spec.state;
        return TcxWorld.pass(s.entryProgs(s.hookEntry[TcxWorld.HOOK]));
    }
}
