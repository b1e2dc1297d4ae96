package mprogsim.stress.lincheck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each protocol variant, switched on in the implementation, must make Lincheck fail on its race, every run: model
 * checking is deterministic for a fixed scenario and fixed options. The failure must also carry the evidence the
 * variant leaves (a misuse marker, a lost update, a torn list), so a test cannot pass by failing for another reason.
 */
class TcxMutantTest {
    /** Every variant Lincheck catches here, with its race and the evidence its failure must carry. */
    static Stream<Arguments> mutants() {
        return Stream.of(
                mutant("no_sync_after_swap", TcxUnderTest.NoSyncAfterSwap.class,
                        Scenarios::passAgainstDetachOfReleasedProg, "use_after_release(p2)"),
                mutant("commit_before_sync", TcxUnderTest.CommitBeforeSync.class,
                        Scenarios::passAgainstDetachOfReleasedProg, "use_after_release(p2)"),
                mutant("put_on_delete", TcxUnderTest.PutOnDelete.class,
                        Scenarios::passAgainstDetachOfReleasedProg, "use_after_release(p2)"),
                mutant("no_writer_lock", TcxUnderTest.NoWriterLock.class,
                        Scenarios::twoAppends, "Invalid execution results"),
                mutant("in_place_update", TcxUnderTest.InPlaceUpdate.class,
                        Scenarios::passAgainstAttachFront, "Invalid execution results"),
                mutant("publish_before_fill", TcxUnderTest.PublishBeforeFill.class,
                        Scenarios::passAgainstAttachFront, "Invalid execution results"),
                mutant("reader_uses_count", TcxUnderTest.ReaderUsesCount.class,
                        Scenarios::passAgainstAppend, "wild_access"),
                mutant("shrink_by_total", TcxUnderTest.ShrinkByTotal.class,
                        Scenarios::passAgainstDetachOfReleasedProg, "Invalid execution results"),
                mutant("no_revision_bump", TcxUnderTest.NoRevisionBump.class,
                        Scenarios::twoAppends, "Invalid execution results"),
                mutant("reader_takes_lock", TcxUnderTest.ReaderTakesLock.class,
                        Scenarios::passAgainstDetachOfReleasedProg, "hung"),
                mutant("max_check_before_f9b0e1088bbf", TcxUnderTest.MaxCheckBeforeFix.class,
                        Scenarios::insertFrontIntoFullArray, "Invalid execution results"));
    }

    private static Arguments mutant(String variant, Class<?> impl, Supplier<ExecutionScenario> race,
                                    String evidence) {
        return Arguments.of(variant, impl, race, evidence);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void lincheckFindsTheVariant(String variant, Class<?> impl, Supplier<ExecutionScenario> race, String evidence) {
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class, () ->
                LincheckSetup.modelChecking().iterations(0).invocationsPerIteration(300)
                        .addCustomScenario(race.get()).check(impl));
        assertTrue(e.getMessage().contains(evidence),
                variant + ": Lincheck failed without the expected evidence '" + evidence + "':\n" + e.getMessage());
    }
}
