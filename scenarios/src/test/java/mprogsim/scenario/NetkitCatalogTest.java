package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import mprogsim.cli.Main;
import mprogsim.model.tcx.Variant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * The netkit catalog (scenarios/catalog/netkit): the conformance files ported from tc_netkit.c meet every step's
 * expect on the sequential spec, the whole folder passes {@code check} (the step simulator included), and every
 * protocol variant is either caught on netkit by a file of netkit/variants or shown not to apply in netkit/harmless.
 */
class NetkitCatalogTest {
    static final Path NETKIT = Path.of("catalog", "netkit");

    @TestFactory
    Stream<DynamicTest> everyConformanceStepMeetsItsExpectOnTheSequentialSpec() throws ScenarioException {
        List<Path> files = ScenarioLoader.expand(List.of(NETKIT.resolve("conformance")));
        assertFalse(files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Scenario s = ScenarioLoader.load(f);
            assertTrue(s.netkit(), f + " must declare the netkit pair");
            assertTrue(s.sequential(), f + " must be a sequential (steps) scenario");
            assertEquals(List.of(), ConformanceCatalogTest.sequentialProblems(f, s), f.toString());
        }));
    }

    @Test
    void checkPassesTheWholeNetkitCatalog() throws ScenarioException {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("check", "--no-time", NETKIT.toString()), out.toString());
        int files = ScenarioLoader.expand(List.of(NETKIT)).size();
        assertTrue(out.toString().contains(files + " passed, 0 failed"), out.toString());
    }

    @Test
    void everyVariantIsCaughtOnNetkitOrShownNotToApply() throws Exception {
        TreeSet<String> covered = new TreeSet<>();
        for (Path f : ScenarioLoader.expand(List.of(NETKIT.resolve("variants")))) {
            Scenario s = ScenarioLoader.load(f);
            assertTrue(s.expect().violation(), f + " must expect the violation that catches its variant");
            for (Variant v : Variant.values()) {
                if (v.in(s.variants())) {
                    covered.add(v.jsonName);
                }
            }
        }
        for (Path f : ScenarioLoader.expand(List.of(NETKIT.resolve("harmless")))) {
            Scenario s = ScenarioLoader.load(f);
            assertFalse(s.expect().violation(), f + " must expect a pass");
            String text = Files.readString(f);
            for (Variant v : Variant.values()) {
                if (v.in(s.variants()) && text.contains(v.jsonName + " cannot apply to netkit")) {
                    covered.add(v.jsonName);
                }
            }
        }
        TreeSet<String> all = new TreeSet<>();
        for (Variant v : Variant.values()) {
            all.add(v.jsonName);
        }
        assertEquals(all, covered);
    }
}
