package io.aicaller.numbers.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.Topics;
import io.aicaller.events.kafka.KafkaClients;
import io.aicaller.events.kafka.KafkaCloudEvents;
import io.aicaller.numbers.webhooks.DeliveryFailure;
import io.aicaller.numbers.webhooks.PendingDelivery;
import io.aicaller.numbers.webhooks.SubscriptionRules;

/**
 * Writes the webhook records (pending deliveries, their tombstones, dead letters, failures) without waiting: each
 * write answers a future completed once the broker has it (acks=all, idempotent).
 */
@Singleton
public class WebhookRecords {

    static final String PENDING = "io.aicaller.webhook.pending.v1";
    static final String DEAD_LETTERED = "io.aicaller.webhook.dead-lettered.v1";
    static final String FAILED = "io.aicaller.webhook.failed.v1";

    private final Map<String, Object> kafkaConfig;
    private volatile KafkaProducer<String, String> producer;
    private volatile int pendingPartitions;

    WebhookRecords(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    public CompletableFuture<Void> pending(PendingDelivery delivery) {
        return send(Topics.WEBHOOKS_PENDING, partition(delivery), delivery.key(), PENDING,
                SubscriptionRules.toJson(delivery));
    }

    /** The delivery is done: compaction forgets it, a restarted owner does not send it again. */
    public CompletableFuture<Void> done(PendingDelivery delivery) {
        return send(Topics.WEBHOOKS_PENDING, partition(delivery), delivery.key(), PENDING, null);
    }

    public CompletableFuture<Void> deadLetter(PendingDelivery delivery) {
        return send(Topics.dlq(Topics.WEBHOOKS_PENDING), null, delivery.key(), DEAD_LETTERED,
                SubscriptionRules.toJson(delivery));
    }

    public CompletableFuture<Void> failure(DeliveryFailure failure) {
        return send(Topics.WEBHOOKS_FAILURES, null, PendingDelivery.key(failure.subscriptionId(), failure.eventId()),
                FAILED, SubscriptionRules.toJson(failure));
    }

    /** Same partition as the default partitioner would pick for the subscription and call. */
    private Integer partition(PendingDelivery delivery) {
        int partitions = pendingPartitions;
        if (partitions == 0) {
            partitions = producer().partitionsFor(Topics.WEBHOOKS_PENDING).size();
            pendingPartitions = partitions;
        }
        return Utils.toPositive(Utils.murmur2(delivery.partitionKey().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private CompletableFuture<Void> send(String topic, Integer partition, String key, String ceType, String value) {
        ProducerRecord<String, String> record = KafkaCloudEvents.record(topic, partition, key, ceType,
                "/numbers-service", value);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer().send(record, (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> properties = KafkaClients.producer(kafkaConfig, "webhook-records",
                            Duration.ofSeconds(30));
                    properties.put(ProducerConfig.LINGER_MS_CONFIG, 2);
                    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
                    producer = new KafkaProducer<>(properties);
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
