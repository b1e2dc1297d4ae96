package mprogsim.reports;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes report files so that none is ever half-written: each goes to a temporary file in its target's folder
 * (so the final rename stays on one file system and is atomic) and is moved into place only once every report
 * has been rendered. A reader never sees a partial report, and a failure leaves the old files as they were.
 */
public final class ReportFiles {
    /** One file to write: where, and in which format. */
    public record Output(Path target, ReportWriter writer) {
    }

    private ReportFiles() {
    }

    /**
     * The reasons {@code outputs} cannot be written, found without writing anything, so that a run can refuse to
     * start instead of failing after minutes of exploration; empty when they look writable.
     */
    public static List<String> problems(List<Output> outputs) {
        List<String> problems = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Output o : outputs) {
            Path target = o.target().toAbsolutePath().normalize();
            if (!seen.add(target)) {
                problems.add(o.target() + ": named for more than one report");
                continue;
            }
            Path dir = target.getParent();
            if (Files.isDirectory(target)) {
                problems.add(o.target() + ": is a directory");
            } else if (dir == null || !Files.isDirectory(dir)) {
                problems.add(o.target() + ": the folder " + dir + " does not exist");
            } else if (!Files.isWritable(dir)) {
                problems.add(o.target() + ": the folder " + dir + " is not writable");
            } else if (Files.exists(target) && !Files.isWritable(target)) {
                problems.add(o.target() + ": the file is not writable");
            }
        }
        return problems;
    }

    /**
     * Renders every output to a temporary file, then moves them all into place. On failure every temporary file
     * is removed; targets already moved into place stay (a rename of a finished file only fails when the folder
     * changed under us).
     */
    public static void writeAll(RunReport report, List<Output> outputs) throws IOException {
        List<String> problems = problems(outputs);
        if (!problems.isEmpty()) {
            throw new IOException(String.join("; ", problems));
        }
        List<Path> temps = new ArrayList<>();
        try {
            for (Output o : outputs) {
                temps.add(render(report, o));
            }
            for (int i = 0; i < outputs.size(); i++) {
                moveIntoPlace(temps.get(i), outputs.get(i).target());
            }
        } finally {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
        }
    }

    private static Path render(RunReport report, Output o) throws IOException {
        return render(o.target(), o.writer().formatName(), w -> o.writer().write(report, w));
    }

    private interface Content {
        void writeTo(Writer w) throws IOException;
    }

    private static Path render(Path target, String formatName, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        // A name of our own with CREATE_NEW rather than createTempFile: the file gets the usual permissions of
        // the umask, not createTempFile's owner-only ones, since it becomes the report.
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            content.writeTo(w);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw new IOException(target + ": cannot write the " + formatName + " report: " + describe(e), e);
        }
        return temp;
    }

    /**
     * Writes one text file the same way as {@link #writeAll}: checked first, rendered to a temporary file beside
     * it, then moved into place, so that it is never half-written.
     */
    public static void writeAtomically(Path target, String text, String formatName) throws IOException {
        List<String> problems = problems(List.of(new Output(target, null)));
        if (!problems.isEmpty()) {
            throw new IOException(String.join("; ", problems));
        }
        Path temp = render(target, formatName, w -> w.write(text));
        try {
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException(target + ": cannot move the report into place: " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }
}
