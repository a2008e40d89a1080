package io.aicaller.events;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * An event with its CloudEvents attributes. Carried in Kafka's binary mode: attributes as {@code ce_*} headers, the
 * record as the JSON value. {@code id} is the idempotency key: the same fact published twice carries the same id.
 */
public record CloudEvent<T extends Event>(String id, URI source, Instant time, T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (data.subject() == null || data.subject().isBlank()) {
            throw new IllegalArgumentException(data.getClass().getSimpleName() + " has no subject");
        }
    }

    /** An event whose id is derived from the parts that identify the fact (see {@link EventIds}). */
    public static <T extends Event> CloudEvent<T> of(String source, T data, Instant time, String... idParts) {
        return new CloudEvent<>(EventIds.of(data.eventType(), idParts), URI.create(source), time, data);
    }

    public EventType type() {
        return data.eventType();
    }

    public String subject() {
        return data.subject();
    }

    /** Kafka record key: the subject, so all events of one call, message or number stay in order. */
    public String key() {
        return data.subject();
    }

    public String topic() {
        return type().topic();
    }
}
