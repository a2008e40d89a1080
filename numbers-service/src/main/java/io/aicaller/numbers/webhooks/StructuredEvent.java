package io.aicaller.numbers.webhooks;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.events.EventType;

/**
 * An event read from Kafka (binary mode: attributes in headers, the record as value) turned into the CloudEvents
 * structured-mode JSON a webhook posts: {@code specversion, id, source, type, subject, time, datacontenttype,
 * data}.
 */
public record StructuredEvent(String id, String type, String shortName, String subject, Instant time, String json) {

    /** The content type of a structured-mode CloudEvent in JSON. */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Null when the record is not an ai-caller event (no id or unknown type) or its value is not JSON. */
    public static StructuredEvent from(String id, String ceType, String source, String subject, String time,
            String value) {
        if (id == null || ceType == null || value == null) {
            return null;
        }
        EventType type;
        try {
            type = EventType.fromCeType(ceType);
        } catch (IllegalArgumentException e) {
            return null;
        }
        JsonNode data;
        Instant at;
        try {
            data = JSON.readTree(value);
            at = time == null ? null : Instant.parse(time);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", ceType);
        event.put("subject", subject);
        if (at != null) {
            event.put("time", at.toString());
        }
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        return new StructuredEvent(id, ceType, type.shortName(), subject == null ? id : subject, at,
                event.toString());
    }
}
