package mprogsim.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mprogsim.cli.Main;
import mprogsim.cli.OracleCommand;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The running kernel as oracle. Every test here needs root, bpf(2) and network namespaces; where they are not
 * permitted the tests are skipped with the reason, never passed. All kernel calls stay on the JUnit thread, which
 * owns the private network namespace.
 */
class KernelOracleTest {
    static final Path CATALOG = Path.of("catalog", "conformance");
    private static KernelSession session;
    private static String unavailable;
    /** Why qdisc and teardown scenarios cannot run here (no veth, no rtnetlink), or null. */
    private static String vethUnavailable;

    @BeforeAll
    static void openKernel() {
        try {
            session = KernelSession.open();
        } catch (KernelBpf.Unavailable e) {
            unavailable = e.getMessage();
            return;
        }
        try {
            session.checkVeth();
        } catch (KernelBpf.Unavailable e) {
            vethUnavailable = e.getMessage();
        }
    }

    private static void needVeth() {
        needKernel();
        assumeTrue(vethUnavailable == null, () -> "skipped: " + vethUnavailable);
    }

    @AfterAll
    static void closeKernel() {
        if (session != null) {
            session.close();
        }
    }

    private static void needKernel() {
        assumeTrue(session != null, () -> "skipped: the kernel oracle is not usable here: " + unavailable);
    }

    private static Scenario scenario(String json) throws ScenarioException {
        return ScenarioLoader.parse(json, Path.of("inline.json"));
    }

    @TestFactory
    Stream<DynamicTest> catalogAgreesThreeWaysOnTheKernel() throws ScenarioException {
        needKernel();
        List<Path> files = ScenarioLoader.expand(List.of(CATALOG));
        assertFalse(files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Scenario s = ScenarioLoader.load(f);
            if (KernelSession.needsVeth(s)) {
                needVeth();
            }
            OracleCheck.Report r = OracleCheck.check(session, s);
            StringBuilder why = new StringBuilder();
            r.diffs().forEach(d -> why.append(d.describe()).append('\n'));
            r.finalDiffs().forEach(d -> why.append(d).append('\n'));
            assertNull(r.setupError(), r.setupError());
            assertTrue(r.agree(), why.toString());
        }));
    }

    @Test
    void aWrongExpectIsReportedAgainstKernelAndModel() throws ScenarioException {
        needKernel();
        Scenario s = scenario("{\"name\": \"wrong\", \"steps\": [{\"op\": \"attach\", \"prog\": \"p1\"},"
                + " {\"op\": \"attach\", \"prog\": \"p1\", \"expect\": {\"ret\": 0}},"
                + " {\"op\": \"query\", \"expect\": {\"count\": 1, \"revision\": 3}}]}");
        OracleCheck.Report r = OracleCheck.check(session, s);
        assertFalse(r.agree());
        assertFalse(r.modelDiffersFromKernel(), "model and kernel agree here");
        assertEquals(2, r.diffs().size());
        OracleCheck.StepDiff eexist = r.diffs().get(0);
        assertEquals(1, eexist.index());
        assertEquals("expected ret 0, got -EEXIST", eexist.expectVsKernel());
        assertEquals("expected revision 3, got 2", r.diffs().get(1).expectVsKernel());
    }

    @Test
    void everyScenarioStartsFromACleanKernel() throws ScenarioException {
        needKernel();
        Scenario s = scenario("{\"name\": \"twice\", \"initial\": {\"egress\": [\"p1\"]}, \"steps\": ["
                + "{\"op\": \"link_create\", \"link\": \"l1\", \"prog\": \"p2\"},"
                + "{\"op\": \"query\", \"expect\": {\"count\": 1, \"revision\": 2, \"link_ids\": [\"l1\"]}},"
                + "{\"op\": \"query\", \"hook\": \"egress\", \"expect\": {\"count\": 1, \"revision\": 2}}]}");
        OracleCheck.Report first = OracleCheck.check(session, s);
        OracleCheck.Report second = OracleCheck.check(session, s);
        assertTrue(first.agree(), first.diffs().toString());
        assertTrue(second.agree(), second.diffs().toString());
        assertEquals(first.kernelSteps(), second.kernelSteps());
    }

    @Test
    void oracleCommandExitsZeroOnTheCatalogAndOneOnADifference(@TempDir Path dir) throws Exception {
        needKernel();
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assumeTrue(vethUnavailable == null, () -> "skipped: the catalog has qdisc scenarios: " + vethUnavailable);
        assertEquals(0, cl.execute("oracle", CATALOG.toString()), out.toString());
        Path bad = dir.resolve("bad-expect.json");
        java.nio.file.Files.writeString(bad, "{\"name\": \"bad-expect\", \"steps\": [{\"op\": \"detach\", "
                + "\"prog\": \"p1\", \"expect\": {\"ret\": 0}}]}");
        StringWriter out2 = new StringWriter();
        CommandLine cl2 = Main.commandLine();
        cl2.setOut(new PrintWriter(out2));
        assertEquals(1, cl2.execute("oracle", bad.toString()), out2.toString());
        assertTrue(out2.toString().contains("step 0 (detach p1): kernel ret -ENOENT"), out2.toString());
    }

    @Test
    void shortSeededFuzzRunFindsNoDifference(@TempDir Path dir) throws Exception {
        needKernel();
        Fuzzer f = new Fuzzer(session, new FuzzGenerator(20261202, 12, 64), "test");
        Fuzzer.Summary sum = f.run(300, dir, done -> { });
        Fuzzer.Difference d = sum.difference();
        assertNull(d, () -> "sequence " + d.sequence() + ": " + d.firstDifference() + ", written to " + d.file());
        assertEquals(300, sum.sequences());
        assertTrue(f.returns.getOrDefault("attach 0", 0L) > 0 && f.returns.getOrDefault("link_update 0", 0L) > 0,
                "the fuzz reached successful attaches and link updates: " + f.returns);
    }

    @Test
    void shortSeededQdiscFuzzRunOnAVethFindsNoDifference(@TempDir Path dir) throws Exception {
        needVeth();
        session.useDevice(KernelSession.Device.VETH);
        try {
            Fuzzer f = new Fuzzer(session, new FuzzGenerator(20261206, 12, 64, true), "test");
            Fuzzer.Summary sum = f.run(120, dir, done -> { });
            Fuzzer.Difference d = sum.difference();
            assertNull(d, () -> "sequence " + d.sequence() + ": " + d.firstDifference() + ", written to " + d.file());
            for (String reached : List.of("qdisc_add 0", "qdisc_replace 0", "qdisc_delete 0", "chain_add 0",
                    "teardown 0")) {
                assertTrue(f.returns.getOrDefault(reached, 0L) > 0, reached + " never happened: " + f.returns);
            }
        } finally {
            session.useDevice(KernelSession.Device.AUTO);
        }
    }

    @Test
    void aLoScenarioGivesTheSameAnswersOnAVeth() throws ScenarioException {
        needVeth();
        Scenario s = ScenarioLoader.load(CATALOG.resolve("links-update-detach.json"));
        OracleCheck.Report onLo = OracleCheck.check(session, s);
        session.useDevice(KernelSession.Device.VETH);
        try {
            OracleCheck.Report onVeth = OracleCheck.check(session, s);
            assertTrue(onLo.agree() && onVeth.agree(), onVeth.diffs().toString());
            assertEquals(onLo.kernelSteps(), onVeth.kernelSteps());
        } finally {
            session.useDevice(KernelSession.Device.AUTO);
        }
    }

    @Test
    void aQdiscModelDifferenceIsReportedAgainstTheKernel() throws ScenarioException {
        needVeth();
        // The expect claims the pre-qdisc belief (revision back to 1); the kernel and the model both say 3.
        Scenario s = scenario("{\"name\": \"rev\", \"steps\": [{\"op\": \"qdisc_add\", \"kind\": \"clsact\"},"
                + " {\"op\": \"attach\", \"prog\": \"p1\"}, {\"op\": \"detach\", \"prog\": \"p1\"},"
                + " {\"op\": \"query\", \"expect\": {\"revision\": 1}}]}");
        OracleCheck.Report r = OracleCheck.check(session, s);
        assertFalse(r.modelDiffersFromKernel(), r.diffs().toString());
        assertEquals(1, r.diffs().size());
        assertEquals("expected revision 1, got 3", r.diffs().get(0).expectVsKernel());
    }

    @Test
    void whereTheKernelIsNotUsableTheOracleSaysSoAndExitsThree(@TempDir Path dir) throws Exception {
        assumeTrue(session == null, "skipped: the kernel oracle is usable here, so its refusal cannot be shown");
        Path f = dir.resolve("s.json");
        java.nio.file.Files.writeString(f, "{\"name\": \"s\", \"steps\": [{\"op\": \"query\"}]}");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(OracleCommand.EXIT_KERNEL_UNAVAILABLE, cl.execute("oracle", f.toString()));
        String[] lines = err.toString().strip().split("\n");
        assertEquals(1, lines.length, err.toString());
        assertNotNull(unavailable);
        assertTrue(lines[0].startsWith("oracle: "), lines[0]);
    }
}
