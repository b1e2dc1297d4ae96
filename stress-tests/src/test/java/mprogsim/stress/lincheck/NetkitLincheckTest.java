package mprogsim.stress.lincheck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The netkit location under Lincheck, where it adds to the tcx checks: a peer device beside the primary, the
 * deletion of the pair (netkit_uninit: no bundle freed) against readers, and the emptied device refilled from the
 * same embedded bundle. The kernel's protocol is linearizable against the model's sequential spec; with
 * uninstall_no_sync (which the tcx Lincheck world cannot show: it has no teardown) and no_sync_after_swap it is not,
 * and the failure carries the misuse; bundle_free_no_rcu does not apply to netkit and changes nothing.
 */
class NetkitLincheckTest {
    private static ModelCheckingOptions modelChecking() {
        return (ModelCheckingOptions) LincheckSetup.modelChecking().sequentialSpecification(NetkitSequentialSpec.class);
    }

    private static Actor actor(String name, Object... args) {
        for (Method m : NetkitUnderTest.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, Arrays.asList(args), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException("no operation " + name + "/" + args.length);
    }

    /** A reader passes over the primary while the pair is deleted: p1, held only by the device, is put. */
    static ExecutionScenario passOnPrimaryAgainstTeardown() {
        return Scenarios.parallel(List.of(actor("teardown")), List.of(actor("pass", 1, false)), List.of());
    }

    /** A reader passes over the peer while its last prog leaves and p3 is attached into the same bundle. */
    static ExecutionScenario passOnPeerAgainstEmptyAndRefill() {
        return Scenarios.parallel(List.of(actor("detach", 0, true), actor("attach", 3, true)),
                List.of(actor("pass", 1, true)), List.of());
    }

    @Test
    void modelCheckingOnGeneratedScenarios() {
        modelChecking().iterations(4).invocationsPerIteration(100)
                .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .check(NetkitUnderTest.class);
    }

    @Test
    void stressOnGeneratedScenarios() {
        new StressOptions().iterations(6).invocationsPerIteration(1000)
                .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(NetkitSequentialSpec.class)
                .check(NetkitUnderTest.class);
    }

    @Test
    void theNetkitRacesHoldNoCounterexampleForTheKernelsProtocol() {
        modelChecking().iterations(0).invocationsPerIteration(150)
                .addCustomScenario(passOnPrimaryAgainstTeardown())
                .addCustomScenario(passOnPeerAgainstEmptyAndRefill())
                .check(NetkitUnderTest.class);
    }

    @Test
    void bundleFreeNoRcuDoesNotApplyToNetkit() {
        modelChecking().iterations(0).invocationsPerIteration(150)
                .addCustomScenario(passOnPrimaryAgainstTeardown())
                .addCustomScenario(passOnPeerAgainstEmptyAndRefill())
                .check(NetkitUnderTest.BundleFreeNoRcu.class);
    }

    @Test
    void uninstallNoSyncIsFoundOnTheTeardownRace() {
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class, () ->
                modelChecking().iterations(0).invocationsPerIteration(300)
                        .addCustomScenario(passOnPrimaryAgainstTeardown()).check(NetkitUnderTest.UninstallNoSync.class));
        assertTrue(e.getMessage().contains("use_after_release(p1)"), e.getMessage());
    }

    @Test
    void noSyncAfterSwapIsFoundOnTheRefillRace() {
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class, () ->
                modelChecking().iterations(0).invocationsPerIteration(300)
                        .addCustomScenario(passOnPeerAgainstEmptyAndRefill())
                        .check(NetkitUnderTest.NoSyncAfterSwap.class));
        assertTrue(e.getMessage().contains("use_after_release(p2)"), e.getMessage());
    }
}
