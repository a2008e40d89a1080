package io.aicaller.numbers.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

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

    private final Map<String, Object> kafkaConfig;
    private final SubscriptionStore subscriptions;
    private final WebhookRecords records;
    private final boolean enabled;
    private final Thread thread = new Thread(this::run, "webhook-fan-out");
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;

    WebhookFanOut(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, SubscriptionStore subscriptions,
            WebhookRecords records, NumbersConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.subscriptions = subscriptions;
        this.records = records;
        this.enabled = config.webhooks().enabled();
        thread.setDaemon(true);
    }

    void start(@Observes StartupEvent start) {
        if (enabled) {
            thread.start();
        }
    }

    @PreDestroy
    void stop() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void run() {
        try {
            while (!closed && !subscriptions.awaitLoaded(Duration.ofSeconds(5))) {
                LOG.debug("Waiting for the subscriptions before fanning events out");
            }
        } catch (InterruptedException e) {
            return;
        }
        while (!closed) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties())) {
                consumer = kafka;
                kafka.subscribe(EventPatterns.SOURCE_TOPICS);
                while (!closed) {
                    ConsumerRecords<String, String> batch = kafka.poll(Duration.ofMillis(500));
                    if (!batch.isEmpty()) {
                        fanOut(batch);
                        kafka.commitSync();
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                // Nothing committed: the batch is read again from the last commit (duplicates replace themselves).
                LOG.warnf("Fanning events out to webhooks failed, reading again: %s", e.toString());
                sleep(1000);
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

    private Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.keySet().removeIf(key -> key.startsWith("devservices") || key.startsWith("snappy"));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "webhook-fan-out");
        return properties;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
