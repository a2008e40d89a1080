package io.aicaller.messaging.messaging;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.kafka.DurablePublisher;
import io.aicaller.messaging.config.MessagingConfig;

/**
 * Publishes message events and opt-out changes (each to its type's topic) and returns once each is durable:
 * acknowledged by the broker, or kept in the local outbox while the broker is away and published from there when
 * it is back (called from worker threads). Fails only when the outbox is full.
 */
@ApplicationScoped
public class MessagingPublisher {

    public static final String SOURCE = "/messaging-service";
    /** The producer gives a record up within 4 s (application.properties); the outbox takes it after that. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final DurablePublisher durable;

    MessagingPublisher(@Channel("events-out") MutinyEmitter<Event> emitter, MessagingConfig config) {
        this.durable = new DurablePublisher(Path.of(config.outbox().directory()),
                config.outbox().maxSize().asLongValue(), SEND_TIMEOUT, DurablePublisher.sender(emitter));
    }

    void start(@Observes StartupEvent start) {
        durable.start();
    }

    @PreDestroy
    void stop() {
        durable.close();
    }

    /** Events waiting in the outbox for the broker. */
    public int waiting() {
        return durable.waiting();
    }

    public void publish(Event event, String... idParts) {
        durable.publishAndWait(CloudEvent.of(SOURCE, event, Instant.now(), idParts), WAIT);
    }
}
