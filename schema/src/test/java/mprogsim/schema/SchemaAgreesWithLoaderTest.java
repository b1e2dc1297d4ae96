package mprogsim.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The JSON Schema and the loader must take and refuse the same files: an editor that validates with the schema
 * then shows exactly the errors {@code mprogsim check} would stop on. Checked on every catalog and bench file and
 * on a corpus: {@code good/} (both take them), {@code bad/} (both refuse them, and the schema's error points at the
 * loader's JSON path or at an object that holds it), {@code beyond-schema/} (what no JSON Schema can say: names that
 * refer to other parts of the file and the like; the loader refuses them, the schema cannot). {@code good/} holds
 * optional keys given as null, which the contract makes mean the key left out.
 */
class SchemaAgreesWithLoaderTest {
    static final Path SCHEMA = Path.of("scenario-format-1.schema.json");
    static final Path CORPUS = Path.of("src", "test", "resources", "corpus");
    static final Path CATALOG = Path.of("..", "scenarios", "catalog");
    static final Path BENCH = Path.of("..", "scenarios", "bench");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The JSON path in a loader message: "FILE: LINE:COL: $.threads[0].passes: expected ...". */
    private static final Pattern LOADER_PATH = Pattern.compile(": (\\$[^ ]*?): ");

    private static Schema schema;

    static synchronized Schema schema() throws IOException {
        if (schema == null) {
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
            schema = registry.getSchema(SchemaLocation.of(SCHEMA.toAbsolutePath().toUri().toString()),
                    Files.readString(SCHEMA, StandardCharsets.UTF_8), InputFormat.JSON);
        }
        return schema;
    }

    static List<Error> schemaErrors(Path file) throws IOException {
        return schema().validate(Files.readString(file, StandardCharsets.UTF_8), InputFormat.JSON);
    }

    /** The loader's message, or null when it takes the file. */
    static String loaderError(Path file) {
        try {
            ScenarioLoader.load(file);
            return null;
        } catch (ScenarioException e) {
            return e.getMessage();
        }
    }

    static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> out = new ArrayList<>(s.filter(f -> f.toString().endsWith(".json")).sorted().toList());
            assertFalse(out.isEmpty(), "no files in " + folder.toAbsolutePath());
            return out;
        }
    }

    /** "$.threads[0].passes" to the JSON Pointer "/threads/0/passes" the validator reports. */
    static String pointer(String jsonPath) {
        return jsonPath.substring(1).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }

    static String describe(List<Error> errors) {
        StringBuilder b = new StringBuilder();
        for (Error e : errors) {
            b.append("\n  ").append(e.getInstanceLocation()).append(": ").append(e.getMessage());
        }
        return b.toString();
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema meta = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        List<Error> errors = meta.validate(Files.readString(SCHEMA, StandardCharsets.UTF_8), InputFormat.JSON);
        assertTrue(errors.isEmpty(), "the schema breaks the 2020-12 meta-schema:" + describe(errors));
        JsonNode root = MAPPER.readTree(SCHEMA.toFile());
        assertEquals("https://json-schema.org/draft/2020-12/schema", root.path("$schema").asText());
    }

    @Test
    void theMetaSchemaCheckCanFail() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema meta = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        String broken = Files.readString(SCHEMA, StandardCharsets.UTF_8)
                .replaceFirst("\"required\": \\[\\s*\"name\"\\s*]", "\"required\": \"name\"");
        assertFalse(meta.validate(broken, InputFormat.JSON).isEmpty());
    }

    /** Every catalog and bench file: both take it, and its $schema points at this schema from where it lies. */
    @TestFactory
    Stream<DynamicTest> everyCatalogAndBenchFile() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CATALOG)) {
            s.filter(f -> f.toString().endsWith(".json")).sorted().forEach(all::add);
        }
        all.addAll(files(BENCH));
        assertTrue(all.size() >= 50,
                "only " + all.size() + " catalog and bench files under " + CATALOG.toAbsolutePath());
        return all.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            String loader = loaderError(f);
            assertEquals(null, loader, "the loader refuses a catalog file");
            List<Error> errors = schemaErrors(f);
            assertTrue(errors.isEmpty(), "the schema refuses " + f + ":" + describe(errors));
            JsonNode ref = MAPPER.readTree(f.toFile()).get("$schema");
            assertNotNull(ref, f + " has no \"$schema\" key");
            Path target = f.getParent().resolve(ref.asText()).normalize();
            assertTrue(Files.isSameFile(target, SCHEMA), f + ": $schema " + ref.asText() + " is not " + SCHEMA);
        }));
    }

    @TestFactory
    Stream<DynamicTest> goodFilesAreTakenByBoth() throws IOException {
        return files(CORPUS.resolve("good")).stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> {
                    assertEquals(null, loaderError(f), "the loader refuses a good file");
                    List<Error> errors = schemaErrors(f);
                    assertTrue(errors.isEmpty(), "the schema refuses a good file:" + describe(errors));
                }));
    }

    @TestFactory
    Stream<DynamicTest> badFilesAreRefusedByBothAtTheSamePlace() throws IOException {
        return files(CORPUS.resolve("bad")).stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> {
                    String loader = loaderError(f);
                    assertNotNull(loader, "the loader takes a bad file");
                    List<Error> errors = schemaErrors(f);
                    assertFalse(errors.isEmpty(), "the schema takes a file the loader refuses: " + loader);
                    Matcher m = LOADER_PATH.matcher(loader);
                    if (!m.find()) {
                        fail("no JSON path in the loader's message: " + loader);
                    }
                    String loaderPath = m.group(1);
                    String pointer = pointer(loaderPath);
                    boolean near = errors.stream().map(e -> e.getInstanceLocation().toString())
                            .anyMatch(p -> pointer.equals(p) || pointer.startsWith(p.endsWith("/") ? p : p + "/"));
                    assertTrue(near, "the loader blames " + loaderPath + " (" + loader + "); the schema:"
                            + describe(errors));
                }));
    }

    @TestFactory
    Stream<DynamicTest> whatNoSchemaCanSayIsLeftToTheLoader() throws IOException {
        return files(CORPUS.resolve("beyond-schema")).stream().map(f -> DynamicTest.dynamicTest(
                f.getFileName().toString(), () -> {
                    assertTrue(MAPPER.readTree(f.toFile()).has("x-why-the-schema-accepts"),
                            "each file says why no JSON Schema can refuse it");
                    assertNotNull(loaderError(f), "the loader takes it: move it to good/");
                    List<Error> errors = schemaErrors(f);
                    assertTrue(errors.isEmpty(), "the schema refuses it now: move it to bad/;" + describe(errors));
                }));
    }
}
