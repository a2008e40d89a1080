package io.aicaller.bridge.messaging;

import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentsReader;

/**
 * The agents of {@code agents.definitions.v1}, read whole at start and followed: a change is on the next call,
 * without a restart. The bridge is not ready until it has read them all.
 */
@Singleton
public class AgentsConsumer {

    private final AgentsReader reader;

    AgentsConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.reader = new AgentsReader(kafkaConfig);
    }

    void start(@Observes StartupEvent start) {
        reader.start();
    }

    @PreDestroy
    void stop() {
        reader.close();
    }

    public boolean isLoaded() {
        return reader.isLoaded();
    }

    public int size() {
        return reader.all().size();
    }

    public Optional<AgentDefinition> get(String name) {
        return reader.get(name);
    }
}
