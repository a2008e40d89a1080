package io.aicaller.events.kafka;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.EventJson;
import io.aicaller.events.EventType;

/** A test application: publishes events the way services do and consumes them through the connector. */
@ApplicationScoped
public class EventRelay {

    record Consumed(IncomingCloudEventMetadata<?> metadata, Event event) {
    }

    private final MutinyEmitter<Event> emitter;
    private final List<Consumed> consumed = new CopyOnWriteArrayList<>();

    EventRelay(@Channel("events-out") MutinyEmitter<Event> emitter) {
        this.emitter = emitter;
    }

    /** Completes when the broker acknowledged the record. */
    Uni<Void> publish(CloudEvent<? extends Event> event) {
        return emitter.sendMessage(KafkaCloudEvents.toMessage(event));
    }

    List<Consumed> consumed() {
        return consumed;
    }

    @Incoming("events-in")
    CompletionStage<Void> consume(Message<String> message) {
        IncomingCloudEventMetadata<?> metadata = message.getMetadata(IncomingCloudEventMetadata.class).orElseThrow();
        Event event = Unchecked.supplier(() -> EventJson.mapper()
                .readValue(message.getPayload(),
                        EventType.fromCeType(metadata.getType()).recordClass()))
                .get();
        consumed.add(new Consumed(metadata, event));
        return message.ack();
    }
}
