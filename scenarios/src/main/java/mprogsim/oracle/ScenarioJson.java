package mprogsim.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import mprogsim.model.mprog.Errno;
import mprogsim.scenario.OpOutcome;

/**
 * Writes scenario files (format 1) the way people read them: one top-level key per line, one op per line. Also
 * turns a kernel outcome into an op's {@code expect}.
 */
public final class ScenarioJson {
    public static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScenarioJson() {
    }

    public static ObjectNode read(Path file) throws IOException {
        JsonNode n = MAPPER.readTree(Files.readString(file));
        if (!(n instanceof ObjectNode o)) {
            throw new IOException(file + ": not a JSON object");
        }
        return o;
    }

    /** The {@code expect} of an op that returned {@code o} (a failed query: ret only, since nothing was reported). */
    public static ObjectNode expectOf(OpOutcome o) {
        ObjectNode e = F.objectNode();
        if (o.ret() == 0) {
            e.put("ret", 0);
        } else {
            e.put("ret", Errno.format(o.ret()));
        }
        if (o.count() != null && (o.ret() == 0 || o.ret() == -Errno.ENOSPC)) {
            e.put("count", o.count());
            e.put("revision", o.revision());
            ArrayNode progs = e.putArray("prog_ids");
            o.progIds().forEach(progs::add);
            ArrayNode links = e.putArray("link_ids");
            for (String l : o.linkIds()) {
                if (l == null) {
                    links.addNull();
                } else {
                    links.add(l);
                }
            }
        }
        return e;
    }

    /** Sets every step's expect to the given outcomes, in order. */
    public static void setExpects(ObjectNode scenario, List<OpOutcome> outcomes) {
        JsonNode steps = scenario.get("steps");
        for (int i = 0; i < steps.size(); i++) {
            ((ObjectNode) steps.get(i)).set("expect", expectOf(outcomes.get(i)));
        }
    }

    public static String render(ObjectNode root) {
        StringBuilder sb = new StringBuilder("{\n");
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            sb.append("  ").append(quote(f.getKey())).append(": ");
            JsonNode v = f.getValue();
            if (v.isArray() && (f.getKey().equals("steps") || f.getKey().equals("threads")) && v.size() > 0) {
                sb.append("[\n");
                for (int i = 0; i < v.size(); i++) {
                    sb.append("    ");
                    compact(v.get(i), sb);
                    sb.append(i + 1 < v.size() ? ",\n" : "\n");
                }
                sb.append("  ]");
            } else {
                compact(v, sb);
            }
            sb.append(it.hasNext() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static void compact(JsonNode v, StringBuilder sb) {
        if (v.isObject()) {
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                sb.append(quote(f.getKey())).append(": ");
                compact(f.getValue(), sb);
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else if (v.isArray()) {
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                compact(v.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append(v.toString());
        }
    }

    private static String quote(String s) {
        return F.textNode(s).toString();
    }
}
