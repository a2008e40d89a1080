package io.aicaller.numbers.messaging;

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
import io.aicaller.numbers.config.NumbersConfig;

/**
 * Publishes number lifecycle events and returns once each is durable: acknowledged by the broker, or kept in the
 * local outbox while the broker is away (a number Twilio sold is never answered as a failure for want of Kafka).
 * Called from worker threads.
 */
@ApplicationScoped
public class NumbersPublisher {

    public static final String SOURCE = "/numbers-service";
    /** The producer gives a record up within 4 s (application.properties); the outbox takes it after that. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final DurablePublisher durable;

    NumbersPublisher(@Channel("events-out") MutinyEmitter<Event> emitter, NumbersConfig config) {
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

    public void publish(Event event, String... idParts) {
        durable.publishAndWait(CloudEvent.of(SOURCE, event, Instant.now(), idParts), WAIT);
    }
}
