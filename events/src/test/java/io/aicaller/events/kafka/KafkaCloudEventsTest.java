package io.aicaller.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.EventJson;
import io.aicaller.events.EventType;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;

/**
 * Every event type goes through the SmallRye Kafka connector in CloudEvents binary mode to a real broker and comes
 * back intact: read raw (headers, key, JSON value) and through the connector's incoming CloudEvents metadata.
 */
@QuarkusTest
@QuarkusTestResource(value = EventTopicsResource.class, restrictToAnnotatedClass = true)
class KafkaCloudEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Instant TIME = Instant.parse("2026-11-24T14:03:07.125Z");

    @Inject
    EventRelay relay;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyEventTypeRoundTripsThroughTheBrokerWithItsHeaders() throws Exception {
        String run = UUID.randomUUID().toString();
        for (EventType type : EventType.values()) {
            Event sample = EventJson.mapper()
                    .treeToValue(
                            EventJson.mapper().readTree(getClass().getResourceAsStream(type.sampleResource())),
                            type.recordClass());
            CloudEvent<Event> event = CloudEvent.of("/events-test", sample, TIME, run, type.shortName());
            relay.publish(event).await().atMost(TIMEOUT);

            assertReadAsWritten(event, type);
        }
    }

    @Test
    void republishingTheSameFactCarriesTheSameIdempotencyKey() {
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        var ended = new io.aicaller.events.CallEnded(callSid, "completed", 12, null, TIME);
        for (int i = 0; i < 3; i++) {
            relay.publish(CloudEvent.of("/events-test", ended, Instant.now(), callSid, "completed"))
                    .await()
                    .atMost(TIMEOUT);
        }
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrapServers, ended.eventType().topic())) {
            List<ReceivedEvent> events = reader.await(3, TIMEOUT, e -> callSid.equals(e.subject()));
            assertThat(events).extracting(ReceivedEvent::id).containsOnly(events.get(0).id());
        }
    }

    @Test
    void aPlainProducerWritesWhatTheChannelWritesAndConsumersReadItAlike() throws Exception {
        String run = UUID.randomUUID().toString();
        try (KafkaEventSender sender = new KafkaEventSender(Map.of("bootstrap.servers", bootstrapServers),
                "events-test", Duration.ofSeconds(4), Duration.ZERO, 1, EventJson.mapper())) {
            assertThat(sender.warm(EventType.CALL_RECEIVED.topic(), TIMEOUT)).isTrue();
            for (EventType type : EventType.values()) {
                Event sample = EventJson.mapper()
                        .treeToValue(
                                EventJson.mapper().readTree(getClass().getResourceAsStream(type.sampleResource())),
                                type.recordClass());
                CloudEvent<Event> event = CloudEvent.of("/events-test", sample, TIME, run, "plain", type.shortName());
                // Metadata of every topic is not fetched yet: an unready send is refused at once, never waited for.
                Boolean sent = sender.apply(event).get(10, java.util.concurrent.TimeUnit.SECONDS);
                if (!sent) {
                    assertThat(sender.warm(type.topic(), TIMEOUT)).isTrue();
                    sent = sender.apply(event).get(10, java.util.concurrent.TimeUnit.SECONDS);
                }
                assertThat(sent).as(type.shortName()).isTrue();

                assertReadAsWritten(event, type);
            }
        }
    }

    @Test
    void aPlainProducerWithoutABrokerRefusesAtOnceInsteadOfHoldingTheCaller() throws Exception {
        int closed = io.aicaller.testkit.FreePorts.next();
        try (KafkaEventSender sender = new KafkaEventSender(Map.of("bootstrap.servers", "127.0.0.1:" + closed),
                "events-test", Duration.ofSeconds(4), Duration.ZERO, 1, EventJson.mapper())) {
            var ended = new io.aicaller.events.CallEnded("CA" + UUID.randomUUID().toString().replace("-", ""),
                    "completed", 12, null, TIME);
            long started = System.nanoTime();
            java.util.concurrent.CompletableFuture<Boolean> sent = sender.apply(
                    CloudEvent.of("/events-test", ended, TIME, "no-broker"));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(sent.get(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
            assertThat(tookMs).as("the caller's thread was held").isLessThan(1000);
            assertThat(sender.warm(ended.eventType().topic(), Duration.ofMillis(300))).isFalse();
        }
    }

    /** Read raw (headers, key, JSON value) and through the connector's incoming CloudEvents metadata: intact. */
    private void assertReadAsWritten(CloudEvent<Event> event, EventType type) throws Exception {
        Event sample = event.data();
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrapServers, type.topic())) {
            ReceivedEvent raw = reader.await(1, TIMEOUT, e -> event.id().equals(e.id())).get(0);
            assertThat(raw.key()).isEqualTo(sample.subject());
            assertThat(raw.subject()).isEqualTo(sample.subject());
            assertThat(raw.type()).isEqualTo(type.ceType());
            assertThat(raw.source()).isEqualTo("/events-test");
            assertThat(raw.header("ce_specversion")).isEqualTo("1.0");
            assertThat(Instant.parse(raw.header("ce_time"))).isEqualTo(TIME);
            assertThat(raw.header("content-type")).isEqualTo("application/json");
            assertThat(raw.json())
                    .isEqualTo(EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(sample)));
            assertThat(raw.as(EventJson.mapper(), type.recordClass())).isEqualTo(sample);
        }
        EventRelay.Consumed consumed = awaitConsumed(event.id());
        assertThat(consumed.event()).isEqualTo(sample);
        assertThat(consumed.metadata().getType()).isEqualTo(type.ceType());
        assertThat(consumed.metadata().getSubject()).contains(sample.subject());
        assertThat(consumed.metadata().getSource()).isEqualTo(URI.create("/events-test"));
        assertThat(consumed.metadata().getTimeStamp()).map(t -> t.toInstant()).contains(TIME);
    }

    private EventRelay.Consumed awaitConsumed(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<EventRelay.Consumed> match = relay.consumed()
                    .stream()
                    .filter(c -> id.equals(c.metadata().getId()))
                    .findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Connector never delivered event " + id + "; consumed " + relay.consumed().size());
    }
}
