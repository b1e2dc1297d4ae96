package mprogsim.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mprogsim} command line: one subcommand class each. */
@Command(name = "mprogsim", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Deterministic concurrency simulator and model checker for the kernel's bpf_mprog and tcx.",
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

    /** The subcommands in the order the help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("check", CheckCommand::new);
        m.put("replay", ReplayCommand::new);
        m.put("simulate", SimulateCommand::new);
        m.put("merge", MergeCommand::new);
        m.put("oracle", OracleCommand::new);
        m.put("fuzz", FuzzCommand::new);
        m.put("bench", BenchCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** The whole command line, every subcommand registered. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS.keySet());
    }

    /**
     * The command line for these arguments: when the first names a subcommand, only that one is registered. Picocli
     * builds each command's model by reflection, and building all eight took about a tenth of a second, a tenth of
     * a small check's whole run; any other first argument (help, an option, a typo to suggest for) gets them all.
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help")) {
            return commandLine(List.of(args[0]));
        }
        return commandLine();
    }

    private static CommandLine commandLine(Collection<String> names) {
        CommandLine cl = new CommandLine(new Main());
        for (String name : names) {
            cl.addSubcommand(name, SUBCOMMANDS.get(name).get());
        }
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
        System.exit(commandLineFor(args).execute(args));
    }
}
