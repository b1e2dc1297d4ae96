package mprogsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    Path dir;

    /** Writes part of a report, then fails, as a full disk would. */
    private static final ReportWriter FAILS_HALFWAY = new ReportWriter() {
        @Override
        public void write(RunReport report, Writer out) throws IOException {
            out.write("{\"half\": ");
            out.flush();
            throw new IOException("No space left on device");
        }

        @Override
        public String formatName() {
            return "failing";
        }
    };

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesEveryFormatInUtf8() throws IOException {
        RunReport report = SampleReports.run();
        JsonReportWriter json = new JsonReportWriter(WallClock.OMIT);
        HtmlReportWriter html = new HtmlReportWriter(WallClock.OMIT);
        JunitXmlReportWriter junit = new JunitXmlReportWriter(WallClock.OMIT);
        ReportFiles.writeAll(report, List.of(new ReportFiles.Output(dir.resolve("r.json"), json),
                new ReportFiles.Output(dir.resolve("r.html"), html),
                new ReportFiles.Output(dir.resolve("r.xml"), junit)));
        assertEquals(json.render(report), Files.readString(dir.resolve("r.json"), StandardCharsets.UTF_8));
        assertEquals(html.render(report), Files.readString(dir.resolve("r.html"), StandardCharsets.UTF_8));
        assertEquals(junit.render(report), Files.readString(dir.resolve("r.xml"), StandardCharsets.UTF_8));
        assertEquals(List.of(dir.resolve("r.html"), dir.resolve("r.json"), dir.resolve("r.xml")), listing(),
                "no temporary files left behind");
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = dir.resolve("r.json");
        Files.writeString(target, "old");
        JsonReportWriter json = new JsonReportWriter(WallClock.OMIT);
        ReportFiles.writeAll(SampleReports.run(), List.of(new ReportFiles.Output(target, json)));
        assertEquals(json.render(SampleReports.run()), Files.readString(target));
    }

    @Test
    void aWriterThatFailsLeavesEveryTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path first = dir.resolve("first.json");
        Path second = dir.resolve("second.json");
        Files.writeString(second, "previous run");
        IOException e = assertThrows(IOException.class, () -> ReportFiles.writeAll(SampleReports.run(), List.of(
                new ReportFiles.Output(first, new JsonReportWriter(WallClock.OMIT)),
                new ReportFiles.Output(second, FAILS_HALFWAY))));
        assertTrue(e.getMessage().contains("second.json"), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertFalse(Files.exists(first), "the good report is not moved into place when another one failed");
        assertEquals("previous run", Files.readString(second));
        assertEquals(List.of(second), listing());
    }

    @Test
    void aMissingFolderIsReportedBeforeAnythingIsWritten() throws IOException {
        Path good = dir.resolve("good.json");
        Path bad = dir.resolve("no-such-folder").resolve("r.xml");
        List<ReportFiles.Output> outputs = List.of(new ReportFiles.Output(good, new JsonReportWriter(WallClock.OMIT)),
                new ReportFiles.Output(bad, new JunitXmlReportWriter(WallClock.OMIT)));
        List<String> problems = ReportFiles.problems(outputs);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("does not exist"), problems.get(0));
        assertThrows(IOException.class, () -> ReportFiles.writeAll(SampleReports.run(), outputs));
        assertEquals(List.of(), listing());
    }

    @Test
    void aDirectoryIsNotAReportFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("out"));
        List<String> problems = ReportFiles.problems(List.of(
                new ReportFiles.Output(target, new HtmlReportWriter(WallClock.OMIT))));
        assertEquals(List.of(target + ": is a directory"), problems);
        assertThrows(IOException.class, () -> ReportFiles.writeAll(SampleReports.run(), List.of(
                new ReportFiles.Output(target, new HtmlReportWriter(WallClock.OMIT)))));
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void oneFileForTwoReportsIsAProblem() {
        Path target = dir.resolve("r.out");
        List<String> problems = ReportFiles.problems(List.of(
                new ReportFiles.Output(target, new HtmlReportWriter(WallClock.OMIT)),
                new ReportFiles.Output(dir.resolve(".").resolve("r.out"), new JsonReportWriter(WallClock.OMIT))));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("more than one report"), problems.get(0));
    }
}
