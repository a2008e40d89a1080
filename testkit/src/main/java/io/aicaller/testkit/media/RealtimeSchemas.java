package io.aicaller.testkit.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

/**
 * OpenAI's official Realtime (GA) event schemas, one per event type (copied from the project's shared spec folder
 * into {@code openai-spec/} beside this class), applied strictly: every object that lists its properties is closed,
 * because the live API refuses a whole {@code session.update} that carries a field the GA session does not define.
 * Tests check with it what the bridge sends (client events) and what our stand-in models send (server events).
 */
public final class RealtimeSchemas {

    /** Who sends the event: {@code client} (the bridge) or {@code server} (the model). */
    public enum Side {
        CLIENT("client"),
        SERVER("server");

        private final String folder;

        Side(String folder) {
            this.folder = folder;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private RealtimeSchemas() {
    }

    /** What is wrong with one event, as readable lines; empty when it conforms. */
    public static List<String> violations(Side side, String eventJson) {
        JsonNode event;
        try {
            event = JSON.readTree(eventJson);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        String type = event.path("type").asText("");
        JsonSchema schema = schema(side, type);
        if (schema == null) {
            return List.of("no " + side.folder + " event of type '" + type + "' in the spec");
        }
        List<String> found = new ArrayList<>();
        schema.validate(event)
                .forEach(error -> found.add(type + " " + error.getInstanceLocation() + ": " + error.getMessage()));
        return found;
    }

    /** Whether the spec defines this event type for that side. */
    public static boolean defines(Side side, String type) {
        return schema(side, type) != null;
    }

    private static JsonSchema schema(Side side, String type) {
        if (!type.matches("[a-z_.]{1,80}")) {
            return null;
        }
        String key = side.folder + "/" + type;
        JsonSchema cached = SCHEMAS.get(key);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = RealtimeSchemas.class.getResourceAsStream("/io/aicaller/testkit/openai-spec/" + key
                + ".json")) {
            if (in == null) {
                return null;
            }
            JsonNode node = JSON.readTree(in);
            close(node);
            JsonSchema schema = FACTORY.getSchema(node);
            SCHEMAS.put(key, schema);
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes every object schema that lists its properties and says nothing about others. {@code unevaluatedProperties}
     * rather than {@code additionalProperties}, so properties that a sibling {@code oneOf}/{@code anyOf} branch
     * defines still count as known.
     */
    private static void close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.path("properties").isObject() && !object.has("additionalProperties")
                    && !object.has("unevaluatedProperties")) {
                object.put("unevaluatedProperties", false);
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext();) {
                close(children.next());
            }
        } else if (node.isArray()) {
            node.forEach(RealtimeSchemas::close);
        }
    }
}
