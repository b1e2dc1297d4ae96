package mprogsim.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import mprogsim.cli.Main;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The kernel oracle and netkit scenarios. This machine's kernel has CONFIG_NETKIT off, and the oracle drives tcx hooks
 * only: {@code mprogsim oracle} on a netkit scenario says why in one line and exits 3, and the comparison with the
 * kernel is reported as skipped, with the reason the probe gave.
 */
class NetkitOracleTest {
    static final Path NETKIT_CONFORMANCE = Path.of("catalog", "netkit", "conformance");
    /** Why netkit scenarios cannot be checked on this kernel: never null (the oracle cannot drive netkit yet). */
    private static String netkitUnavailable;

    @BeforeAll
    static void probe() {
        try (KernelSession session = KernelSession.open()) {
            session.checkNetkit();
        } catch (KernelBpf.Unavailable e) {
            netkitUnavailable = e.getMessage();
        }
    }

    @Test
    void oracleOnANetkitScenarioSaysWhyInOneLineAndExitsThree() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(3, cl.execute("oracle", NETKIT_CONFORMANCE.resolve("basic.json").toString()), err.toString());
        String[] lines = err.toString().split("\n");
        assertEquals(1, lines.length, err.toString());
        assertTrue(lines[0].startsWith("oracle: ") && lines[0].contains("basic.json"), lines[0]);
        assertTrue(lines[0].contains(netkitUnavailable), lines[0]);
        assertEquals("", out.toString(), "nothing was run");
    }

    @Test
    void theSequentialOracleCheckSkipsNetkitScenariosWithTheReason() throws Exception {
        Scenario s = ScenarioLoader.load(NETKIT_CONFORMANCE.resolve("device.json"));
        String reason = OracleCheck.skipReason(s);
        assertNotNull(reason);
        assertTrue(reason.contains("netkit"), reason);
    }

    @Test
    void netkitConformanceAgreesWithTheKernel() throws Exception {
        assumeTrue(netkitUnavailable == null, () -> "skipped: " + netkitUnavailable);
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("oracle", NETKIT_CONFORMANCE.toString()), out.toString());
    }
}
