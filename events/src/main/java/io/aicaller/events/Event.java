package io.aicaller.events;

/**
 * A record published on one of the ai-caller topics. The subject is the Twilio SID (or request or command id) the
 * event is about: it becomes the CloudEvents {@code subject} and the Kafka key, so per-entity order holds.
 */
public interface Event {

    String subject();

    default EventType eventType() {
        return EventType.of(getClass());
    }
}
