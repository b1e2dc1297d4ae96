package mprogsim.reports;

import static mprogsim.reports.XmlDocuments.children;
import static mprogsim.reports.XmlDocuments.elements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JunitXmlReportWriterTest {
    private static String xml(RunReport r, WallClock c) {
        return new JunitXmlReportWriter(c).render(r);
    }

    @Test
    void oneSuiteOneCasePerScenarioOneFailurePerUnmetScenario() throws Exception {
        RunReport report = SampleReports.run();
        Document doc = XmlDocuments.parse(xml(report, WallClock.INCLUDE));
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        List<Element> suites = children(root, "testsuite");
        assertEquals(1, suites.size());
        Element suite = suites.get(0);
        List<Element> cases = children(suite, "testcase");
        assertEquals(report.scenarios().size(), cases.size());
        assertEquals(SampleReports.count(report, false), elements(doc, "failure").size());
        assertEquals(0, elements(doc, "error").size());
        for (Element e : List.of(root, suite)) {
            assertEquals("5", e.getAttribute("tests"));
            assertEquals(Long.toString(SampleReports.count(report, false)), e.getAttribute("failures"));
            assertEquals("0", e.getAttribute("errors"));
        }
        for (int i = 0; i < cases.size(); i++) {
            ScenarioReport s = report.scenarios().get(i);
            Element c = cases.get(i);
            assertEquals(s.name(), c.getAttribute("name"), "names survive escaping");
            assertEquals(s.file(), c.getAttribute("file"));
            assertEquals(JunitXmlReportWriter.CLASS_NAME, c.getAttribute("classname"));
            assertEquals(s.met() ? 0 : 1, children(c, "failure").size(), s.name());
        }
    }

    @Test
    void aFailureCarriesTheFirstDetailAsMessageAndDetailsTraceAndScheduleAsBody() throws Exception {
        ScenarioReport odd = SampleReports.oddFailure();
        Document doc = XmlDocuments.parse(xml(SampleReports.run(), WallClock.OMIT));
        Element failure = children(children(doc.getDocumentElement(), "testsuite").get(0), "testcase").get(1)
                .getElementsByTagName("failure").item(0) instanceof Element e ? e : null;
        assertEquals(odd.details().get(0), failure.getAttribute("message"));
        assertEquals(JunitXmlReportWriter.FAILURE_TYPE, failure.getAttribute("type"));
        String body = failure.getTextContent();
        assertTrue(body.contains(odd.details().get(2)), body);
        assertTrue(body.contains("line with a control char \ufffd and a lone surrogate \ufffd end"),
                "characters XML cannot hold are replaced, not dropped silently: " + body);
        assertTrue(body.contains("trace (4 steps; processes 0 w1, 1 r\u00e9ader <1>; 1 more never stepped):"), body);
        assertTrue(body.contains("> 4  r\u00e9ader <1>  pass 1: run p2 " + SampleReports.SCRIPT), body);
        assertTrue(body.contains("  1  w1          attach p2: rtnl_lock"), body);
        assertTrue(body.endsWith("schedule: 0.1.0.1"), body);
    }

    /** The check command keeps the header of a shrunk trace in the details; the body printed it twice. */
    @Test
    void aShrunkTraceHasOneHeaderThatSaysHowItWasShrunk() throws Exception {
        ScenarioReport shrunk = SampleReports.violationFoundAsExpected();
        ScenarioReport failing = ScenarioReport.builder(shrunk.name()).file(shrunk.file()).met(false)
                .expected(Expected.pass()).foundInvariants(shrunk.foundInvariants()).strategy("dpor")
                .details(shrunk.details()).schedule(shrunk.schedule()).trace(shrunk.trace()).build();
        Document doc = XmlDocuments.parse(xml(new RunReport("mprogsim", "0.1.0", null, List.of(failing, shrunk)),
                WallClock.OMIT));
        for (Element body : List.of(elements(doc, "failure").get(0), elements(doc, "system-out").get(0))) {
            List<String> headers = body.getTextContent().lines().filter(l -> l.startsWith("trace (")).toList();
            assertEquals(List.of("trace (4 steps, reduced from 6 steps with 3 context switches to 2; processes"
                    + " 0 w1, 1 r\u00e9ader <1>; 1 more never stepped):"), headers, body.getTextContent());
        }
    }

    @Test
    void theMemoryAfterTheViolatingStepAndTheVariantsStepsArePrinted() throws Exception {
        Document doc = XmlDocuments.parse(xml(SampleReports.withMemory(), WallClock.OMIT));
        String out = elements(doc, "system-out").get(0).getTextContent();
        assertTrue(out.contains("bpf_mprog_commit: complete release (finds p2)  [changed by commit_before_sync]"),
                out);
        assertTrue(out.contains("memory after step 23: ingress -> bundle0.b; egress -> NULL; bundle0 count 1 rev 3"
                + " a [p1 p2] b [p1]; p2 ref 0 freed"), out);
    }

    @Test
    void aFailureWithoutDetailsStillSaysWhatWasExpected() throws Exception {
        ScenarioReport bare = ScenarioReport.builder("bare").strategy("dpor").met(false)
                .expected(Expected.violationOf("deadlock")).build();
        Document doc = XmlDocuments.parse(xml(new RunReport("mprogsim", "0.1.0", null, List.of(bare)),
                WallClock.OMIT));
        assertEquals("expected violation of deadlock",
                elements(doc, "failure").get(0).getAttribute("message"));
    }

    @Test
    void newlinesInAnAttributeSurviveParsing() throws Exception {
        ScenarioReport s = ScenarioReport.builder("multi").strategy("dpor").met(false)
                .details(List.of("first line\nsecond\tline")).build();
        Document doc = XmlDocuments.parse(xml(new RunReport("mprogsim", "0.1.0", null, List.of(s)),
                WallClock.OMIT));
        assertEquals("first line\nsecond\tline", elements(doc, "failure").get(0).getAttribute("message"));
    }

    @Test
    void aMetScenarioKeepsItsTraceInSystemOut() throws Exception {
        Document doc = XmlDocuments.parse(xml(SampleReports.run(), WallClock.OMIT));
        List<Element> cases = elements(doc, "testcase");
        String out = children(cases.get(0), "system-out").get(0).getTextContent();
        assertTrue(out.startsWith("found as expected: use_after_free"), out);
        assertTrue(out.contains("schedule: 0*3.1.0.1"), out);
        assertTrue(children(cases.get(3), "system-out").isEmpty(), "a plain pass has nothing to say");
        String deadlock = children(cases.get(4), "system-out").get(0).getTextContent();
        assertTrue(deadlock.contains("found by the checks at the end of the execution"), deadlock);
        assertFalse(deadlock.contains(">"), "no step is marked when none broke the invariant: " + deadlock);
    }

    @Test
    void timesAppearOnlyWhenAskedFor() throws Exception {
        Document with = XmlDocuments.parse(xml(SampleReports.run(), WallClock.INCLUDE));
        Element suite = elements(with, "testsuite").get(0);
        assertEquals("2024-05-06T07:08:09", suite.getAttribute("timestamp"));
        assertEquals("61.502", suite.getAttribute("time"));
        assertEquals("1.500", elements(with, "testcase").get(1).getAttribute("time"));

        String without = xml(SampleReports.run(), WallClock.OMIT);
        assertFalse(without.contains("time="), without);
        assertFalse(without.contains("timestamp="), without);
        assertEquals(without, xml(SampleReports.sameRunOtherTimes(), WallClock.OMIT));
    }

    @Test
    void theDeclarationSaysUtf8AndNonAsciiIsKept() {
        String text = xml(SampleReports.run(), WallClock.OMIT);
        assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), text);
        assertTrue(text.contains("gr\u00fc\u00dfe \u2713 \ud834\udd1e"), text);
        assertFalse(text.contains("<script>"), text);
    }
}
