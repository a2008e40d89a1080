package io.aicaller.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

/**
 * Our own event schemas ({@code /schemas/<type>.v1.json} of the events module, on the classpath of every service),
 * for tests that check what a service actually published. Needs {@code json-schema-validator} on the test classpath.
 */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** What is wrong with a published event, by its CloudEvents type; empty when it matches its schema. */
    public static List<String> violations(String ceType, String json) {
        String name = ceType.replaceFirst("^io\\.aicaller\\.", "").replaceFirst("\\.v1$", "");
        JsonSchema schema = SCHEMAS.computeIfAbsent(name, EventSchemas::load);
        try {
            return schema.validate(JSON.readTree(json)).stream().map(Object::toString).collect(Collectors.toList());
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    private static JsonSchema load(String name) {
        try (InputStream in = EventSchemas.class.getResourceAsStream("/schemas/" + name + ".v1.json")) {
            if (in == null) {
                throw new IllegalArgumentException("No schema for event type " + name);
            }
            JsonNode schema = JSON.readTree(in);
            return FACTORY.getSchema(schema, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
