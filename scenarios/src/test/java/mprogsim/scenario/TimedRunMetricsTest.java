package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys of the timed metrics that the charts read: the horizon, and each histogram's buckets. */
class TimedRunMetricsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path catalog(String file) {
        Path p = Path.of("catalog").resolve(file);
        return Files.exists(p) ? p : Path.of("scenarios", "catalog").resolve(file);
    }

    private static List<JsonNode> metrics(String file) throws Exception {
        Scenario s = ScenarioLoader.load(catalog(file));
        return TimedRun.run(s, ScenarioRunner.simulation(s, true), s.explore().seed(), 1, 0).stream()
                .map(x -> (JsonNode) TimedRun.metrics(MAPPER, s, x, false)).toList();
    }

    @Test
    void everyRecordedValueIsInOneOfAtMostFortyOneEqualBuckets() throws Exception {
        JsonNode run = metrics("timed/steady-reader-stream.json").get(0);
        int histograms = 0;
        for (String group : List.of("latency_us", "wait_us")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = run.get(group).fields(); it.hasNext(); ) {
                JsonNode h = it.next().getValue();
                if (h.get("count").asLong() == 0) {
                    assertFalse(h.has("buckets"));
                    continue;
                }
                histograms++;
                JsonNode b = h.get("buckets");
                long sum = 0;
                for (JsonNode c : b.get("counts")) {
                    sum += c.asLong();
                }
                assertEquals(h.get("count").asLong(), sum, "every value in a bucket");
                int n = b.get("counts").size();
                assertTrue(n <= 42, "at most about 40 buckets: " + n);
                assertTrue(b.get("counts").get(0).asLong() > 0, "the first bucket holds the minimum");
                assertTrue(b.get("counts").get(n - 1).asLong() > 0, "the last bucket holds the maximum");
                double width = b.get("width_us").asDouble();
                double from = b.get("from_us").asDouble();
                assertTrue(from <= h.get("p50").asDouble() && h.get("max").asDouble() <= from + n * width + 0.01,
                        h.toString());
                String digits = Long.toString(Math.round(width * 1000));
                assertTrue(digits.matches("[125]0*"), "1, 2 or 5 times a power of ten ns: " + width);
            }
        }
        assertTrue(histograms >= 4, run.toString());
    }

    @Test
    void theHorizonIsThereOnlyWhenSomeThreadHasArrivals() throws Exception {
        JsonNode stream = metrics("timed/steady-reader-stream.json").get(0);
        assertEquals(2000.0, stream.get("horizon_us").asDouble());
        JsonNode plain = metrics("variants/commit-before-sync.json").get(0);
        assertFalse(plain.has("horizon_us"), plain.toString());
    }

    @Test
    void bucketWidthsAreRoundAndFewEnough() {
        assertEquals(10, TimedRun.bucketWidthNanos(0));
        assertEquals(10, TimedRun.bucketWidthNanos(409));
        assertEquals(20, TimedRun.bucketWidthNanos(410));
        assertEquals(50, TimedRun.bucketWidthNanos(1_500));
        assertEquals(50, TimedRun.bucketWidthNanos(2_049));
        assertEquals(100, TimedRun.bucketWidthNanos(2_050));
        assertEquals(200_000, TimedRun.bucketWidthNanos(7_691_520));
    }
}
