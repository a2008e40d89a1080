package io.aicaller.numbers.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.agents.AgentCatalog;
import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.agents.AgentsReader;
import io.aicaller.events.Topics;
import io.aicaller.events.kafka.KafkaCloudEvents;

/**
 * The agents on {@value Topics#AGENTS_DEFINITIONS}: read whole at start and followed (every replica holds all of
 * them), written keyed by name, deleted with a tombstone. Blocking: call from worker threads.
 */
@Singleton
public class AgentStore {

    /** How long a write may wait for the broker, and a read for the topic's current end. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AgentsReader reader;
    private final Map<String, Object> kafkaConfig;
    private volatile KafkaProducer<String, String> producer;

    AgentStore(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
        this.reader = new AgentsReader(kafkaConfig);
    }

    void start(@Observes StartupEvent start) {
        reader.start();
    }

    @PreDestroy
    void stop() {
        reader.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    public boolean isLoaded() {
        return reader.isLoaded();
    }

    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return reader.awaitLoaded(timeout);
    }

    /** The agents as this replica knows them now. */
    public Optional<AgentDefinition> get(String name) {
        return reader.get(name);
    }

    public List<AgentDefinition> all() {
        return reader.all();
    }

    /** Waits until every write made before this call (by any replica) is in the table. */
    public void sync() {
        await(reader.sync(), "reading " + Topics.AGENTS_DEFINITIONS);
    }

    /** Writes the definition and returns once it is durable and visible here. */
    public void put(AgentDefinition agent) {
        send(agent.name(), AgentCatalog.DEFINED, AgentRules.toJson(agent));
    }

    public void delete(String name) {
        send(name, AgentCatalog.DELETED, null);
    }

    private void send(String name, String ceType, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.AGENTS_DEFINITIONS, name, value);
        header(record, KafkaCloudEvents.HEADER_ID, UUID.randomUUID().toString());
        header(record, KafkaCloudEvents.HEADER_TYPE, ceType);
        header(record, KafkaCloudEvents.HEADER_SOURCE, "/numbers-service");
        header(record, KafkaCloudEvents.HEADER_SUBJECT, name);
        header(record, KafkaCloudEvents.HEADER_SPEC_VERSION, "1.0");
        header(record, KafkaCloudEvents.HEADER_TIME, java.time.Instant.now().toString());
        if (value != null) {
            header(record, KafkaCloudEvents.HEADER_CONTENT_TYPE, "application/json");
        }
        await(producer().send(record), "writing to " + Topics.AGENTS_DEFINITIONS);
        sync();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> properties = new HashMap<>(kafkaConfig);
                    properties.keySet()
                            .removeIf(key -> key.startsWith("devservices") || key.startsWith("snappy")
                                    || key.startsWith("group."));
                    properties.put(ProducerConfig.ACKS_CONFIG, "all");
                    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
                    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT.toMillis());
                    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "agents-writer");
                    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    producer = new KafkaProducer<>(properties);
                }
                p = producer;
            }
        }
        return p;
    }

    private static <T> T await(java.util.concurrent.Future<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable(what + " was interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreUnavailable(what + " failed: " + (e.getCause() != null ? e.getCause() : e));
        }
    }

    /** The broker did not take or give back the agents in time: answered 503, nothing changed is claimed. */
    public static class StoreUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreUnavailable(String message) {
            super(message);
        }
    }
}
