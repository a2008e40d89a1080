package io.aicaller.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;

/** Loads the schema and golden sample resources of an event type. */
final class Contracts {

    private Contracts() {
    }

    static JsonNode schema(EventType type) {
        return read(type.schemaResource());
    }

    static JsonNode sample(EventType type) {
        return read(type.sampleResource());
    }

    static Event sampleRecord(EventType type) {
        try {
            return EventJson.mapper().treeToValue(sample(type), type.recordClass());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String resource) {
        try (InputStream in = Contracts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
