package io.aicaller.events.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;

/**
 * Sends CloudEvents with a plain Kafka producer (binary mode, the same headers and JSON value the SmallRye channels
 * write), for a hot path where a channel's per-message machinery costs more than the send: the caller's thread
 * appends the record and the producer's own thread batches it. Safe on an event loop with {@code maxBlock} zero: a
 * send that cannot be appended at once (no metadata for its topic yet, the buffer full in a long outage) completes
 * false instead of waiting, so a {@link DurablePublisher} keeps the event in its outbox.
 */
public final class KafkaEventSender
        implements
            Function<CloudEvent<? extends Event>, CompletableFuture<Boolean>>,
            AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private volatile boolean closed;

    /**
     * @param deliveryTimeout how long the producer tries a record before giving it up (completes false)
     * @param maxBlock the longest a send may hold the caller's thread
     * @param lingerMs how long the producer waits to fill a batch
     */
    public KafkaEventSender(Map<String, Object> kafkaConfig, String clientId, Duration deliveryTimeout,
            Duration maxBlock, int lingerMs, ObjectMapper json) {
        Map<String, Object> properties = KafkaClients.producer(kafkaConfig, clientId, deliveryTimeout);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(properties);
        this.json = json;
    }

    /** Completes true once the broker acknowledged the event, false once it cannot be or was not. */
    @Override
    public CompletableFuture<Boolean> apply(CloudEvent<? extends Event> event) {
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        try {
            byte[] value = json.writeValueAsBytes(event.data());
            producer.send(KafkaCloudEvents.record(event, value), (metadata, failure) -> sent.complete(failure == null));
        } catch (KafkaException | JsonProcessingException | IllegalStateException e) {
            sent.complete(false); // not appended in time (metadata, buffer) or the producer is closed
        }
        return sent;
    }

    /** Fetches the topic's metadata ahead of the first event, retrying (within {@code timeout}) while the broker starts. */
    public boolean warm(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic); // asks for the metadata; waits at most maxBlock for it
                return true;
            } catch (KafkaException | IllegalStateException e) {
                if (closed || System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        producer.close(Duration.ofSeconds(5));
    }
}
