package io.aicaller.messaging.support;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.aicaller.events.Event;
import io.aicaller.events.EventJson;
import io.aicaller.testkit.CloudEventSender;

/** Puts our events on their topics as another service would. */
public final class Events {

    private Events() {
    }

    public static void send(String bootstrap, Event event) {
        send(bootstrap, event, UUID.randomUUID().toString());
    }

    /** Sends with a given CloudEvents id, e.g. the same one twice to model a redelivery. */
    public static void send(String bootstrap, Event event, String ceId) {
        try (CloudEventSender sender = new CloudEventSender(bootstrap)) {
            sender.send(event.eventType().topic(), event.eventType().ceType(), ceId, event.subject(),
                    EventJson.mapper().writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
