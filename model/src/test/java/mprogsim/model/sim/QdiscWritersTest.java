package mprogsim.model.sim;

import static mprogsim.model.tcx.TcxState.INGRESS;
import static mprogsim.model.tcx.TcxState.QDISC_CLSACT;
import static mprogsim.model.tcx.TcxState.QDISC_INGRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import org.junit.jupiter.api.Test;

/**
 * The qdisc ops as RTNL writers on the step simulator: the free rule (!bpf_mprog_total && !miniq_active) under
 * concurrency, its old-kernel mutations caught, and use_after_free for a writer's store into a freed entry.
 */
class QdiscWritersTest {
    private static final Budget ALL = new Budget(2_000_000, 0, false);

    private static SimThread writer(String name, TcxOp... ops) {
        String[] labels = new String[ops.length];
        Arrays.fill(labels, "op");
        return SimThread.writer(name, ops, new OpExpectation[ops.length], labels);
    }

    private static SimConfig config(int variants, SimThread... threads) {
        int[] types = {0, TcxState.TYPE_SCHED_CLS, TcxState.TYPE_SCHED_CLS};
        return new SimConfig(4, types, new String[] {null, "p1", "p2"}, new String[] {"l0"},
                new int[][] {new int[0], new int[0]}, List.of(threads), variants, false, false);
    }

    /** Every invariant DPOR finds broken over all interleavings. */
    private static long explore(SimConfig c) {
        TcxSimulation sim = new TcxSimulation(c);
        long[] seen = new long[1];
        ExplorationResult r = new DporExplorer().explore(sim, ALL, new ExecutionListener() {
            @Override
            public void executionEnded(Program program, int[] schedule, int length, long violations,
                                       boolean maximal) {
                seen[0] |= violations;
            }
        });
        assertTrue(r.complete, "exploration incomplete");
        return seen[0];
    }

    /** CVE-2024-41010's sequence with a reader on the hook, so the entry's kfree_rcu waits for a grace period. */
    private static SimConfig cve(int variants) {
        return config(variants,
                writer("tc", TcxOp.qdiscAdd(QDISC_INGRESS, 1, 0), TcxOp.chainAddOnBlock(1),
                        TcxOp.qdiscReplace(QDISC_CLSACT, 0, 0), TcxOp.chainAddOnHook(INGRESS),
                        TcxOp.qdiscDelete(QDISC_CLSACT)),
                SimThread.reader("r1", INGRESS, 1));
    }

    @Test
    void aCountedMiniqKeepsTheEntryAFlagFreesIt() {
        assertEquals(List.of(), Invariant.names(explore(cve(0))));
        long flag = explore(cve(Variant.MINIQ_FLAG_BEFORE_1CB6F0BAE504.bit()));
        assertTrue((flag & Invariant.USE_AFTER_FREE.bit()) != 0, Invariant.names(flag).toString());
    }

    /**
     * A bpf writer empties the entry clsact keeps while the qdisc is deleted and recreated around it: whatever the
     * order, the entry goes exactly when neither programs nor a qdisc side keep it, and no store lands in freed
     * memory.
     */
    @Test
    void theFreeRuleHoldsInEveryInterleaving() {
        SimConfig c = config(0,
                writer("tc", TcxOp.qdiscAdd(QDISC_CLSACT, 0, 0), TcxOp.chainAddOnHook(INGRESS),
                        TcxOp.qdiscDelete(QDISC_CLSACT)),
                writer("w1", TcxOp.attach(INGRESS, 1, 0, 0, 0, 0), TcxOp.detach(INGRESS, 1, 0, 0, 0)),
                SimThread.reader("r1", INGRESS, 1));
        assertEquals(List.of(), Invariant.names(explore(c)));
    }

    /** The uninstall that ignores miniq_active frees an entry whose qdisc's pending destroy stores into it. */
    private static SimConfig heldAcrossTeardown(int variants, boolean reader) {
        List<SimThread> threads = new ArrayList<>(List.of(
                writer("admin", TcxOp.qdiscAdd(QDISC_CLSACT, 0, 0), TcxOp.chainAddOnHook(INGRESS)),
                writer("tc", TcxOp.qdiscHold(), TcxOp.qdiscPut()),
                SimThread.teardown("unregister")));
        if (reader) {
            threads.add(SimThread.reader("r1", INGRESS, 1));
        }
        return config(variants, threads.toArray(new SimThread[0]));
    }

    @Test
    void uninstallLeavesAnActiveEntryToTheQdisc() {
        assertEquals(List.of(), Invariant.names(explore(heldAcrossTeardown(0, true))));
        long old = explore(heldAcrossTeardown(Variant.UNINSTALL_FREES_ACTIVE_ENTRY_BEFORE_079082C60AFF.bit(), false));
        assertTrue((old & Invariant.USE_AFTER_FREE.bit()) != 0, Invariant.names(old).toString());
    }

    /** No reader at all: the store into freed memory is the qdisc writer's own, and it is reported as such. */
    @Test
    void aWriterStoringIntoAFreedEntryIsAUseAfterFree() {
        TcxSimulation sim = new TcxSimulation(config(Variant.MINIQ_FLAG_BEFORE_1CB6F0BAE504.bit(),
                writer("tc", TcxOp.qdiscAdd(QDISC_INGRESS, 1, 0), TcxOp.chainAddOnBlock(1),
                        TcxOp.qdiscReplace(QDISC_CLSACT, 0, 0), TcxOp.chainAddOnHook(INGRESS),
                        TcxOp.qdiscDelete(QDISC_CLSACT))));
        sim.reset();
        while (sim.status(0) == Program.ENABLED) {
            sim.step(0);
        }
        assertEquals(List.of("use_after_free"), Invariant.names(sim.violations()));
        assertTrue(sim.violationDetail().contains("mini_qdisc_pair_swap stores into bundle 0, already freed"),
                sim.violationDetail());
    }

    @Test
    void anOldDetachOfAnEmptyEntryReadsOutsideIt() {
        SimConfig today = config(0, writer("w", TcxOp.qdiscAdd(QDISC_CLSACT, 0, 0), TcxOp.detach(INGRESS, 0, 0, 0, 0)));
        assertEquals(List.of(), Invariant.names(explore(today)));
        SimConfig old = config(Variant.DETACH_EMPTY_BEFORE_D210F9735E13.bit(),
                writer("w", TcxOp.qdiscAdd(QDISC_CLSACT, 0, 0), TcxOp.detach(INGRESS, 0, 0, 0, 0)));
        assertEquals(List.of("wild_access"), Invariant.names(explore(old)));
    }
}
