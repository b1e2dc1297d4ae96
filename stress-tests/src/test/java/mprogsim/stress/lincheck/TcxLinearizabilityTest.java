package mprogsim.stress.lincheck;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The correct implementation is linearizable against the model's sequential spec: attach, detach, replace, link
 * create/update/detach, query and reader passes, in model-checking and stress modes, on generated scenarios with
 * fixed parameters and on the hand-written races that expose the protocol variants.
 */
class TcxLinearizabilityTest {
    @Test
    void modelCheckingOnGeneratedScenarios() {
        LincheckSetup.modelChecking().iterations(4).invocationsPerIteration(100)
                .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .check(TcxUnderTest.class);
    }

    @Test
    void stressOnGeneratedScenarios() {
        new StressOptions().iterations(6).invocationsPerIteration(1000)
                .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(TcxSequentialSpec.class)
                .check(TcxUnderTest.class);
    }

    /** The races of {@link TcxMutantTest} hold no counterexample for the kernel's own protocol. */
    @Test
    void modelCheckingOnTheMutantRaces() {
        var options = LincheckSetup.modelChecking().iterations(0).invocationsPerIteration(100);
        for (ExecutionScenario s : new ExecutionScenario[] {Scenarios.passAgainstDetachOfReleasedProg(),
                Scenarios.passAgainstAttachFront(), Scenarios.passAgainstAppend(), Scenarios.twoAppends(),
                Scenarios.insertFrontIntoFullArray()}) {
            options.addCustomScenario(s);
        }
        options.check(TcxUnderTest.class);
    }
}
