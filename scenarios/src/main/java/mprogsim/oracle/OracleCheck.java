package mprogsim.oracle;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.scenario.OpExpect;
import mprogsim.scenario.OpOutcome;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioOp;
import mprogsim.scenario.SequentialRun;

/**
 * The three-way comparison of one sequential scenario: the model (the same {@link SequentialRun} that
 * {@code check} uses), the running kernel ({@link KernelSession}), and the file's own {@code expect}.
 */
public final class OracleCheck {
    private OracleCheck() {
    }

    /** One step where the three do not all agree. Null fields in the comparisons mean "these two agree". */
    public record StepDiff(int index, String opText, OpOutcome kernel, OpOutcome model, OpExpect expect,
                           String modelVsKernel, String expectVsKernel, String expectVsModel) {
        public String describe() {
            StringBuilder sb = new StringBuilder("step ").append(index).append(" (").append(opText).append("): ");
            sb.append("kernel ").append(kernel.describe()).append(" | model ").append(model.describe());
            if (expect != null) {
                sb.append(" | expect ").append(describe(expect));
            }
            List<String> what = new ArrayList<>();
            if (modelVsKernel != null) {
                what.add("model vs kernel: " + modelVsKernel);
            }
            if (expectVsKernel != null) {
                what.add("expect vs kernel: " + expectVsKernel);
            }
            if (expectVsModel != null) {
                what.add("expect vs model: " + expectVsModel);
            }
            return sb.append("  [").append(String.join("; ", what)).append(']').toString();
        }

        private static String describe(OpExpect e) {
            List<String> parts = new ArrayList<>();
            if (e.ret() != null) {
                parts.add("ret " + mprogsim.model.mprog.Errno.format(e.ret()));
            }
            if (e.count() != null) {
                parts.add("count " + e.count());
            }
            if (e.revision() != null) {
                parts.add("revision " + e.revision());
            }
            if (e.progIds() != null) {
                parts.add("prog_ids " + e.progIds());
            }
            if (e.linkIds() != null) {
                parts.add("link_ids " + e.linkIds());
            }
            return String.join(", ", parts);
        }
    }

    /** The outcome for one scenario. {@code skipReason} non-null: not run at all (not comparable). */
    public record Report(Scenario scenario, int steps, List<StepDiff> diffs, List<String> finalDiffs,
                         List<String> notes, String setupError, String skipReason, List<OpOutcome> kernelSteps,
                         List<OpOutcome> modelSteps) {
        public boolean skipped() {
            return skipReason != null;
        }

        public boolean agree() {
            return skipReason == null && setupError == null && diffs.isEmpty() && finalDiffs.isEmpty();
        }

        /** Whether model and kernel differ (the file's expect left out). */
        public boolean modelDiffersFromKernel() {
            if (setupError != null) {
                return true;
            }
            for (StepDiff d : diffs) {
                if (d.modelVsKernel() != null) {
                    return true;
                }
            }
            return !finalDiffs.isEmpty();
        }

        /** The first step where model and kernel differ, -1 for none (final state only), -2 for no difference. */
        public int firstModelKernelStep() {
            for (StepDiff d : diffs) {
                if (d.modelVsKernel() != null) {
                    return d.index();
                }
            }
            return finalDiffs.isEmpty() ? -2 : -1;
        }
    }

    /** Why a scenario cannot be compared with the kernel, or null when it can. */
    public static String skipReason(Scenario s) {
        if (!s.sequential()) {
            return "not a sequential scenario (threads); the oracle replays steps only";
        }
        if (s.netkit()) {
            return "has a netkit pair; the oracle drives tcx hooks only (mprogsim oracle on it says why)";
        }
        if (s.maxProgs() != 63) {
            return "model.max_progs is " + s.maxProgs() + ", but the kernel's bpf_mprog_max() is always 63";
        }
        for (mprogsim.scenario.ScenarioOp op : s.steps()) {
            if (op.op().kind == mprogsim.model.tcx.OpKind.QDISC_HOLD || op.op().kind == mprogsim.model.tcx.OpKind.QDISC_PUT) {
                return "qdisc_hold and qdisc_release stand for a reference an RTNL-unlocked tc request holds in the "
                        + "kernel; no syscall sequence holds one on purpose";
            }
        }
        return null;
    }

    public static Report check(KernelSession kernel, Scenario s) {
        String skip = skipReason(s);
        if (skip != null) {
            return new Report(s, 0, List.of(), List.of(), List.of(), null, skip, List.of(), List.of());
        }
        SequentialTcx world = SequentialRun.world(s);
        List<SequentialRun.StepResult> model = SequentialRun.run(s, world);
        List<OpOutcome> modelSteps = new ArrayList<>();
        for (SequentialRun.StepResult r : model) {
            modelSteps.add(r.outcome());
        }
        KernelSession.Result k = kernel.run(s);
        if (k.setupError() != null) {
            return new Report(s, model.size(), List.of(), List.of(), k.notes(), k.setupError(), null, List.of(),
                    modelSteps);
        }
        List<StepDiff> diffs = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            ScenarioOp op = model.get(i).op();
            OpOutcome m = model.get(i).outcome();
            OpOutcome ko = k.steps().get(i);
            String mk = OpOutcome.difference(ko, m);
            String ek = ko.mismatch(op.expect());
            String em = m.mismatch(op.expect());
            if (mk != null || ek != null || em != null) {
                diffs.add(new StepDiff(i, op.text(), ko, m, op.expect(), mk, ek, em));
            }
        }
        List<String> finalDiffs = new ArrayList<>();
        List<KernelSession.HookState> modelFinal = modelFinalState(s, world);
        for (int h = 0; h < 2; h++) {
            KernelSession.HookState mh = modelFinal.get(h);
            KernelSession.HookState kh = k.finalState().get(h);
            if (!mh.equals(kh)) {
                finalDiffs.add("final " + Scenario.hookName(h) + ": kernel " + kh.describe() + " | model "
                        + mh.describe());
            }
        }
        String modelAlive = modelAlive(s, world);
        if (!modelAlive.equals(k.alive())) {
            finalDiffs.add("alive at the end (id still found): kernel " + k.alive() + " | model " + modelAlive);
        }
        return new Report(s, model.size(), diffs, finalDiffs, k.notes(), null, null, k.steps(), modelSteps);
    }

    /** The model's progs and links that are still live (not released) at the end, named as the kernel side does. */
    static String modelAlive(Scenario s, SequentialTcx world) {
        TcxState st = world.state;
        List<String> progs = new ArrayList<>();
        for (int p = 1; p <= s.progNames().size(); p++) {
            if (st.progLife[p] == TcxState.LIVE) {
                progs.add(s.progName(p));
            }
        }
        List<String> links = new ArrayList<>();
        for (int n = 0; n < s.linkNames().size(); n++) {
            int l = st.nameBinding[n];
            if (l != 0 && st.linkLife[l] == TcxState.LIVE) {
                links.add(s.linkName(n));
            }
        }
        return KernelSession.describeAlive(progs, links);
    }

    /** Both hooks of the model world at the end, in the same terms as {@link KernelSession.HookState}. */
    static List<KernelSession.HookState> modelFinalState(Scenario s, SequentialTcx world) {
        List<KernelSession.HookState> out = new ArrayList<>();
        for (int h = TcxState.INGRESS; h <= TcxState.EGRESS; h++) {
            TcxOp q = TcxOp.query(h, 64, 0);
            int ret = world.run(q);
            OpOutcome o = OpOutcome.of(s, new ScenarioOp(q, null, "final query", ""), ret, world.query,
                    world.state);
            out.add(new KernelSession.HookState(ret, ret == 0 ? o.revision() : 0,
                    ret == 0 ? o.progIds() : List.of(), ret == 0 ? o.linkIds() : List.of()));
        }
        return out;
    }
}
