package io.aicaller.events.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Writes the records of a compacted state topic (the latest value per key wins; a null value deletes), with the
 * CloudEvents headers readers expect, and waits until the broker has them (acks=all, idempotent). Blocking: call from
 * worker threads. Created lazily, so a service whose broker is down still starts.
 */
public final class StateTopicWriter implements AutoCloseable {

    /** The broker did not take the record in time: nothing is claimed to be stored. */
    public static class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }

    private static final Logger LOG = Logger.getLogger(StateTopicWriter.class);

    private final String topic;
    private final String source;
    private final Map<String, Object> kafkaConfig;
    private final Duration timeout;
    private volatile KafkaProducer<String, String> producer;
    private volatile ScheduledExecutorService later;

    /** @param source the CloudEvents source, e.g. {@code /numbers-service} */
    public StateTopicWriter(String topic, String source, Map<String, Object> kafkaConfig, Duration timeout) {
        this.topic = topic;
        this.source = source;
        this.kafkaConfig = kafkaConfig;
        this.timeout = timeout;
    }

    /** Writes {@code value} (null: a tombstone) under {@code key}, typed {@code ceType}; returns once acknowledged. */
    public void put(String key, String ceType, String value) {
        ProducerRecord<String, String> record = KafkaCloudEvents.record(topic, null, key, ceType, source, value);
        try {
            producer().send(record).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("writing to " + topic + " was interrupted");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new Unavailable("writing to " + topic + " failed: " + (e.getCause() != null ? e.getCause() : e));
        }
    }

    /**
     * Writes in the background, and again with backoff (up to a minute apart) until the broker takes it: for state a
     * caller already acts on (an outcome known here, a deletion scheduled) that must reach the topic eventually.
     */
    public void putLater(String key, String ceType, String value) {
        background().execute(() -> putRetrying(key, ceType, value, 0));
    }

    private void putRetrying(String key, String ceType, String value, int attempt) {
        try {
            put(key, ceType, value);
        } catch (Unavailable e) {
            if (attempt == 0) {
                LOG.warnf("%s of %s could not be stored yet (%s); retrying", key, topic, e.getMessage());
            }
            background().schedule(() -> putRetrying(key, ceType, value, attempt + 1),
                    Math.min(60, 1L << Math.min(attempt, 6)), TimeUnit.SECONDS);
        }
    }

    private ScheduledExecutorService background() {
        ScheduledExecutorService executor = later;
        if (executor == null) {
            synchronized (this) {
                if (later == null) {
                    later = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread thread = new Thread(r, "state-writer-retry-" + topic);
                        thread.setDaemon(true);
                        return thread;
                    });
                }
                executor = later;
            }
        }
        return executor;
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> properties = KafkaClients.producer(kafkaConfig, "state-writer-" + topic,
                            timeout);
                    producer = new KafkaProducer<>(properties);
                }
                p = producer;
            }
        }
        return p;
    }

    @Override
    public void close() {
        ScheduledExecutorService executor = later;
        if (executor != null) {
            executor.shutdownNow();
        }
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
