package mprogsim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mprogsim} command line: one subcommand class each. */
@Command(name = "mprogsim", mixinStandardHelpOptions = true, version = "mprogsim 0.1.0",
        description = "Deterministic concurrency simulator and model checker for the kernel's bpf_mprog and tcx.",
        subcommands = {
                CheckCommand.class,
                ReplayCommand.class,
                SimulateCommand.class,
                MergeCommand.class,
                OracleCommand.class,
                FuzzCommand.class,
                BenchCommand.class,
        },
        footer = {"", "Exit codes: 0 every scenario met its expect, 1 some did not, 2 bad input or usage."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(t -> 2);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
