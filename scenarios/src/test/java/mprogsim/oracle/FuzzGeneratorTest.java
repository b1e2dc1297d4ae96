package mprogsim.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import mprogsim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** The generator and the shrinker, without the kernel. */
class FuzzGeneratorTest {
    @Test
    void sameSeedSameSequencesAndEveryOneLoads() throws Exception {
        FuzzGenerator a = new FuzzGenerator(5, 12, 8);
        FuzzGenerator b = new FuzzGenerator(5, 12, 8);
        Set<String> ops = new HashSet<>();
        Set<String> flags = new HashSet<>();
        boolean full = false;
        for (int i = 0; i < 200; i++) {
            String text = ScenarioJson.render(a.sequence(i));
            assertEquals(text, ScenarioJson.render(b.sequence(i)), "sequence " + i);
            ObjectNode tree = a.sequence(i);
            ScenarioLoader.parse(text, Path.of("seq" + i + ".json"));
            for (JsonNode op : tree.get("steps")) {
                ops.add(op.get("op").asText());
                op.path("flags").forEach(f -> flags.add(f.asText()));
            }
            full |= tree.get("initial").toString().contains("\"p62\"");
        }
        assertNotEquals(ScenarioJson.render(a.sequence(0)), ScenarioJson.render(new FuzzGenerator(6, 12, 8).sequence(0)));
        assertEquals(Set.of("attach", "detach", "link_create", "link_update", "link_detach", "query", "close"), ops);
        assertEquals(Set.of("BEFORE", "AFTER", "REPLACE", "ID", "LINK"), flags);
        assertTrue(full, "some sequence starts from a hook with 62 or 63 programs");
    }

    @Test
    void withQdiscOpsSequencesMixThemInAndStillLoad() throws Exception {
        FuzzGenerator a = new FuzzGenerator(7, 12, 64, true);
        Set<String> ops = new HashSet<>();
        int withTeardown = 0;
        for (int i = 0; i < 200; i++) {
            String text = ScenarioJson.render(a.sequence(i));
            assertEquals(text, ScenarioJson.render(new FuzzGenerator(7, 12, 64, true).sequence(i)), "sequence " + i);
            mprogsim.scenario.Scenario s = ScenarioLoader.parse(text, Path.of("seq" + i + ".json"));
            s.steps().forEach(op -> ops.add(op.op().kind.jsonName));
            withTeardown += text.contains("\"teardown\"") ? 1 : 0;
        }
        assertTrue(ops.containsAll(Set.of("qdisc_add", "qdisc_replace", "qdisc_delete", "chain_add", "teardown",
                "attach", "detach", "link_create", "link_update", "query")), ops.toString());
        assertTrue(withTeardown > 0 && withTeardown < 100, withTeardown + " of 200 sequences tear the device down");
        assertNotEquals(ScenarioJson.render(new FuzzGenerator(7, 12, 64).sequence(3)),
                ScenarioJson.render(a.sequence(3)));
    }

    @Test
    void shrinkingKeepsExactlyTheStepsThatMatter() {
        ObjectNode tree = ScenarioJson.F.objectNode();
        tree.put("name", "t");
        var steps = tree.putArray("steps");
        for (int i = 0; i < 13; i++) {
            steps.addObject().put("op", "attach").put("prog", "p" + i);
        }
        Fuzzer shrinker = new Fuzzer(t -> {
            String s = t.get("steps").toString();
            return s.contains("\"p3\"") && s.contains("\"p11\"");
        });
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        steps.forEach(all::add);
        java.util.List<JsonNode> kept = shrinker.shrinkSteps(tree, all);
        assertEquals(2, kept.size(), kept.toString());
        assertEquals("p3", kept.get(0).get("prog").asText());
        assertEquals("p11", kept.get(1).get("prog").asText());
    }

    @Test
    void livenessProbesNameEveryProgAndLinkById() throws Exception {
        ObjectNode tree = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"name\": \"t\", "
                + "\"progs\": [{\"name\": \"p1\"}, {\"name\": \"probe\"}], \"steps\": [{\"op\": \"link_create\", "
                + "\"link\": \"l1\", \"prog\": \"p1\"}]}");
        ObjectNode probed = Fuzzer.withLivenessProbes(tree);
        assertEquals("[{\"op\":\"link_create\",\"link\":\"l1\",\"prog\":\"p1\"},"
                + "{\"op\":\"attach\",\"prog\":\"probex\",\"flags\":[\"ID\"],\"relative\":{\"prog\":\"p1\"}},"
                + "{\"op\":\"attach\",\"prog\":\"probex\",\"flags\":[\"ID\"],\"relative\":{\"prog\":\"probe\"}},"
                + "{\"op\":\"attach\",\"prog\":\"probex\",\"flags\":[\"ID\",\"LINK\"],\"relative\":{\"link\":\"l1\"}}]",
                probed.get("steps").toString());
        ScenarioLoader.parse(ScenarioJson.render(probed), Path.of("probed.json"));
    }
}
