package mprogsim.reports;

import static mprogsim.reports.XmlDocuments.children;
import static mprogsim.reports.XmlDocuments.elements;
import static mprogsim.reports.XmlDocuments.hasClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class TimedChartsTest {
    private static List<Element> runSections(Document doc) {
        return elements(doc, "section").stream().filter(s -> hasClass(s, "timed")).toList();
    }

    private static Element chart(Element section, String titleStart) {
        return elements(section, "svg").stream()
                .filter(svg -> elements(svg, "title").get(0).getTextContent().startsWith(titleStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no chart " + titleStart));
    }

    @Test
    void everyRunHasItsLatencyHistogramsAndTheMemoryWaitingForAGracePeriod() throws Exception {
        List<TimedMetrics> runs = SampleReports.timedRuns();
        Document doc = XmlDocuments.parse(TimedCharts.html(runs));
        List<Element> sections = runSections(doc);
        assertEquals(runs.size(), sections.size());
        for (int i = 0; i < runs.size(); i++) {
            TimedMetrics m = runs.get(i);
            Element section = sections.get(i);
            Element charts = elements(section, "div").get(0);
            assertEquals(4, children(charts, "svg").size(), "three histograms and one series");
            TimedMetrics.Latency pass = m.latency().get("reader_pass");
            Element histogram = chart(section, "reader pass latency (n=" + pass.count() + ")");
            long nonEmpty = pass.buckets().counts().stream().filter(c -> c > 0).count();
            List<Element> bars = elements(histogram, "rect").stream().filter(r -> hasClass(r, "bar")).toList();
            assertEquals(nonEmpty, bars.size(), "a bar per non-empty bucket");
            long total = 0;
            for (Element bar : bars) {
                Matcher c = Pattern.compile(": (\\d+)$").matcher(elements(bar, "title").get(0).getTextContent());
                assertTrue(c.find());
                total += Long.parseLong(c.group(1));
                assertTrue(Double.parseDouble(bar.getAttribute("height")) > 0);
            }
            assertEquals(pass.count(), total, "the bars hold every pass");
            assertTrue(histogram.getTextContent().contains("p50 " + TimedMetrics.number(pass.p50())));
            Element waiting = chart(section, "waiting for a grace period: peak " + m.pending().peakObjects());
            assertEquals(1, elements(waiting, "line").stream().filter(l -> hasClass(l, "horizon")).count());
        }
    }

    @Test
    void onlyTheSaturatedRunSaysSo() throws Exception {
        Document doc = XmlDocuments.parse(TimedCharts.html(SampleReports.timedRuns()));
        List<Element> sections = runSections(doc);
        for (int i = 0; i < sections.size(); i++) {
            boolean warned = elements(sections.get(i), "p").stream().anyMatch(p -> hasClass(p, "saturated"));
            assertEquals(i == 3, warned, "run " + i);
        }
        assertTrue(sections.get(3).getTextContent().contains("arrivals came faster than the threads served them"));
        assertTrue(sections.get(4).getTextContent().contains("10.7 us after the 2000 us horizon"));
    }

    @Test
    void aSweepGetsTheGracePeriodAcrossItsValues() throws Exception {
        Document doc = XmlDocuments.parse(TimedCharts.html(SampleReports.timedRuns()));
        List<Element> sweeps = elements(doc, "div").stream().filter(d -> hasClass(d, "sweep")).toList();
        assertEquals(1, sweeps.size(), "the steady stream has no sweep");
        Element svg = elements(sweeps.get(0), "svg").get(0);
        assertEquals("grace periods (synchronize_rcu) by prog_run", elements(svg, "title").get(0).getTextContent());
        assertEquals(12, elements(svg, "circle").size(), "p50, p99 and max at four values");
        assertTrue(elements(svg, "circle").stream().anyMatch(c -> elements(c, "title").get(0).getTextContent()
                .equals("p50 at fixed 50000 ns: 99.33 us")));
        assertEquals(3, elements(svg, "path").stream().filter(p -> hasClass(p, "line")).count());
    }

    @Test
    void withoutBucketsAHistogramShowsItsPercentiles() throws Exception {
        TimedMetrics.Latency l = new TimedMetrics.Latency(10, 2.0, 1.5, 2.5, 4.0, 4.5, 5.0, null);
        Document doc = XmlDocuments.parse("<div>" + SvgCharts.latency("reader pass latency", l) + "</div>");
        List<Element> bars = elements(doc, "rect");
        assertEquals(5, bars.size());
        assertEquals("max: 5 us", elements(bars.get(4), "title").get(0).getTextContent());
    }

    @Test
    void thePageIsSelfContainedAndTheSameForTheSameRuns() {
        String text = TimedCharts.html(SampleReports.timedRuns());
        assertFalse(text.contains("<script"), "no scripts");
        Matcher refs = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(text);
        assertFalse(refs.find(), "nothing fetched or linked: " + text);
        assertFalse(text.contains("url("), text);
        assertEquals(text, TimedCharts.html(SampleReports.timedRuns()));
    }

    @Test
    void writeHtmlWritesThePageFromSimulatesJson(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("charts.html");
        TimedCharts.writeHtml(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(SampleReports.resource("simulate-output.json")), target);
        assertEquals(TimedCharts.html(SampleReports.timedRuns()), Files.readString(target));
        assertEquals(List.of(target), Files.list(dir).toList(), "no temporary file left");
        assertEquals(2, RenderHtml.run(new String[] {"timed", dir.resolve("missing.json").toString(),
                target.toString()}));
        assertEquals(2, RenderHtml.run(new String[] {"charts"}));
    }

    @Test
    void ticksAreRoundNumbersCoveringTheData() {
        SvgCharts.Ticks t = SvgCharts.Ticks.of(2.1, 2.33);
        assertEquals(Map.of("lo", 2.1, "top", 2.4), Map.of("lo", round(t.lo()), "top", round(t.top())));
        assertEquals(List.of("0", "50", "100", "150"), SvgCharts.Ticks.of(149.38).values().stream()
                .map(SvgCharts.Ticks.of(149.38)::format).toList());
    }

    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }
}
