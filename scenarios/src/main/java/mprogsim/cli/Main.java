package mprogsim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mprogsim} command line: one subcommand class each. */
@Command(name = "mprogsim", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Deterministic concurrency simulator and model checker for the kernel's bpf_mprog and tcx.",
        subcommands = {
                CheckCommand.class,
                ReplayCommand.class,
                SimulateCommand.class,
                MergeCommand.class,
                OracleCommand.class,
                FuzzCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"", "mprogsim help COMMAND (or mprogsim COMMAND --help) describes a command and its options.",
                "", "Exit codes: 0 every scenario met its expect (or the command did what it was asked), 1 some did "
                + "not, 2 bad input or usage (nothing runs), 3 the running kernel cannot be used here (oracle, fuzz),"
                + " 130 interrupted (Ctrl-C)."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(t -> Cli.EXIT_BAD_INPUT);
        cl.setParameterExceptionHandler(Main::badUsage);
        return cl;
    }

    /**
     * Bad usage in the form of every other input error, naming the option and the value given ("--time-limit 0:
     * expected ..."), and pointing at the help rather than printing all of it.
     */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = e.getMessage();
        if (e.getCause() instanceof CommandLine.TypeConversionException t
                && e.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            message = o.longestName() + " " + e.getValue() + ": " + t.getMessage();
        }
        java.io.PrintWriter err = cl.getErr();
        err.println("error: " + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("(" + cl.getCommandSpec().qualifiedName() + " --help lists the options)");
        err.flush();
        return Cli.EXIT_BAD_INPUT;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
