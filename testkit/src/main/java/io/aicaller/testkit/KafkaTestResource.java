package io.aicaller.testkit;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Hands the test JVM's shared Kafka ({@link SharedKafka}) to the Quarkus application under test. The broker
 * outlives a single test class, so restarting Quarkus between classes does not restart Kafka. Subclasses name the
 * topics to create before the application starts, so consumers find them at once.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrapServers = SharedKafka.bootstrapServers();
        Collection<String> topics = topics();
        if (!topics.isEmpty()) {
            KafkaBroker.createTopics(bootstrapServers, compactedTopics(), topics.toArray(String[]::new));
        }
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quarkus.kafka.devservices.enabled", "false");
    }

    /** Topics to create before the application starts. */
    protected Collection<String> topics() {
        return List.of();
    }

    /** Which of {@link #topics()} are compacted. */
    protected Set<String> compactedTopics() {
        return Set.of();
    }

    @Override
    public void stop() {
        // The shared broker lives for the whole JVM; its shutdown hook stops it.
    }
}
