package mprogsim.scenario;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/**
 * Runs a sequential scenario ({@code steps}, one writer, no readers) on the sequential spec: the initial lists, then
 * every op in order, each one's outcome compared with its own {@code expect}.
 */
public final class SequentialRun {
    /** One op's result: what it returned and, when its {@code expect} does not hold, how it differs. */
    public record StepResult(int index, ScenarioOp op, OpOutcome outcome, String mismatch) {
    }

    private SequentialRun() {
    }

    /** A fresh model world sized for {@code s}, with the initial lists attached. */
    public static SequentialTcx world(Scenario s) {
        int links = Math.max(1, s.linkNames().size());
        TcxState state = new TcxState(s.maxProgs(), s.progTypes(), links, s.linkCreates() + 1,
                s.writerOps() + 4 + (s.netkit() ? 2 : 0), true, s.netkit());
        SequentialTcx seq = new SequentialTcx(state, 0);
        for (TcxOp op : s.initialOps()) {
            seq.run(op);
        }
        return seq;
    }

    public static List<StepResult> run(Scenario s) {
        return run(s, world(s));
    }

    /** Runs the steps on a world made by {@link #world}; the caller keeps the world to look at the final state. */
    public static List<StepResult> run(Scenario s, SequentialTcx seq) {
        List<StepResult> out = new ArrayList<>();
        List<ScenarioOp> steps = s.steps();
        for (int i = 0; i < steps.size(); i++) {
            ScenarioOp op = steps.get(i);
            int ret = seq.run(op.op());
            OpOutcome outcome = OpOutcome.of(s, op, ret, seq.query, seq.state);
            out.add(new StepResult(i, op, outcome, outcome.mismatch(op.expect())));
        }
        return out;
    }
}
