package mprogsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import mprogsim.oracle.FuzzGenerator;
import mprogsim.oracle.Fuzzer;
import mprogsim.oracle.KernelBpf;
import mprogsim.oracle.KernelSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mprogsim fuzz}: random op sequences on the model and the running kernel side by side. */
@Command(name = "fuzz", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Generate random sequential op sequences (all ops and flags, relative progs and links by fd "
                + "and id, stale and fresh expected_revision, full hooks, links and closes, both hooks), run each on "
                + "the model and on the running kernel, and stop at the first difference: it is shrunk to a minimal "
                + "sequence and written to --out as a scenario file whose expects are the kernel's results. "
                + "The same seed gives the same sequences. Needs root, as the oracle does."},
        footer = {"", "Exit codes: 0 no difference, 1 a difference (file written), 2 bad usage, "
                + "3 the kernel cannot be used here."})
public final class FuzzCommand implements Callable<Integer> {
    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 0;

    @Option(names = "--sequences", paramLabel = "N", description = "how many sequences (default: ${DEFAULT-VALUE})")
    int sequences = 1000;

    @Option(names = "--first", paramLabel = "I", description = "start at sequence I (sequences are independent: runs "
            + "of consecutive ranges of one seed add up to one run; default: ${DEFAULT-VALUE})")
    int first = 0;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where the shrunk scenario of a difference goes (default: ${DEFAULT-VALUE})")
    Path out = Path.of("fuzz-out");

    @Option(names = "--max-ops", paramLabel = "K", description = "ops per sequence at most, before the two final "
            + "queries (default: ${DEFAULT-VALUE})")
    int maxOps = 12;

    @Option(names = "--full-every", paramLabel = "M", description = "about one sequence in M starts from a hook "
            + "with 62 or 63 programs; 0 for never (default: ${DEFAULT-VALUE})")
    int fullEvery = 64;

    @Option(names = "--stats", description = "also print how often each op returned each value on the kernel")
    boolean stats;

    @CommandLine.Mixin
    Options.Progress progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (sequences < 1 || maxOps < 1 || fullEvery < 0 || first < 0 || (long) first + sequences > Integer.MAX_VALUE) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sequences and --max-ops must be at least 1, --full-every and --first at least 0");
        }
        String kernelRelease = kernelRelease();
        String command = "mprogsim fuzz --seed " + seed + (first != 0 ? " --first " + first : "")
                + " --sequences " + sequences
                + (maxOps != 12 ? " --max-ops " + maxOps : "") + (fullEvery != 64 ? " --full-every " + fullEvery : "");
        boolean terminal = System.console() != null;
        boolean showProgress = progress.on();
        try (KernelSession kernel = KernelSession.open()) {
            stdout.println("fuzz: seed " + seed + ", sequences " + first + ".." + (first + sequences - 1) + ", kernel "
                    + kernelRelease);
            stdout.flush();
            Fuzzer fuzzer = new Fuzzer(kernel, new FuzzGenerator(seed, maxOps, fullEvery), command);
            long t0 = System.nanoTime();
            long[] lastReport = {t0};
            Fuzzer.Summary sum = fuzzer.run(first, sequences, out, done -> {
                long now = System.nanoTime();
                if (showProgress && now - lastReport[0] >= 1_000_000_000L) {
                    lastReport[0] = now;
                    double secs = (now - t0) / 1e9;
                    err.printf(Locale.ROOT, "%s%d/%d sequences, %.0f s, %.1f sequences/s%s", terminal ? "\r" : "",
                            done, sequences, secs, done / secs, terminal ? "" : "\n");
                    err.flush();
                }
            });
            if (terminal) {
                err.println();
                err.flush();
            }
            Fuzzer.Difference d = sum.difference();
            stdout.printf(Locale.ROOT, "%d sequences, %d ops, %d differences, %.1f s, %.1f sequences/s, %.0f ops/s%n",
                    sum.sequences(), sum.ops(), d == null ? 0 : 1, sum.seconds(), sum.sequencesPerSecond(),
                    sum.opsPerSecond());
            if (stats) {
                fuzzer.returns.forEach((k, v) -> stdout.println("  " + k + ": " + v));
            }
            if (fuzzer.idNotes > 0) {
                stdout.println(fuzzer.idNotes + " steps passed an unused id where the kernel's numbering gave a "
                        + "prog's id to a live link or the other way round");
            }
            if (d != null) {
                stdout.println("difference in sequence " + d.sequence() + ": " + d.firstDifference());
                stdout.println("shrunk from " + d.originalOps() + " to " + d.shrunkOps() + " ops (" + fuzzer.shrinkRuns
                        + " replays): " + d.shrunkDifference());
                stdout.println("written to " + d.file());
                stdout.flush();
                return 1;
            }
            stdout.flush();
            return 0;
        } catch (KernelBpf.Unavailable e) {
            err.println("fuzz: " + e.getMessage());
            err.flush();
            return OracleCommand.EXIT_KERNEL_UNAVAILABLE;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }
}
