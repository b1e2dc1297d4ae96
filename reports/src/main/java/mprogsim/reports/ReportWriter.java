package mprogsim.reports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Renders a whole run in one format. Writers do not close {@code out}. */
public interface ReportWriter {
    void write(RunReport report, Writer out) throws IOException;

    /** A short name of the format for messages ("JSON", "HTML", "JUnit XML"). */
    String formatName();

    default String render(RunReport report) {
        StringWriter sw = new StringWriter();
        try {
            write(report, sw);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return sw.toString();
    }
}
