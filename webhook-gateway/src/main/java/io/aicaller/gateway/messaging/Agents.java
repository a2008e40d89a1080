package io.aicaller.gateway.messaging;

import java.util.Map;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.agents.AgentsReader;

/**
 * The agents of {@code agents.definitions.v1}, followed by the gateway for what Twilio does before the Media Stream
 * (an agent's disclosure, its recording). Not a readiness condition: while the topic is not read yet (the broker
 * away at start), calls are answered without either, as for an agent that asks for neither.
 */
public class Agents {

    @Produces
    @Singleton
    @Startup
    AgentsReader agents(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        AgentsReader reader = new AgentsReader(kafkaConfig);
        reader.start();
        return reader;
    }

    void close(@Disposes AgentsReader reader) {
        reader.close();
    }
}
