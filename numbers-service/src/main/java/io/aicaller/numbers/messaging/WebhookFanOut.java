package io.aicaller.numbers.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.kafka.ConsumerLoop;
import io.aicaller.events.kafka.KafkaClients;
import io.aicaller.events.kafka.KafkaCloudEvents;
import io.aicaller.numbers.config.NumbersConfig;
import io.aicaller.numbers.webhooks.EventPatterns;
import io.aicaller.numbers.webhooks.PendingDelivery;
import io.aicaller.numbers.webhooks.StructuredEvent;
import io.aicaller.numbers.webhooks.Subscription;

/**
 * Reads the business-facing event topics once across replicas (one consumer group) and, for each event and each
 * enabled subscription that wants it, writes a pending delivery; the offsets are committed only once the broker
 * holds them, so an event is never lost between here and the dispatcher, and never waits for a receiver.
 */
@Singleton
public class WebhookFanOut {

    static final String GROUP = "ai-caller-webhooks-fanout";
    /** Clock skew tolerated between the service that stamped an event and the one that created a subscription. */
    private static final Duration SKEW = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(WebhookFanOut.class);

    private final SubscriptionStore subscriptions;
    private final WebhookRecords records;
    private final boolean enabled;
    private final ConsumerLoop loop;

    WebhookFanOut(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, SubscriptionStore subscriptions,
            WebhookRecords records, NumbersConfig config) {
        this.subscriptions = subscriptions;
        this.records = records;
        this.enabled = config.webhooks().enabled();
        Map<String, Object> properties = KafkaClients.consumer(kafkaConfig, GROUP, "webhook-fan-out");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.loop = new ConsumerLoop("webhook-fan-out", properties, this::awaitSubscriptions, this::consume);
    }

    void start(@Observes StartupEvent start) {
        if (enabled) {
            loop.start();
        }
    }

    @PreDestroy
    void stop() {
        loop.close();
    }

    private void awaitSubscriptions() throws InterruptedException {
        while (!loop.isClosed() && !subscriptions.awaitLoaded(Duration.ofSeconds(5))) {
            LOG.debug("Waiting for the subscriptions before fanning events out");
        }
    }

    /** A failure commits nothing: the batch is read again (a duplicate pending record replaces itself). */
    private void consume(KafkaConsumer<String, String> kafka) {
        kafka.subscribe(EventPatterns.SOURCE_TOPICS);
        while (true) {
            ConsumerRecords<String, String> batch = kafka.poll(Duration.ofMillis(500));
            if (!batch.isEmpty()) {
                fanOut(batch);
                kafka.commitSync();
            }
        }
    }

    private void fanOut(ConsumerRecords<String, String> batch) {
        // Subscriptions written before these events were read count, whichever replica wrote them.
        subscriptions.sync();
        List<Subscription> all = subscriptions.all().stream().filter(Subscription::enabled).toList();
        if (all.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (ConsumerRecord<String, String> record : batch) {
            StructuredEvent event = StructuredEvent.from(header(record, KafkaCloudEvents.HEADER_ID),
                    header(record, KafkaCloudEvents.HEADER_TYPE), header(record, KafkaCloudEvents.HEADER_SOURCE),
                    header(record, KafkaCloudEvents.HEADER_SUBJECT), header(record, KafkaCloudEvents.HEADER_TIME),
                    record.value());
            if (event == null) {
                continue;
            }
            Instant happened = event.time() != null ? event.time() : Instant.ofEpochMilli(record.timestamp());
            for (Subscription subscription : all) {
                if (EventPatterns.matchesAny(subscription.events(), event.shortName())
                        && !happened.isBefore(subscription.createdAt().minus(SKEW))) {
                    writes.add(records.pending(PendingDelivery.of(subscription.id(), event, now)));
                }
            }
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (Exception e) {
            throw new IllegalStateException("pending deliveries not stored: " + e, e);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
