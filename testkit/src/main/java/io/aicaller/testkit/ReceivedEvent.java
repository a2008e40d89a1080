package io.aicaller.testkit;

import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One Kafka record as a CloudEvent in binary mode: {@code ce_*} headers and a JSON value. */
public record ReceivedEvent(String topic, int partition, long offset, String key, Map<String, String> headers,
        String value) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String id() {
        return headers.get("ce_id");
    }

    public String type() {
        return headers.get("ce_type");
    }

    public String subject() {
        return headers.get("ce_subject");
    }

    public String source() {
        return headers.get("ce_source");
    }

    public String header(String name) {
        return headers.get(name);
    }

    public JsonNode json() {
        try {
            return JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Record value is not JSON: " + value, e);
        }
    }

    /** The value mapped with the given mapper (e.g. one configured for java.time). */
    public <T> T as(ObjectMapper mapper, Class<T> type) {
        try {
            return mapper.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Record value is not a " + type.getSimpleName() + ": " + value, e);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " key=" + key + " type=" + type() + " id=" + id() + " "
                + value;
    }
}
