package mprogsim.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A JSON tree that remembers where each node starts in its file, so that a semantic error can name the line and
 * column as well as the JSON path. Duplicate keys are errors: a second value must not silently win.
 */
final class LocatedJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    final JsonNode root;
    private final Map<JsonNode, JsonLocation> locations;

    private LocatedJson(JsonNode root, Map<JsonNode, JsonLocation> locations) {
        this.root = root;
        this.locations = locations;
    }

    /** Parses {@code text}; throws with "line L, column C: what" on a syntax error. */
    static LocatedJson parse(String text) throws ScenarioException {
        Map<JsonNode, JsonLocation> locs = new IdentityHashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ScenarioException("line 1, column 1: the file is empty; expected a JSON object");
            }
            JsonNode root = read(p, locs);
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new ScenarioException("line " + l.getLineNr() + ", column " + l.getColumnNr()
                        + ": unexpected content after the top-level JSON value");
            }
            return new LocatedJson(root, locs);
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int cut = msg.indexOf('\n');
            if (cut > 0) {
                msg = msg.substring(0, cut);
            }
            String where = l == null ? "" : "line " + l.getLineNr() + ", column " + l.getColumnNr() + ": ";
            throw new ScenarioException(where + "not valid JSON: " + msg);
        } catch (IOException e) {
            throw new ScenarioException("not valid JSON: " + e.getMessage());
        }
    }

    private static JsonNode read(JsonParser p, Map<JsonNode, JsonLocation> locs) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode node;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    o.set(key, read(p, locs));
                }
                node = o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, locs));
                }
                node = a;
            }
            case VALUE_STRING -> node = f.textNode(p.getText());
            case VALUE_NUMBER_INT -> node = f.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> node = f.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> node = new LocatedBoolean(true);
            case VALUE_FALSE -> node = new LocatedBoolean(false);
            case VALUE_NULL -> node = new LocatedNull();
            default -> throw new JsonParseException(p, "unexpected token " + p.currentToken());
        }
        locs.put(node, at);
        return node;
    }

    /**
     * Jackson shares one node for every null and one per boolean; an error about one of them could then name no
     * line. These are nodes of their own, equal to Jackson's (its equals accepts subclasses).
     */
    private static final class LocatedNull extends NullNode {
        private static final long serialVersionUID = 1L;
    }

    private static final class LocatedBoolean extends BooleanNode {
        private static final long serialVersionUID = 1L;

        LocatedBoolean(boolean value) {
            super(value);
        }
    }

    /** "line L, column C" of a node, or null when unknown. */
    String where(JsonNode node) {
        JsonLocation l = node == null ? null : locations.get(node);
        return l == null ? null : "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }
}
