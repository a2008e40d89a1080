package io.aicaller.agents;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.aicaller.events.Topics;
import io.aicaller.events.kafka.TopicReader;

/**
 * Every agent on {@value Topics#AGENTS_DEFINITIONS}, read whole into this replica's memory and followed: what each
 * service that needs agents holds. A service is ready once {@link #isLoaded()}.
 */
public final class AgentsReader implements AutoCloseable {

    private final AgentCatalog catalog = new AgentCatalog();
    private final TopicReader reader;

    public AgentsReader(Map<String, Object> kafkaConfig) {
        this.reader = new TopicReader(Topics.AGENTS_DEFINITIONS, kafkaConfig, catalog::apply);
    }

    public void start() {
        reader.start();
    }

    public boolean isLoaded() {
        return reader.isCaughtUp();
    }

    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return reader.awaitCaughtUp(timeout);
    }

    /** Waits until every record written before the call has been read; false if not within the timeout. */
    public boolean syncWithin(Duration timeout) {
        return reader.syncWithin(timeout);
    }

    public Optional<AgentDefinition> get(String name) {
        return catalog.get(name);
    }

    public List<AgentDefinition> all() {
        return catalog.all();
    }

    @Override
    public void close() {
        reader.close();
    }
}
