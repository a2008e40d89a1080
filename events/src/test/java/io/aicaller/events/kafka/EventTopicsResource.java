package io.aicaller.events.kafka;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import io.aicaller.events.Topics;
import io.aicaller.testkit.KafkaTestResource;

/** The shared test broker with every ai-caller topic created. */
public class EventTopicsResource extends KafkaTestResource {

    @Override
    protected Collection<String> topics() {
        return Topics.ALL;
    }

    @Override
    protected Set<String> compactedTopics() {
        return Topics.ALL.stream().filter(Topics::isCompacted).collect(Collectors.toSet());
    }
}
