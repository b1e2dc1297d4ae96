package mprogsim.scenario;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.sim.OpExpectation;
import mprogsim.model.sim.SimConfig;
import mprogsim.model.sim.SimThread;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/** Turns a loaded scenario into the simulator's terms: names to handles, expectations to model expectations. */
public final class SimConfigs {
    private SimConfigs() {
    }

    public static SimConfig of(Scenario s) {
        String[] progNames = new String[s.progNames().size() + 1];
        for (int i = 0; i < s.progNames().size(); i++) {
            progNames[i + 1] = s.progNames().get(i);
        }
        String[] linkNames = s.linkNames().toArray(new String[0]);
        int[][] initial = new int[s.initial().size()][];
        for (int h = 0; h < initial.length; h++) {
            initial[h] = s.initial().get(h).stream().mapToInt(Integer::intValue).toArray();
        }
        List<SimThread> threads = new ArrayList<>();
        for (ThreadSpec t : s.threads()) {
            switch (t.kind()) {
                case READER -> threads.add(SimThread.reader(t.name(), t.hook(), t.passes()));
                case TEARDOWN -> threads.add(TcxState.isNetkitHook(t.hook()) ? SimThread.netkitTeardown(t.name())
                        : SimThread.teardown(t.name()));
                default -> {
                    int k = t.ops().size();
                    TcxOp[] ops = new TcxOp[k];
                    OpExpectation[] expects = new OpExpectation[k];
                    String[] labels = new String[k];
                    for (int i = 0; i < k; i++) {
                        ScenarioOp op = t.ops().get(i);
                        ops[i] = op.op();
                        expects[i] = expectation(s, op.expect());
                        labels[i] = op.text();
                    }
                    threads.add(SimThread.writer(t.name(), ops, expects, labels));
                }
            }
        }
        return new SimConfig(s.maxProgs(), s.progTypes(), progNames, linkNames, initial, threads, s.variants(),
                s.progFreeImmediate(), s.strictReleaseCheck(), s.memory());
    }

    private static OpExpectation expectation(Scenario s, OpExpect e) {
        if (e == null) {
            return null;
        }
        int[] progs = null;
        if (e.progIds() != null) {
            progs = e.progIds().stream().mapToInt(name -> s.progNames().indexOf(name) + 1).toArray();
        }
        int[] links = null;
        if (e.linkIds() != null) {
            links = e.linkIds().stream().mapToInt(name -> name == null ? -1 : s.linkNames().indexOf(name)).toArray();
        }
        return new OpExpectation(e.ret(), e.count(), e.revision(), progs, links);
    }
}
