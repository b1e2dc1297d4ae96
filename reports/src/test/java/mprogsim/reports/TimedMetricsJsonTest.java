package mprogsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedMetricsJsonTest {
    @Test
    void readsSimulatesOutput() {
        List<TimedMetrics> runs = SampleReports.timedRuns();
        assertEquals(5, runs.size());
        TimedMetrics first = runs.get(0);
        assertEquals("timed-grace-period-vs-pass-time", first.scenario());
        assertEquals(new TimedMetrics.Sweep("prog_run", "fixed 100 ns"), first.sweep());
        assertEquals(5000.0, first.horizonMicros());
        assertEquals(List.of("reader_pass", "synchronize_rcu", "writer_lock_hold"),
                List.copyOf(first.latency().keySet()), "in the producer's order");
        TimedMetrics.Latency sync = runs.get(4).latency().get("synchronize_rcu");
        assertEquals(sync.count(), sync.buckets().counts().stream().mapToLong(Long::longValue).sum(),
                "every recorded value is in a bucket");
        assertNull(runs.get(4).sweep());
        assertNull(first.wallMillis(), "written with --no-time");
        assertEquals(50, runs.get(4).pending().series().size());
    }

    @Test
    void writesWhatItReadsKeyForKey() throws IOException {
        String original = SampleReports.resource("simulate-output.json");
        List<TimedMetrics> runs = SampleReports.timedRuns();
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartArray();
            for (TimedMetrics m : runs) {
                TimedMetricsJson.write(g, m);
            }
            g.writeEndArray();
        }
        assertEquals(runs, TimedMetricsJson.readAll(new StringReader(w.toString())));
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(mapper.readTree(original), mapper.readTree(w.toString()), "the same JSON as simulate's");
    }

    @Test
    void onlyARunFarPastItsHorizonIsSaturated() {
        List<TimedMetrics> runs = SampleReports.timedRuns();
        assertEquals(List.of(false, false, false, true, false), runs.stream().map(TimedMetrics::saturated).toList());
        assertTrue(runs.get(3).horizonNote().startsWith("saturated: virtual time ran to 12691.52 us, 7691.52 us past"
                + " the 5000 us horizon (2.5x)"), runs.get(3).horizonNote());
        assertEquals("virtual time ended 10.7 us after the 2000 us horizon: the work in flight at the last arrival"
                + " finishing", runs.get(4).horizonNote());
        assertNull(runs.get(0).horizonNote(), "ended before its horizon");
    }

    @Test
    void aRunWithoutStreamsHasNoHorizonAndIsNeverSaturated() {
        TimedMetrics m = SampleReports.timedRuns().get(3);
        TimedMetrics noHorizon = new TimedMetrics(m.scenario(), m.run(), m.seed(), m.sweep(), m.virtualMicros(), null,
                m.steps(), m.complete(), m.stopReason(), m.wallMillis(), m.latency(), m.waits(),
                m.throughputPerSecond(), m.pending(), m.violations());
        assertFalse(noHorizon.saturated());
        assertNull(noHorizon.horizonNote());
    }

    @Test
    void aBrokenRunIsAnIoErrorNamingTheKey() {
        IOException e = assertThrows(IOException.class,
                () -> TimedMetricsJson.readAll(new StringReader("[{\"scenario\": \"x\", \"run\": 0}]")));
        assertTrue(e.getMessage().contains("missing \"waiting_for_grace_period\" in a timed run"), e.getMessage());
        assertThrows(IOException.class, () -> TimedMetricsJson.readAll(new StringReader("[1]")));
    }
}
