package mprogsim.reports;

import static mprogsim.reports.XmlDocuments.children;
import static mprogsim.reports.XmlDocuments.elements;
import static mprogsim.reports.XmlDocuments.hasClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class HtmlReportWriterTest {
    private static String html(RunReport r, WallClock c) {
        return new HtmlReportWriter(c).render(r);
    }

    private static Element section(Document doc, String scenarioName) {
        for (Element s : elements(doc, "section")) {
            if (elements(s, "h2").get(0).getFirstChild().getTextContent().trim().equals(scenarioName)) {
                return s;
            }
        }
        throw new AssertionError("no section for " + scenarioName);
    }

    private static Element swimlane(Element section) {
        for (Element t : elements(section, "table")) {
            if (hasClass(t, "swimlane")) {
                return t;
            }
        }
        throw new AssertionError("no swimlane in the section");
    }

    @Test
    void theSwimlaneHasOneColumnPerThreadAndEachStepInItsThreadsColumn() throws Exception {
        RunReport report = SampleReports.run();
        Document doc = XmlDocuments.parse(html(report, WallClock.INCLUDE));
        int swimlanes = 0;
        for (ScenarioReport s : report.scenarios()) {
            if (s.trace() == null) {
                continue;
            }
            swimlanes++;
            TraceReport t = s.trace();
            Element table = swimlane(section(doc, s.name()));
            Element head = elements(elements(table, "thead").get(0), "tr").get(0);
            List<Element> lanes = children(head, "th").stream().filter(th -> hasClass(th, "lane")).toList();
            assertEquals(t.threads(), lanes.stream().map(Element::getTextContent).toList(), s.name());
            List<Element> rows = children(elements(table, "tbody").get(0), "tr");
            assertEquals(t.steps().size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                TraceReport.Step step = t.steps().get(i);
                Element row = rows.get(i);
                assertEquals(Integer.toString(step.index()), children(row, "th").get(0).getTextContent());
                List<Element> cells = children(row, "td");
                assertEquals(t.threads().size(), cells.size(), "a cell per lane in row " + step.index());
                for (int lane = 0; lane < cells.size(); lane++) {
                    Element cell = cells.get(lane);
                    if (lane == step.process()) {
                        assertTrue(hasClass(cell, "act"));
                        assertTrue(cell.getTextContent().endsWith(step.text()), cell.getTextContent());
                    } else {
                        assertEquals("", cell.getTextContent());
                    }
                }
                assertEquals(step.index() == t.violatingStep(), hasClass(row, "violating"), "row " + step.index());
            }
        }
        assertEquals(3, swimlanes);
    }

    @Test
    void theViolatingStepIsHighlightedAndLinked() throws Exception {
        Document doc = XmlDocuments.parse(html(SampleReports.run(), WallClock.OMIT));
        Element section = section(doc, "variant-commit-before-sync");
        String id = section.getAttribute("id");
        // Without a DTD the parser does not know that "id" is an id, so getElementById cannot find it.
        Element row = elements(section, "tr").stream().filter(tr -> tr.getAttribute("id").equals(id + "-step4"))
                .findFirst().orElse(null);
        assertNotNull(row);
        assertTrue(hasClass(row, "violating"));
        assertTrue(row.getTextContent().contains("violation"), row.getTextContent());
        List<Element> links = elements(section, "a").stream()
                .filter(a -> a.getAttribute("href").equals("#" + id + "-step4")).toList();
        assertEquals(1, links.size(), "the note above the trace links to the violating row");
    }

    @Test
    void aViolationFoundAtTheEndHighlightsNoStepAndSaysSo() throws Exception {
        Document doc = XmlDocuments.parse(html(SampleReports.run(), WallClock.OMIT));
        Element section = section(doc, "variant-reader-takes-lock");
        assertTrue(elements(swimlane(section), "tr").stream().noneMatch(tr -> hasClass(tr, "violating")));
        assertTrue(section.getTextContent().contains("the checks at the end of the execution"));
    }

    @Test
    void everythingIsEscapedAndRoundTripsAsText() throws Exception {
        String text = html(SampleReports.run(), WallClock.OMIT);
        assertFalse(text.contains("<script"), "no script element, neither ours nor injected");
        assertFalse(text.contains("<b>"), text);
        assertTrue(text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), text);
        Document doc = XmlDocuments.parse(text);
        Element odd = section(doc, SampleReports.ODD_NAME);
        assertTrue(elements(odd, "b").isEmpty(), "markup in a name stays text");
        String details = elements(odd, "pre").get(0).getTextContent();
        assertTrue(details.contains(SampleReports.SCRIPT), details);
        assertTrue(details.contains("violation: torn_snapshot, refcount " + SampleReports.ODD), details);
        assertTrue(odd.getTextContent().contains("dir with space/\u00e9t\u00e9 & <x>.json"));
        assertEquals(SampleReports.SCRIPT, elements(odd, "p").get(0).getTextContent(), "the description");
        assertTrue(odd.getTextContent().contains("0.1.0.1"), "the schedule is shown");
        Element summaryLink = elements(doc, "a").stream()
                .filter(a -> a.getAttribute("href").equals("#" + odd.getAttribute("id"))).findFirst().orElseThrow();
        assertEquals(SampleReports.ODD_NAME, summaryLink.getTextContent());
    }

    @Test
    void theSummaryTableHasARowPerScenario() throws Exception {
        RunReport report = SampleReports.run();
        Document doc = XmlDocuments.parse(html(report, WallClock.INCLUDE));
        Element summary = elements(doc, "table").stream().filter(t -> hasClass(t, "summary")).findFirst()
                .orElseThrow();
        List<Element> rows = children(elements(summary, "tbody").get(0), "tr");
        assertEquals(report.scenarios().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ScenarioReport s = report.scenarios().get(i);
            assertEquals(s.met(), hasClass(rows.get(i), "met"));
            assertEquals(s.name(), children(rows.get(i), "td").get(0).getTextContent());
        }
    }

    @Test
    void thePageIsSelfContained() {
        String text = html(SampleReports.run(), WallClock.INCLUDE);
        Matcher refs = Pattern.compile("(?:src|href|action)\\s*=\\s*\"([^\"]*)\"").matcher(text);
        while (refs.find()) {
            assertTrue(refs.group(1).startsWith("#"), "only links inside the page: " + refs.group());
        }
        assertFalse(text.contains("<link"), text);
        assertFalse(text.contains("@import"), text);
        assertFalse(text.contains("url("), text);
    }

    @Test
    void withoutTimesTheBytesDoNotDependOnTheClock() {
        String a = html(SampleReports.run(), WallClock.OMIT);
        assertEquals(a, html(SampleReports.sameRunOtherTimes(), WallClock.OMIT));
        assertFalse(a.contains("seconds"), a);
        assertFalse(a.contains("2024-05-06"), a);
        String withTimes = html(SampleReports.run(), WallClock.INCLUDE);
        assertTrue(withTimes.contains("2024-05-06T07:08:09.123456Z"), withTimes);
        assertTrue(withTimes.contains("1.500"), withTimes);
    }
}
