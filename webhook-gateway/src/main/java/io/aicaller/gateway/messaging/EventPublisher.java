package io.aicaller.gateway.messaging;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.Topics;
import io.aicaller.events.kafka.DurablePublisher;
import io.aicaller.events.kafka.KafkaEventSender;
import io.aicaller.gateway.config.GatewayConfig;

/**
 * Publishes the gateway's events to {@value Topics#CALLS_LIFECYCLE}. What is returned completes once the event is
 * durable: acknowledged by the broker, or kept in the local outbox while the broker is away (see
 * {@link DurablePublisher}); it fails only when the outbox is full. A plain producer rather than a messaging channel:
 * every webhook publishes, and the channel's per-message machinery cost more than the send (bench/README).
 */
@ApplicationScoped
public class EventPublisher {

    public static final String SOURCE = "/webhook-gateway";

    /**
     * The producer gives a record up within this (below {@code gateway.publish-timeout}): the event then goes to the
     * outbox, and a record given up on is never sent later as well, so no event is published twice.
     */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(4);
    /**
     * Sends run on event loops: one that cannot be appended at once (no metadata yet, the buffer full in a long
     * outage) goes to the outbox instead of waiting. The warm-up fetches the metadata before Ready.
     */
    static final Duration MAX_BLOCK = Duration.ZERO;
    /** Webhooks that arrive together share a batch; measured against 5 ms in bench/README. */
    static final int LINGER_MS = 1;
    private static final Duration METADATA_WAIT = Duration.ofMinutes(1);

    private final KafkaEventSender sender;
    private final DurablePublisher durable;

    EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper json,
            GatewayConfig config) {
        this.sender = new KafkaEventSender(kafkaConfig, "webhook-gateway-events", DELIVERY_TIMEOUT, MAX_BLOCK,
                LINGER_MS, json);
        this.durable = new DurablePublisher(Path.of(config.outbox().directory()),
                config.outbox().maxSize().asLongValue(), config.publishTimeout(), sender);
    }

    void start(@Observes StartupEvent start) {
        durable.start();
        // The topic's metadata, so the first event is not sent to the outbox for want of it (also without warm-up).
        Thread metadata = new Thread(() -> sender.warm(Topics.CALLS_LIFECYCLE, METADATA_WAIT), "events-metadata");
        metadata.setDaemon(true);
        metadata.start();
    }

    @PreDestroy
    void stop() {
        durable.close();
        sender.close();
    }

    /** Fetches the topic's metadata so the first webhook does not wait for it; false when the broker did not answer. */
    public boolean warm(Duration timeout) {
        return sender.warm(Topics.CALLS_LIFECYCLE, timeout);
    }

    /** Events waiting in the local outbox for the broker. */
    public int waiting() {
        return durable.waiting();
    }

    /** Publishes {@code data} with an id derived from {@code idParts}, so a repeated fact repeats its id. */
    public <T extends Event> Uni<Void> publish(T data, String... idParts) {
        return Uni.createFrom().completionStage(() -> record(data, idParts));
    }

    public Uni<Void> publish(CloudEvent<? extends Event> event) {
        return Uni.createFrom().completionStage(() -> durable.publish(event));
    }

    /** As {@link #publish(Event, String...)}, for the webhook path: no Mutiny (and its context propagation) on it. */
    public <T extends Event> CompletionStage<Void> record(T data, String... idParts) {
        return durable.publish(CloudEvent.of(SOURCE, data, Instant.now(), idParts));
    }
}
