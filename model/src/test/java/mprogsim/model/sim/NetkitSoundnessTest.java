package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import org.junit.jupiter.api.Test;

/**
 * The simulator's footprints on the netkit pair: the random scenarios of {@link SimulationSoundnessTest}, moved onto
 * the pair (ingress to the primary device, egress to the peer, the teardown to the deletion of the pair), must
 * reach under DPOR exactly the outcomes and violations of every interleaving. Netkit adds its own locations (the
 * pair's registration, the never-freed embedded bundles, the fallback entry reused after an emptying), so the
 * tcx check alone does not cover them.
 */
class NetkitSoundnessTest {
    private static int netkitHook(int hook) {
        return hook == TcxState.EGRESS ? TcxState.NETKIT_PEER : TcxState.NETKIT_PRIMARY;
    }

    static SimConfig onNetkit(SimConfig c) {
        int[][] initial = {new int[0], new int[0], c.initial()[TcxState.INGRESS], c.initial()[TcxState.EGRESS]};
        List<SimThread> threads = new ArrayList<>();
        for (SimThread t : c.threads()) {
            switch (t.kind()) {
                case READER -> threads.add(SimThread.reader(t.name(), netkitHook(t.hook()), t.passes()));
                case TEARDOWN -> threads.add(SimThread.netkitTeardown(t.name()));
                default -> {
                    TcxOp[] ops = new TcxOp[t.ops().length];
                    for (int i = 0; i < ops.length; i++) {
                        TcxOp op = t.ops()[i];
                        ops[i] = op.kind == OpKind.TEARDOWN ? TcxOp.netkitTeardown()
                                : op.hook >= 0 ? op.onHook(netkitHook(op.hook)) : op;
                    }
                    threads.add(SimThread.writer(t.name(), ops, t.expects(), t.labels()));
                }
            }
        }
        return new SimConfig(c.maxProgs(), c.progTypes(), c.progNames(), c.linkNames(), initial, threads, c.variants(),
                c.progFreeImmediate(), c.strictReleaseCheck());
    }

    @Test
    void dporMatchesEveryInterleavingOnTheNetkitPair() {
        SplittableRandom rnd = new SplittableRandom(20261207);
        int checked = 0;
        long traces = 0;
        long states = 0;
        Set<String> netkitOutcomes = new HashSet<>();
        for (int i = 0; checked < 100 && i < 500; i++) {
            SimConfig c = onNetkit(RandomScenarios.sized(rnd, i % 2 == 1));
            TcxSimulation sim = new TcxSimulation(c);
            Outcomes dp = new Outcomes();
            ExplorationResult rp = new DporExplorer().explore(sim, new Budget(20_000, 0, false), dp);
            if (!rp.complete) {
                continue;
            }
            StateGraphSearch all = new StateGraphSearch(sim);
            if (!all.run(30_000)) {
                continue;
            }
            checked++;
            assertTrue(rp.footprintContractHeld(), "scenario " + i + ": footprint contract");
            assertEquals(all.outcomes, dp.seen, "scenario " + i + ": outcomes differ");
            assertEquals(Invariant.names(all.violations), Invariant.names(dp.violations),
                    "scenario " + i + ": violated invariants differ");
            traces += dp.maximal;
            states += all.states();
            for (String o : dp.seen) {
                if (o.contains("primary=rev") || o.contains("peer=rev")) {
                    netkitOutcomes.add(o);
                }
            }
        }
        System.out.println("netkit scenarios at size: " + checked + ", " + traces + " traces (DPOR's maximal"
                + " executions), " + states + " states of every interleaving");
        assertEquals(100, checked, "too many scenarios over the budget");
        assertTrue(traces >= 5_000, "only " + traces + " traces");
        assertTrue(netkitOutcomes.size() >= 50, "the scenarios must end with programs on the pair: "
                + netkitOutcomes.size());
    }

    private static final class Outcomes implements ExecutionListener {
        final Set<String> seen = new HashSet<>();
        long maximal;
        long violations;

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal) {
            if (maximal) {
                seen.add(program.outcome());
                this.maximal++;
                this.violations |= ((TcxSimulation) program).allViolations();
            }
        }
    }
}
