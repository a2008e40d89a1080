package io.aicaller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Media Streams messages the benches send as Twilio would, held to Twilio's documented messages (the examples of
 * "Media Streams - WebSocket Messages", as ../shared/PROTOCOLS.md section 2.1 quotes them): the same fields, with the
 * same JSON types (sequence numbers, chunks and timestamps are strings there).
 */
class BenchBridgeTest {

    static final String CONNECTED = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    static final String START = "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{"
            + "\"accountSid\":\"AC1\",\"streamSid\":\"MZ1\",\"callSid\":\"CA1\",\"tracks\":[\"inbound\"],"
            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
            + "\"customParameters\":{\"FirstName\":\"Jane\"}}}";
    static final String MEDIA = "{\"event\":\"media\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ1\","
            + "\"media\":{\"track\":\"inbound\",\"chunk\":\"2\",\"timestamp\":\"5\",\"payload\":\"AA==\"}}";

    final ObjectMapper json = new ObjectMapper();

    @Test
    void theBenchesSpeakTwiliosMediaStreamsMessages() throws Exception {
        var opening = BenchBridge.opening("MZ0123");
        assertThat(shape(opening.get(0))).isEqualTo(shape(CONNECTED));
        assertThat(without(shape(opening.get(1)), "start.customParameters"))
                .isEqualTo(without(shape(START), "start.customParameters"));
        String payload = Base64.getEncoder().encodeToString(new byte[160]);
        String media = BenchBridge.media("MZ0123", 0, payload);
        assertThat(shape(media)).isEqualTo(shape(MEDIA));
        // Numbered as Twilio numbers them: the start was 1, the first chunk is 1, its timestamp 0 ms.
        JsonNode first = json.readTree(media);
        assertThat(first.path("sequenceNumber").asText()).isEqualTo("2");
        assertThat(first.path("media").path("chunk").asText()).isEqualTo("1");
        assertThat(first.path("media").path("timestamp").asText()).isEqualTo("0");
        assertThat(json.readTree(BenchBridge.media("MZ0123", 3, payload)).path("media").path("timestamp").asText())
                .isEqualTo("60");
    }

    /** Every field's path and JSON type. */
    private Map<String, String> shape(String message) throws Exception {
        Map<String, String> fields = new TreeMap<>();
        walk("", json.readTree(message), fields);
        return fields;
    }

    private static void walk(String path, JsonNode node, Map<String, String> fields) {
        if (!node.isObject()) {
            fields.put(path, node.getNodeType().name());
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            walk(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), fields);
        }
    }

    private static Map<String, String> without(Map<String, String> shape, String prefix) {
        shape.keySet().removeIf(key -> key.startsWith(prefix));
        return shape;
    }
}
