package mprogsim.cli;

import java.io.PrintWriter;

/** What every command shares: its exit codes and how it refuses bad input. */
final class Cli {
    static final int EXIT_OK = 0;
    static final int EXIT_NOT_MET = 1;
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_KERNEL_UNAVAILABLE = 3;
    /** 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
    static final int EXIT_INTERRUPTED = 130;

    /** The version, in one place: {@code -V} on every command prints it, and reports record it. */
    static final String VERSION = "0.1.0";

    private Cli() {
    }

    /** Prints "error: MESSAGE" and returns the exit code for bad input. */
    static int badInput(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /** Prints the version for {@code -V}/{@code --version} of any command. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mprogsim " + VERSION};
        }
    }
}
