package mprogsim.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mprogsim.cli.OracleCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusal path, shown even on a machine where the oracle works: the CLI runs in a child JVM whose capability
 * bounding set is empty (setpriv), so unshare(CLONE_NEWNET) is refused as it would be for an unprivileged user.
 */
class KernelRefusalTest {
    @Test
    void withoutCapabilitiesOracleAndFuzzPrintOneLineAndExitThree(@TempDir Path dir) throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "skipped: no /usr/bin/setpriv to drop capabilities with");
        // Dropping the bounding set needs CAP_SETPCAP; without root the plain refusal test in KernelOracleTest runs.
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "skipped: not root, so capabilities cannot be dropped");
        Path f = dir.resolve("s.json");
        Files.writeString(f, "{\"name\": \"s\", \"steps\": [{\"op\": \"query\"}]}");
        for (List<String> args : List.of(List.of("oracle", f.toString()),
                List.of("fuzz", "--seed", "1", "--sequences", "1", "--out", dir.toString()))) {
            Run r = runWithoutCapabilities(setpriv, args);
            assertEquals(OracleCommand.EXIT_KERNEL_UNAVAILABLE, r.code, args + ": " + r.err);
            String[] lines = r.err.strip().split("\n");
            assertEquals(1, lines.length, r.err);
            assertTrue(lines[0].startsWith(args.get(0) + ": ") && lines[0].contains("not permitted"), lines[0]);
        }
    }

    private record Run(int code, String err) {
    }

    private static Run runWithoutCapabilities(Path setpriv, List<String> args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(setpriv.toString(), "--bounding-set=-all",
                "--inh-caps=-all", java, "-cp", System.getProperty("java.class.path"), "mprogsim.cli.Main"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return new Run(p.exitValue(), err);
    }
}
