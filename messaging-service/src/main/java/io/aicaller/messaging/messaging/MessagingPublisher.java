package io.aicaller.messaging.messaging;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.smallrye.reactive.messaging.MutinyEmitter;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.kafka.KafkaCloudEvents;

/**
 * Publishes message events and opt-out changes (each to its type's topic) and waits for the broker's acknowledgement
 * (called from worker threads).
 */
@ApplicationScoped
public class MessagingPublisher {

    public static final String SOURCE = "/messaging-service";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutinyEmitter<Event> emitter;

    MessagingPublisher(@Channel("events-out") MutinyEmitter<Event> emitter) {
        this.emitter = emitter;
    }

    public void publish(Event event, String... idParts) {
        emitter.sendMessage(KafkaCloudEvents.toMessage(CloudEvent.of(SOURCE, event, Instant.now(), idParts)))
                .await()
                .atMost(WAIT);
    }
}
