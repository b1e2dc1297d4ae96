package mprogsim.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mprogsim.oracle.KernelBpf;
import mprogsim.oracle.KernelSession;
import mprogsim.oracle.OracleCheck;
import mprogsim.oracle.ScenarioJson;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mprogsim oracle PATH...}: sequential scenarios on the model, on the running kernel, and against expect. */
@Command(name = "oracle", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Replay sequential scenario files (steps) on the running kernel's bpf(2) tcx, each in a fresh "
                + "private network namespace on lo (on a fresh veth for qdisc, chain and teardown ops), and compare every step three ways: model, kernel and the file's "
                + "own expect. Needs root (or CAP_SYS_ADMIN + CAP_BPF + CAP_NET_ADMIN)."},
        footer = {"", "Exit codes: 0 all three agree on every step, 1 some step differs, 2 bad input, "
                + "3 the kernel cannot be used here (bpf(2) or network namespaces not permitted)."})
public final class OracleCommand implements Callable<Integer> {
    public static final int EXIT_KERNEL_UNAVAILABLE = Cli.EXIT_KERNEL_UNAVAILABLE;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "scenario files or folders of them")
    List<Path> paths;

    @Option(names = "--emit-kernel-expect", paramLabel = "DIR",
            description = "also write each scenario to DIR with every step's expect set to the kernel's result")
    Path emitDir;

    @Option(names = "--device", paramLabel = "D", description = "where scenarios run: auto (lo, or a fresh veth for "
            + "scenarios with qdisc, chain or teardown ops), lo, or veth (every scenario on a fresh veth; default: "
            + "${DEFAULT-VALUE})")
    String deviceName = "auto";

    private KernelSession.Device device;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        device = switch (deviceName) {
            case "auto" -> KernelSession.Device.AUTO;
            case "lo" -> KernelSession.Device.LO;
            case "veth" -> KernelSession.Device.VETH;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--device must be auto, lo or veth, not " + deviceName);
        };
        ScenarioFiles.Loaded loaded = ScenarioFiles.load(paths);
        if (!loaded.ok()) {
            return loaded.report(err);
        }
        List<Scenario> scenarios = loaded.scenarios();
        Scenario netkit = scenarios.stream().filter(Scenario::netkit).findFirst().orElse(null);
        if (netkit != null) {
            return refuseNetkit(netkit, err);
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        boolean veth = device == KernelSession.Device.VETH;
        for (Scenario s : scenarios) {
            veth |= device == KernelSession.Device.AUTO && OracleCheck.skipReason(s) == null
                    && KernelSession.needsVeth(s);
        }
        if (device == KernelSession.Device.LO) {
            for (Scenario s : scenarios) {
                if (OracleCheck.skipReason(s) == null && KernelSession.needsVeth(s)) {
                    err.println("error: " + s.file() + ": qdisc, chain and teardown ops need a veth device, not lo"
                            + " (--device auto or veth)");
                    err.flush();
                    return 2;
                }
            }
        }
        try (KernelSession kernel = KernelSession.open(veth)) {
            kernel.useDevice(device);
            for (Scenario s : scenarios) {
                OracleCheck.Report r = OracleCheck.check(kernel, s);
                if (r.skipped()) {
                    skipped++;
                    out.println("SKIP " + s.name() + ": " + r.skipReason());
                    continue;
                }
                if (r.agree()) {
                    passed++;
                    out.println("PASS " + s.name() + " (kernel = model = expect, " + r.steps() + " ops)");
                } else {
                    failed++;
                    out.println("FAIL " + s.name() + " (" + r.steps() + " ops)  " + s.file());
                    if (r.setupError() != null) {
                        out.println("  setup: " + r.setupError());
                    }
                    for (OracleCheck.StepDiff d : r.diffs()) {
                        out.println("  " + d.describe());
                    }
                    for (String d : r.finalDiffs()) {
                        out.println("  " + d);
                    }
                }
                for (String n : r.notes()) {
                    out.println("  note: " + n);
                }
                if (emitDir != null && r.setupError() == null) {
                    emit(s, r);
                }
            }
        } catch (KernelBpf.Unavailable e) {
            out.flush();
            err.println("oracle: " + e.getMessage());
            err.flush();
            return EXIT_KERNEL_UNAVAILABLE;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Netkit scenarios cannot be checked on this kernel (or by this version): one line saying why, exit 3. */
    private static int refuseNetkit(Scenario s, PrintWriter err) {
        String why;
        try (KernelSession kernel = KernelSession.open()) {
            kernel.checkNetkit();
            why = "netkit scenarios cannot be checked";
        } catch (KernelBpf.Unavailable e) {
            why = e.getMessage();
        }
        err.println("oracle: " + s.file() + ": " + why);
        err.flush();
        return EXIT_KERNEL_UNAVAILABLE;
    }

    private void emit(Scenario s, OracleCheck.Report r) throws IOException {
        ObjectNode root = ScenarioJson.read(s.file());
        ScenarioJson.setExpects(root, r.kernelSteps());
        Files.createDirectories(emitDir);
        Files.writeString(emitDir.resolve(s.file().getFileName()), ScenarioJson.render(root));
    }
}
