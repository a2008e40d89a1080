package io.aicaller.messaging.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.aicaller.events.kafka.KafkaCloudEvents;

/**
 * Reads a whole topic, from its first record and then as it grows, into a replica's memory: every replica holds the
 * same table and a restarted one rebuilds it. No consumer group: each reader is assigned every partition. "Caught up"
 * means every record that existed when the reader started has been applied.
 */
final class TopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicReader.class);

    private final String topic;
    private final Map<String, Object> kafkaConfig;
    private final BiConsumer<String, String> apply;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;

    /** {@code apply} gets each record's CloudEvents type and JSON value. */
    TopicReader(String topic, Map<String, Object> kafkaConfig, BiConsumer<String, String> apply) {
        this.topic = topic;
        this.kafkaConfig = kafkaConfig;
        this.apply = apply;
        this.thread = new Thread(this::run, "topic-reader-" + topic);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        while (!closed) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties())) {
                consumer = kafka;
                read(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warnf("Reading %s failed, starting over: %s", topic, e.toString());
                sleep(1000);
            }
        }
    }

    private void read(KafkaConsumer<String, String> kafka) {
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty()) {
            var infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
            partitions = infos == null ? List.of()
                    : infos.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            if (partitions.isEmpty()) {
                sleep(500);
            }
        }
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(kafka.endOffsets(partitions));
        while (!closed) {
            for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                Header type = record.headers().lastHeader(KafkaCloudEvents.HEADER_TYPE);
                if (type == null || record.value() == null) {
                    continue;
                }
                try {
                    apply.accept(new String(type.value(), StandardCharsets.UTF_8), record.value());
                } catch (RuntimeException e) {
                    LOG.debugf("Skipped an unreadable record of %s at offset %d: %s", topic, record.offset(), e);
                }
            }
            if (!isCaughtUp()) {
                end.entrySet().removeIf(e -> kafka.position(e.getKey()) >= e.getValue());
                if (end.isEmpty()) {
                    caughtUp.countDown();
                }
            }
        }
    }

    private Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.keySet().removeIf(key -> key.startsWith("devservices") || key.startsWith("snappy"));
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "reader-" + topic);
        return properties;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
