package io.aicaller.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads CloudEvents from one topic, from its first offset, without a consumer group (no rebalance to wait for).
 * Tests share a broker, so they pick their own events with a predicate, usually on the subject.
 */
public final class CloudEventReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final List<ReceivedEvent> seen = new ArrayList<>();

    private CloudEventReader(String bootstrapServers, String topic) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** A reader positioned at the start of {@code topic}; waits up to 30 s for the topic to exist. */
    public static CloudEventReader fromBeginning(String bootstrapServers, String topic) {
        CloudEventReader reader = new CloudEventReader(bootstrapServers, topic);
        try {
            reader.assignAll();
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private void assignAll() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        while (partitions == null || partitions.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
            sleep(100);
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toList());
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    /**
     * Waits until {@code count} events matching {@code filter} have been read and returns them in topic order.
     *
     * @throws AssertionError naming what was read, when fewer arrive within {@code timeout}
     */
    public List<ReceivedEvent> await(int count, Duration timeout, Predicate<ReceivedEvent> filter) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReceivedEvent> matching = matching(filter);
        while (matching.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " matching events on " + topic + " within " + timeout
                        + ", got " + matching.size() + ". Read so far: " + seen);
            }
            pollOnce();
            matching = matching(filter);
        }
        return matching.subList(0, count);
    }

    public List<ReceivedEvent> await(int count, Duration timeout) {
        return await(count, timeout, e -> true);
    }

    /** Reads for {@code window} and returns every matching event seen so far; for asserting that nothing came. */
    public List<ReceivedEvent> readFor(Duration window, Predicate<ReceivedEvent> filter) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            pollOnce();
        }
        return matching(filter);
    }

    private List<ReceivedEvent> matching(Predicate<ReceivedEvent> filter) {
        return seen.stream().filter(filter).collect(Collectors.toList());
    }

    private void pollOnce() {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            seen.add(new ReceivedEvent(record.topic(), record.partition(), record.offset(), record.key(),
                    headers(record), record.value()));
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
