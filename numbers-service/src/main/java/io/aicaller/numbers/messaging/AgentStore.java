package io.aicaller.numbers.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.agents.AgentCatalog;
import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.agents.AgentsReader;
import io.aicaller.events.Topics;
import io.aicaller.events.kafka.StateTopicWriter;

/**
 * The agents on {@value Topics#AGENTS_DEFINITIONS}: read whole at start and followed (every replica holds all of
 * them), written keyed by name, deleted with a tombstone. Blocking: call from worker threads.
 */
@Singleton
public class AgentStore {

    /** How long a write may wait for the broker, and a read for the topic's current end. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AgentsReader reader;
    private final StateTopicWriter writer;

    AgentStore(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.reader = new AgentsReader(kafkaConfig);
        this.writer = new StateTopicWriter(Topics.AGENTS_DEFINITIONS, "/numbers-service", kafkaConfig, TIMEOUT);
    }

    void start(@Observes StartupEvent start) {
        reader.start();
    }

    @PreDestroy
    void stop() {
        reader.close();
        writer.close();
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
        if (!reader.syncWithin(TIMEOUT)) {
            throw new StoreUnavailable("agents", "reading " + Topics.AGENTS_DEFINITIONS + " timed out");
        }
    }

    /** Writes the definition and returns once it is durable and visible here. */
    public void put(AgentDefinition agent) {
        send(agent.name(), AgentCatalog.DEFINED, AgentRules.toJson(agent));
    }

    public void delete(String name) {
        send(name, AgentCatalog.DELETED, null);
    }

    private void send(String name, String ceType, String value) {
        try {
            writer.put(name, ceType, value);
        } catch (StateTopicWriter.Unavailable e) {
            throw new StoreUnavailable("agents", e.getMessage());
        }
        sync();
    }
}
