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
import org.w3c.dom.Node;

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
    void theSwimlaneHasOneColumnPerSteppedProcessAndEachStepInItsColumn() throws Exception {
        RunReport report = SampleReports.run();
        Document doc = XmlDocuments.parse(html(report, WallClock.INCLUDE));
        int swimlanes = 0;
        for (ScenarioReport s : report.scenarios()) {
            if (s.trace() == null) {
                continue;
            }
            swimlanes++;
            TraceReport t = s.trace();
            List<Integer> stepped = t.steppedProcesses();
            Element table = swimlane(section(doc, s.name()));
            Element head = elements(elements(table, "thead").get(0), "tr").get(0);
            List<Element> lanes = children(head, "th").stream().filter(th -> hasClass(th, "lane")).toList();
            assertEquals(stepped.stream().map(p -> t.threads().get(p) + " #" + p).toList(),
                    lanes.stream().map(Element::getTextContent).toList(), s.name());
            List<Element> rows = children(elements(table, "tbody").get(0), "tr");
            assertEquals(t.steps().size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                TraceReport.Step step = t.steps().get(i);
                Element row = rows.get(i);
                assertEquals(Integer.toString(step.index()), children(row, "th").get(0).getTextContent());
                List<Element> cells = children(row, "td");
                assertEquals(stepped.size(), cells.size(), "a cell per lane in row " + step.index());
                for (int lane = 0; lane < cells.size(); lane++) {
                    Element cell = cells.get(lane);
                    if (stepped.get(lane) == step.process()) {
                        assertTrue(hasClass(cell, "act"));
                        String action = HtmlReportWriter.splitOp(step.text())[1];
                        assertTrue(cell.getTextContent().endsWith(action), cell.getTextContent());
                    } else {
                        assertEquals("", cell.getTextContent());
                    }
                }
                assertEquals(step.index() == t.violatingStep(), hasClass(row, "violating"), "row " + step.index());
            }
        }
        assertEquals(3, swimlanes);
    }

    /** The simulator adds a callback process per prog and bundle; 21 of 24 columns could be empty ones. */
    @Test
    void processesThatNeverSteppedGetNoColumnAndAreNamedOnce() throws Exception {
        Document doc = XmlDocuments.parse(html(SampleReports.run(), WallClock.OMIT));
        Element section = section(doc, "variant-commit-before-sync");
        Element table = swimlane(section);
        assertFalse(elements(table, "thead").get(0).getTextContent().contains("rcu:p1"));
        Element idle = elements(section, "p").stream().filter(p -> hasClass(p, "idle")).findFirst().orElseThrow();
        assertEquals("Not shown, never stepped: 2 rcu:p1.", idle.getTextContent());
        assertTrue(elements(section, "summary").get(0).getTextContent().contains("2 of 3 processes stepped"));
    }

    /** A step's op is written once per run of steps of that op; the steps after it keep it as a tooltip. */
    @Test
    void anOpIsWrittenOnceForItsConsecutiveSteps() throws Exception {
        Document doc = XmlDocuments.parse(html(SampleReports.withMemory(), WallClock.OMIT));
        List<Element> rows = children(elements(swimlane(elements(doc, "section").get(0)), "tbody").get(0), "tr");
        Element first = children(rows.get(1), "td").get(0);
        Element second = children(rows.get(2), "td").get(0);
        assertEquals("detach AFTER none: rtnl_lock", first.getTextContent());
        assertEquals("bpf_mprog decision under the lock", second.getTextContent());
        assertTrue(hasClass(second, "cont"));
        assertEquals("detach AFTER none", second.getAttribute("title"));
        Element violating = rows.stream().filter(r -> hasClass(r, "violating")).findFirst().orElseThrow();
        assertTrue(violating.getTextContent().contains("pass 1: run p2"), "the violating step is written whole");
    }

    @Test
    void onlyTheTraceTableScrollsUnderAStickyHeader() throws Exception {
        String text = html(SampleReports.run(), WallClock.OMIT);
        Document doc = XmlDocuments.parse(text);
        for (Element table : elements(doc, "table")) {
            if (hasClass(table, "swimlane")) {
                Element parent = (Element) table.getParentNode();
                assertEquals("div", parent.getTagName());
                assertTrue(hasClass(parent, "trace-scroll"));
            }
        }
        String style = elements(doc, "style").get(0).getTextContent();
        assertTrue(style.contains("div.trace-scroll { max-height: 75vh; overflow: auto;"), style);
        assertTrue(style.contains("table.swimlane thead th { position: sticky; top: 0;"), style);
        assertFalse(style.matches("(?s).*body \\{[^}]*overflow.*"), "the page itself does not become a scroller");
    }

    /** Words wrap at spaces only: never inside a token, a path segment or a hyphenated word. */
    @Test
    void wordsAreNeverBrokenInsideAToken() throws Exception {
        String text = html(SampleReports.withMemory(), WallClock.OMIT);
        Document doc = XmlDocuments.parse(text);
        String style = elements(doc, "style").get(0).getTextContent();
        assertFalse(style.contains("break-all"), style);
        assertFalse(style.contains("anywhere"), style);
        assertTrue(style.contains("overflow-wrap: normal; word-break: normal;"), style);
        assertTrue(style.contains("span.nb { white-space: nowrap; }"), style);
        assertTrue(style.contains("code.file span { white-space: nowrap; }"), style);
        List<Element> kept = elements(doc, "span").stream().filter(e -> hasClass(e, "nb")).toList();
        assertTrue(kept.stream().anyMatch(e -> e.getTextContent().equals("->")), "the arrow of a load stays whole");
        for (Element td : elements(doc, "td")) {
            if (hasClass(td, "act")) {
                for (Node n = td.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n.getNodeType() == Node.TEXT_NODE) {
                        assertFalse(n.getTextContent().contains("-"), "a bare hyphen could break: " + n.getTextContent());
                    }
                }
            }
        }
        Element file = elements(doc, "code").stream().filter(c -> hasClass(c, "file")).findFirst().orElseThrow();
        assertEquals(List.of("scenarios/", "catalog/", "variants/", "commit-before-sync.json"),
                children(file, "span").stream().map(Element::getTextContent).toList());
    }

    @Test
    void stepsAVariantChangedAreMarked() throws Exception {
        Document doc = XmlDocuments.parse(html(SampleReports.withMemory(), WallClock.OMIT));
        Element section = elements(doc, "section").get(0);
        List<Element> marked = elements(swimlane(section), "tr").stream().filter(r -> hasClass(r, "variant")).toList();
        assertEquals(List.of("s1-step20"), marked.stream().map(r -> r.getAttribute("id")).toList());
        Element badge = elements(marked.get(0), "span").stream().filter(e -> hasClass(e, "variant")).findFirst()
                .orElseThrow();
        assertEquals("commit_before_sync", badge.getTextContent());
        assertTrue(section.getTextContent().contains("where a variant makes the protocol depart from the kernel's"));
        Document plain = XmlDocuments.parse(html(SampleReports.run(), WallClock.OMIT));
        assertTrue(elements(plain, "tr").stream().noneMatch(r -> hasClass(r, "variant")));
    }

    @Test
    void theMemoryAfterEachStepShowsWhatChangedAndUnfoldsToTheWholeState() throws Exception {
        Document doc = XmlDocuments.parse(html(SampleReports.withMemory(), WallClock.OMIT));
        Element table = swimlane(elements(doc, "section").get(0));
        List<Element> head = children(elements(elements(table, "thead").get(0), "tr").get(0), "th");
        assertEquals("memory after the step", head.get(head.size() - 1).getTextContent());
        List<Element> rows = children(elements(table, "tbody").get(0), "tr");
        assertEquals("bundle0.b[0] = p1", memorySummary(rows.get(3)));
        assertEquals("no change", memorySummary(rows.get(5)), "storing NULL over NULL changes nothing");
        assertEquals("ingress -> bundle0.b", memorySummary(rows.get(18)));
        assertEquals("p2 ref 0 released", memorySummary(rows.get(20)));
        Element store = memoryCell(rows.get(3));
        List<Element> changedSlots = elements(store, "span").stream()
                .filter(e -> hasClass(e, "slot") && hasClass(e, "changed")).toList();
        assertEquals(1, changedSlots.size());
        assertEquals("bundle0.b[0]", changedSlots.get(0).getAttribute("title"));
        assertEquals("p1", changedSlots.get(0).getTextContent());
        Element violating = memoryCell(rows.get(22));
        assertEquals("open", elements(violating, "details").get(0).getAttribute("open"),
                "the state at the violation is unfolded");
        assertFalse(elements(store, "details").get(0).hasAttribute("open"));
        String state = elements(violating, "table").get(0).getTextContent();
        assertTrue(state.contains("ingress-> bundle0.b"), state);
        assertTrue(state.contains("p2ref 0 \u00b7 freed"), state);
        Document without = XmlDocuments.parse(html(SampleReports.run(), WallClock.OMIT));
        assertTrue(elements(without, "td").stream().noneMatch(td -> hasClass(td, "mem")),
                "no memory column when the trace does not carry it");
    }

    private static Element memoryCell(Element row) {
        return children(row, "td").stream().filter(td -> hasClass(td, "mem")).findFirst().orElseThrow();
    }

    private static String memorySummary(Element row) {
        return elements(memoryCell(row), "summary").get(0).getTextContent();
    }

    @Test
    void aTimedScenarioCarriesItsCharts() throws Exception {
        ScenarioReport timed = ScenarioReport.builder("timed-steady-reader-stream").strategy("timed").met(true)
                .timedRuns(SampleReports.timedRuns().subList(4, 5)).build();
        Document doc = XmlDocuments.parse(html(new RunReport("mprogsim", "0.1.0", null, List.of(timed)),
                WallClock.OMIT));
        Element section = elements(doc, "section").get(0);
        assertEquals(4, elements(section, "svg").size(), "three latency histograms and the memory waiting");
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
