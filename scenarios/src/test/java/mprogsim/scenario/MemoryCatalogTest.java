package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mprogsim.model.sim.MemoryModel;
import mprogsim.scheduler.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * The weak memory mode on the catalog: every file of scenarios/catalog/memory meets its expectation in weak memory
 * and, run under sequential consistency, passes, except the two T5 shapes (no grace period before the reuse),
 * which fail under both; the litmus files agree between the stateful search and plain DFS over every
 * interleaving; and every exhaustive protocol scenario of the catalog (tcx and netkit) passes in weak memory.
 */
class MemoryCatalogTest {
    private static final Set<String> CAUGHT_UNDER_SC = Set.of("litmus-t5-ab-reuse-nosync", "memory-ab-reuse-nosync");

    private static ScenarioRunner.Options options(String explorer) {
        return new ScenarioRunner.Options(explorer, null, null, null, Long.MAX_VALUE, null, false, false, 1, 0, 1,
                ProgressListener.NONE, null);
    }

    private static List<Path> files(String folder) throws ScenarioException {
        return ScenarioLoader.expand(List.of(CatalogTest.catalog().resolve(folder)));
    }

    @Test
    void memoryFilesMeetTheirVerdictInWeakMemoryAndTheSequentialOneUnderSc() throws Exception {
        int weakOnly = 0;
        int litmus = 0;
        for (Path f : files("memory")) {
            Scenario s = ScenarioLoader.load(f);
            assertTrue(s.memory().weak(), f + " runs in weak memory");
            ScenarioVerdict weak = ScenarioRunner.run(s, options("stateful"));
            assertTrue(weak.met(), f + " in weak memory: " + weak.summary());

            MemoryModel m = s.memory();
            Scenario sc = s.withMemory(new MemoryModel(false, false, m.litmus()));
            boolean caughtUnderSc = CAUGHT_UNDER_SC.contains(s.name());
            Scenario scExpect = sc.withExpect(caughtUnderSc ? s.expect() : ExpectSpec.PASS);
            ScenarioVerdict scRun = ScenarioRunner.run(scExpect, options("stateful"));
            assertTrue(scRun.met(), f + " under sequential consistency: " + scRun.summary());
            if (s.expect().violation() && !caughtUnderSc) {
                weakOnly++;
            }
            if (m.litmus() != null) {
                litmus++;
                // Plain DFS over every interleaving and read choice: the reference for the stateful search.
                ScenarioVerdict dfs = ScenarioRunner.run(s, options("dfs"));
                assertTrue(dfs.met(), f + " by plain DFS: " + dfs.summary());
            }
        }
        assertEquals(11, litmus, "the eleven anchor shapes");
        assertEquals(9, weakOnly, "violations only weak memory finds: " + weakOnly);
    }

    @Test
    void kernelProtocolPassesInWeakMemory() throws Exception {
        List<String> ran = new ArrayList<>();
        List<Path> protocol = new ArrayList<>(files("protocol"));
        protocol.addAll(files("netkit/protocol"));
        for (Path f : protocol) {
            Scenario s = ScenarioLoader.load(f);
            if (!s.explore().strategy().equals("exhaustive") || s.expect().violation()) {
                continue;
            }
            Scenario weak = s.withMemory(new MemoryModel(true, false, null));
            ScenarioVerdict v = ScenarioRunner.run(weak, options("stateful"));
            assertTrue(v.met(), f + " in weak memory: " + v.summary());
            ran.add(s.name());
        }
        assertTrue(ran.size() >= 20, "protocol scenarios run in weak memory (tcx and netkit): " + ran);
    }

    @Test
    void theReducingExplorersAreRefusedInWeakMemory() throws Exception {
        Scenario s = ScenarioLoader.load(CatalogTest.catalog().resolve("memory/publish-without-release.json"));
        for (String explorer : List.of("dpor", "normal-form")) {
            ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                    () -> ScenarioRunner.run(s, options(explorer)));
            assertTrue(e.getMessage().contains(explorer + " cannot explore"), e.getMessage());
        }
    }
}
