package mprogsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import mprogsim.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The JSON example of docs/reports.md is what {@code check --json} writes for the scenario it names: the same
 * keys in the same order, the same process names (the callback processes are "rcu:p1", "rcu:bundle0", never a
 * bare "rcu") and the same steps. Counts and the schedule are left out of the comparison: they follow the
 * explorer, which may change; what the report calls things may not drift from the document.
 */
class DocumentedReportExampleTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path fromRoot(String path) {
        Path p = Path.of(path);
        return Files.exists(p) ? p : Path.of("..").resolve(path);
    }

    static JsonNode documentedExample() throws Exception {
        String doc = Files.readString(fromRoot("docs/reports.md"));
        int reference = doc.indexOf("### JSON (`report_format` 1)");
        int start = doc.indexOf("```json\n", reference) + "```json\n".length();
        int end = doc.indexOf("```", start);
        return MAPPER.readTree(doc.substring(start, end));
    }

    @Test
    void theJsonExampleIsWhatCheckWritesForItsScenario(@TempDir Path dir) throws Exception {
        JsonNode documented = documentedExample();
        JsonNode doc = documented.get("scenarios").get(0);
        Path out = dir.resolve("r.json");
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute("check", "--no-time", "--json", out.toString(),
                fromRoot(doc.get("file").asText()).toString());
        assertEquals(0, code);
        JsonNode realReport = MAPPER.readTree(Files.readString(out));
        List<String> topKeys = keys(documented);
        topKeys.remove("started_at");
        assertEquals(keys(realReport), topKeys);
        JsonNode real = realReport.get("scenarios").get(0);

        List<String> realKeys = keys(real);
        List<String> docKeys = keys(doc);
        docKeys.remove("seconds");
        assertEquals(realKeys, docKeys, "the keys, in the writer's order");
        for (String key : List.of("name", "verdict", "expected", "found_invariants", "strategy", "complete",
                "stop_reason")) {
            assertEquals(real.get(key), doc.get(key), key);
        }
        assertEquals(real.get("trace").get("threads"), doc.get("trace").get("threads"), "the process names");
        JsonNode docSteps = doc.get("trace").get("steps");
        assertTrue(docSteps.size() > 0);
        for (int i = 0; i < docSteps.size(); i++) {
            assertEquals(real.get("trace").get("steps").get(i), docSteps.get(i), "step " + (i + 1));
        }
    }

    private static List<String> keys(JsonNode o) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
