package io.aicaller.bridge.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.kafka.KafkaCloudEvents;

/** Publishes the bridge's events and tool commands; the Uni completes on the broker's acknowledgement. */
@ApplicationScoped
public class BridgePublisher {

    public static final String SOURCE = "/media-bridge";

    private final MutinyEmitter<Event> emitter;

    BridgePublisher(
            @Channel("events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192) MutinyEmitter<Event> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(Event event, String... idParts) {
        return emitter.sendMessage(KafkaCloudEvents.toMessage(CloudEvent.of(SOURCE, event, Instant.now(), idParts)));
    }
}
