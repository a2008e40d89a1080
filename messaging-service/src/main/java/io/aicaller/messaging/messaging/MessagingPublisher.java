package io.aicaller.messaging.messaging;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.kafka.DurablePublisher;
import io.aicaller.events.kafka.KafkaCloudEvents;
import io.aicaller.events.kafka.LocalOutbox;
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

    private final MutinyEmitter<Event> emitter;
    private final DurablePublisher durable;

    MessagingPublisher(@Channel("events-out") MutinyEmitter<Event> emitter, MessagingConfig config) {
        this.emitter = emitter;
        this.durable = new DurablePublisher(Path.of(config.outbox().directory()),
                config.outbox().maxSize().asLongValue(), SEND_TIMEOUT, this::send);
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
        try {
            durable.publish(CloudEvent.of(SOURCE, event, Instant.now(), idParts))
                    .toCompletableFuture()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + event.eventType().shortName());
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() instanceof LocalOutbox.Full ? e.getCause() : e;
            throw new IllegalStateException("could not record " + event.eventType().shortName() + ": "
                    + cause.getMessage(), cause);
        }
    }

    private CompletableFuture<Boolean> send(CloudEvent<? extends Event> event) {
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        emitter.sendMessage(KafkaCloudEvents.toMessage(event))
                .subscribe()
                .with(ok -> sent.complete(true),
                        failure -> sent.complete(false));
        return sent;
    }
}
