package mprogsim.reports;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders stored JSON again as HTML, without running anything: a report of {@code check --json} as the HTML
 * report, or the output of {@code simulate} as a page of charts. Run from the CLI jar:
 * {@code java -cp scenarios/target/mprogsim.jar mprogsim.reports.RenderHtml report|timed IN.json OUT.html}.
 */
public final class RenderHtml {
    private RenderHtml() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length != 3 || !(args[0].equals("report") || args[0].equals("timed"))) {
            System.err.println("usage: RenderHtml report REPORT.json OUT.html   (a check --json report as HTML)");
            System.err.println("       RenderHtml timed SIMULATE.json OUT.html  (simulate's JSON as charts)");
            return 2;
        }
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        try (Reader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            if (args[0].equals("report")) {
                ReportFiles.writeAll(JsonReportReader.read(r), List.of(
                        new ReportFiles.Output(out, new HtmlReportWriter(WallClock.INCLUDE))));
            } else {
                TimedCharts.writeHtml(TimedMetricsJson.readAll(r), out);
            }
            return 0;
        } catch (IOException e) {
            System.err.println("error: " + in + ": " + e.getMessage());
            return 2;
        }
    }
}
