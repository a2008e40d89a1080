package io.aicaller.gateway.messaging;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.kafka.KafkaCloudEvents;
import io.aicaller.gateway.config.GatewayConfig;

/** Publishes the gateway's events; the returned Uni completes when the broker acknowledged the record. */
@ApplicationScoped
public class EventPublisher {

    public static final String SOURCE = "/webhook-gateway";

    private final MutinyEmitter<Event> emitter;
    private final Duration timeout;

    EventPublisher(
            @Channel("events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<Event> emitter,
            GatewayConfig config) {
        this.emitter = emitter;
        this.timeout = config.publishTimeout();
    }

    /** Publishes {@code data} with an id derived from {@code idParts}, so a repeated fact repeats its id. */
    public <T extends Event> Uni<Void> publish(T data, String... idParts) {
        return publish(CloudEvent.of(SOURCE, data, Instant.now(), idParts));
    }

    public Uni<Void> publish(CloudEvent<? extends Event> event) {
        return emitter.sendMessage(KafkaCloudEvents.toMessage(event))
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge " + event.type().shortName() + " within " + timeout));
    }
}
