package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import mprogsim.model.tcx.TcxState;
import org.junit.jupiter.api.Test;

/**
 * The end-of-run reference check on memory built by hand: no kernel path in the model leaks a bundle, so the check
 * that a bundle no hook references has been freed is shown to fail here, next to the states that must pass.
 */
class LifetimesTest {
    private final TcxState memory = new TcxState(2, new int[] {0, TcxState.TYPE_SCHED_CLS}, 1, 1, 2, false);
    private final Violations violations = new Violations();
    private final Lifetimes lifetimes;

    LifetimesTest() {
        SimConfig config = new SimConfig(2, new int[] {0, TcxState.TYPE_SCHED_CLS}, new String[] {null, "p1"},
                new String[] {"l0"}, new int[][] {new int[0], new int[0]}, List.of(), 0, false, false);
        Names names = new Names(new String[] {"w1"}, config, memory);
        Rcu rcu = new Rcu(0, new int[0], 1, names);
        lifetimes = new Lifetimes(memory, rcu, violations, names, false, 1);
        lifetimes.reset();
    }

    @Test
    void aBundleNoHookReferencesMustHaveBeenFreed() {
        int entry = memory.createBundle();
        lifetimes.checkReferences();
        assertEquals("refcount: bundle 0 is referenced by no hook but was never freed", violations.detail());

        violations.reset();
        memory.hookEntry[TcxState.INGRESS] = entry;
        lifetimes.checkReferences();
        assertEquals("", violations.detail(), "a published bundle is referenced");

        memory.hookEntry[TcxState.INGRESS] = TcxState.NULL_ENTRY;
        lifetimes.freeBundle(0, "rcu");
        lifetimes.checkReferences();
        assertEquals("", violations.detail(), "a freed bundle is no leak");
    }

    @Test
    void aProgNothingReferencesMustHaveBeenFreed() {
        memory.progFd[1] = false;
        memory.progRefcnt[1] = 0;
        lifetimes.checkReferences();
        assertEquals("refcount: p1 is referenced by nothing but was never freed", violations.detail());

        violations.reset();
        lifetimes.freeProg(1, "rcu");
        lifetimes.checkReferences();
        assertEquals("", violations.detail());
    }
}
