package io.aicaller.events.kafka;

import java.util.Collection;
import java.util.Set;

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
        return Set.of(Topics.MESSAGES_OPT_OUTS);
    }
}
