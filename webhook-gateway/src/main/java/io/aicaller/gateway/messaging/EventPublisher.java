package io.aicaller.gateway.messaging;

import java.nio.file.Path;
import java.time.Instant;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.kafka.DurablePublisher;
import io.aicaller.gateway.config.GatewayConfig;

/**
 * Publishes the gateway's events. The returned Uni completes once the event is durable: acknowledged by the broker,
 * or kept in the local outbox while the broker is away (see {@link DurablePublisher}); it fails only when the
 * outbox is full.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String SOURCE = "/webhook-gateway";

    private final DurablePublisher durable;

    EventPublisher(
            @Channel("events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<Event> emitter,
            GatewayConfig config) {
        this.durable = new DurablePublisher(Path.of(config.outbox().directory()),
                config.outbox().maxSize().asLongValue(), config.publishTimeout(), DurablePublisher.sender(emitter));
    }

    void start(@Observes StartupEvent start) {
        durable.start();
    }

    @PreDestroy
    void stop() {
        durable.close();
    }

    /** Events waiting in the local outbox for the broker. */
    public int waiting() {
        return durable.waiting();
    }

    /** Publishes {@code data} with an id derived from {@code idParts}, so a repeated fact repeats its id. */
    public <T extends Event> Uni<Void> publish(T data, String... idParts) {
        return publish(CloudEvent.of(SOURCE, data, Instant.now(), idParts));
    }

    public Uni<Void> publish(CloudEvent<? extends Event> event) {
        return Uni.createFrom().completionStage(() -> durable.publish(event));
    }
}
