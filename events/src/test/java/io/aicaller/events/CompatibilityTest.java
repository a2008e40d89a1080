package io.aicaller.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A published v1 event never loses, retypes or changes the presence of a field. {@code published-v1.txt} lists every
 * field ever published; the current schemas must still carry each one as it was, and must list nothing else.
 */
class CompatibilityTest {

    @Test
    void currentSchemasKeepEveryPublishedField() throws IOException {
        assertThat(violations(published(), CompatibilityTest::currentSchema)).isEmpty();
    }

    @Test
    void everySchemaFieldIsRecordedAsPublished() throws IOException {
        Set<String> published = new HashSet<>();
        for (String line : published()) {
            String[] parts = line.split(" ");
            published.add(parts[0] + " " + parts[1]);
        }
        List<String> unrecorded = new ArrayList<>();
        for (EventType type : EventType.values()) {
            Contracts.schema(type).get("properties").fieldNames().forEachRemaining(field -> {
                if (!published.contains(type.shortName() + " " + field)) {
                    unrecorded.add(type.shortName() + " " + field);
                }
            });
        }
        assertThat(unrecorded).as("append these to published-v1.txt (new fields must be optional)").isEmpty();
    }

    @Test
    void detectsARemovedARetypedAndAnOptionalisedField() throws IOException {
        ObjectNode tampered = currentSchema("call.stream-ended").deepCopy();
        ObjectNode properties = (ObjectNode) tampered.get("properties");
        properties.remove("framesIn");
        ((ObjectNode) properties.get("durationMs")).put("type", "string");
        tampered.putArray("required").add("callSid");

        List<String> violations = violations(published(),
                name -> name.equals("call.stream-ended") ? tampered : currentSchema(name));

        assertThat(violations).anyMatch(v -> v.contains("framesIn") && v.contains("removed"))
                .anyMatch(v -> v.contains("durationMs") && v.contains("retyped"))
                .anyMatch(v -> v.contains("streamSid") && v.contains("required"));
    }

    static List<String> violations(List<String> published, Function<String, JsonNode> schemas) {
        List<String> violations = new ArrayList<>();
        for (String line : published) {
            String[] parts = line.split(" ");
            String event = parts[0];
            String field = parts[1];
            boolean optional = parts[2].endsWith("?");
            String type = optional ? parts[2].substring(0, parts[2].length() - 1) : parts[2];
            JsonNode schema = schemas.apply(event);
            if (schema == null) {
                violations.add(event + ": event type removed");
                continue;
            }
            JsonNode property = schema.path("properties").get(field);
            if (property == null) {
                violations.add(event + "." + field + ": removed");
                continue;
            }
            String currentType = EventContractTest.jsonType(property);
            if (!currentType.equals(type)) {
                violations.add(event + "." + field + ": retyped from " + type + " to " + currentType);
            }
            boolean required = false;
            for (JsonNode r : schema.path("required")) {
                required |= r.asText().equals(field);
            }
            if (required == optional) {
                violations.add(event + "." + field + ": was " + (optional ? "optional" : "required") + ", now "
                        + (required ? "required" : "optional"));
            }
        }
        return violations;
    }

    private static JsonNode currentSchema(String shortName) {
        for (EventType type : EventType.values()) {
            if (type.shortName().equals(shortName)) {
                return Contracts.schema(type);
            }
        }
        return null;
    }

    private static List<String> published() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                CompatibilityTest.class.getResourceAsStream("/published-v1.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null;) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.trim());
                }
            }
        }
        return lines;
    }
}
