package io.aicaller.numbers.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import io.aicaller.events.Topics;
import io.aicaller.numbers.webhooks.PendingDelivery;
import io.aicaller.numbers.webhooks.SubscriptionLane;
import io.aicaller.numbers.webhooks.SubscriptionRules;

/**
 * Reads the pending topic's partitions this replica is given: each from its start, so what was owed before a restart
 * or a move is owed again here (the latest record per key, tombstones dropping what was done), then as it grows.
 * Hands what is owed and what was taken away to the dispatcher. Runs on the consumer's thread.
 */
final class PendingReader {

    private final Consumer<List<SubscriptionLane.Item>> owed;
    private final Consumer<Set<Integer>> revoked;

    PendingReader(Consumer<List<SubscriptionLane.Item>> owed, Consumer<Set<Integer>> revoked) {
        this.owed = owed;
        this.revoked = revoked;
    }

    /** A partition being read up to the end it had when it was assigned. */
    private static final class Restore {
        final TopicPartition partition;
        final long end;
        final Map<String, PendingDelivery> latest = new LinkedHashMap<>();

        Restore(TopicPartition partition, long end) {
            this.partition = partition;
            this.end = end;
        }

        void apply(String key, PendingDelivery delivery) {
            if (delivery == null) {
                latest.remove(key);
            } else {
                latest.put(key, delivery);
            }
        }

        List<SubscriptionLane.Item> items() {
            return latest.values().stream().map(d -> new SubscriptionLane.Item(d, partition.partition())).toList();
        }
    }

    void read(KafkaConsumer<String, String> kafka) {
        Map<Integer, Restore> restoring = new HashMap<>();
        kafka.subscribe(List.of(Topics.WEBHOOKS_PENDING), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                Set<Integer> lost = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
                lost.forEach(restoring::remove);
                revoked.accept(lost);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                kafka.seekToBeginning(partitions);
                kafka.endOffsets(partitions).forEach((p, end) -> restoring.put(p.partition(), new Restore(p, end)));
            }
        });
        while (true) {
            for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
                Restore restore = restoring.get(record.partition());
                PendingDelivery delivery = record.value() == null ? null : parse(record.value());
                if (restore != null) {
                    restore.apply(record.key(), delivery);
                } else if (delivery != null) {
                    owed.accept(List.of(new SubscriptionLane.Item(delivery, record.partition())));
                }
            }
            restoring.values().removeIf(restore -> {
                if (kafka.position(restore.partition) < restore.end) {
                    return false;
                }
                owed.accept(restore.items());
                return true;
            });
        }
    }

    private static PendingDelivery parse(String json) {
        try {
            return SubscriptionRules.json().readValue(json, PendingDelivery.class);
        } catch (Exception e) {
            return null;
        }
    }
}
