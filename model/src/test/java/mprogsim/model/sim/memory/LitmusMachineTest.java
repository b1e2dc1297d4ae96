package mprogsim.model.sim.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The weak memory against herd7's LKMM verdicts on the anchor shapes (scenarios/catalog/memory/litmus, copied from
 * the team's anchor with their recorded verdicts), by a search of every interleaving and every read choice that is
 * independent of the scheduler: the same verdict as herd7 in weak mode, and under sequential consistency only T5's
 * outcome is reachable.
 */
class LitmusMachineTest {
    private static final Path DIR = Path.of("../scenarios/catalog/memory/litmus");

    @ParameterizedTest
    @CsvSource({
            "MP+onceassign+derefonce, Never, Never",
            "T1-publish-WRITE_ONCE, Sometimes, Never",
            "T2-init-plain, Never, Never",
            "T3-slot-plain-read, Sometimes, Never",
            "T4-ab-reuse-sync, Never, Never",
            "T5-ab-reuse-nosync, Sometimes, Sometimes",
            "T6-replace-inplace-dep, Sometimes, Never",
            "T7-gp-counter-nomb, Sometimes, Never",
            "T8-gp-counter-mb, Never, Never",
            "T9-replace-inplace-mb, Never, Never",
            "T10-replace-inplace-acq, Sometimes, Never"})
    void verdictsAgreeWithHerd(String name, String lkmm, String sc) throws IOException {
        LitmusProgram program = LitmusParser.parse(Files.readString(DIR.resolve(name + ".litmus")), name);
        assertEquals(lkmm, verdict(new LitmusMachine(program, true)), name + " in weak mode");
        assertEquals(sc, verdict(new LitmusMachine(program, false)), name + " under sequential consistency");
    }

    /** "Sometimes" when some execution ends with the exists clause true, else "Never". */
    static String verdict(LitmusMachine m) {
        Set<String> finals = new HashSet<>();
        boolean[] hit = {false};
        search(m, finals, hit);
        assertTrue(!finals.isEmpty());
        return hit[0] ? "Sometimes" : "Never";
    }

    private static void search(LitmusMachine m, Set<String> finals, boolean[] hit) {
        int threads = m.program.threads();
        boolean moved = false;
        int[] saved = new int[m.stateInts()];
        m.save(saved, 0);
        for (int t = 0; t < threads; t++) {
            if (m.done(t) || !m.enabled(t)) {
                continue;
            }
            moved = true;
            m.step(t);
            search(m, finals, hit);
            m.restore(saved, 0);
            if (m.canAdvance(t)) {
                m.advance(t);
                search(m, finals, hit);
                m.restore(saved, 0);
            }
        }
        if (!moved) {
            for (int t = 0; t < threads; t++) {
                assertTrue(m.done(t), "deadlock");
            }
            finals.add(m.registersText());
            hit[0] |= m.existsHolds();
        }
    }
}
