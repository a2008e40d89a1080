package io.aicaller.messaging.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.EventType;
import io.aicaller.events.OptOutChanged;
import io.aicaller.events.Topics;

/**
 * Who opted out of our messages: the compacted topic {@code messages.opt-outs.v1} (latest state per number) read
 * whole into memory at start, then followed, so every replica agrees and a restart forgets nothing. A change made
 * here is applied at once locally and published for the others.
 */
@Singleton
public class OptOuts extends TopicView {

    private final Map<String, OptOutChanged> byNumber = new ConcurrentHashMap<>();
    private final MessagingPublisher publisher;
    private final ObjectMapper json;

    OptOuts(MessagingPublisher publisher, ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        super(Topics.MESSAGES_OPT_OUTS, kafkaConfig);
        this.publisher = publisher;
        this.json = json;
    }

    @Override
    protected void apply(String ceType, String value) {
        if (EventType.fromCeType(ceType) == EventType.MESSAGE_OPT_OUT_CHANGED) {
            try {
                apply(json.readValue(value, OptOutChanged.class));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    public boolean isOptedOut(String number) {
        OptOutChanged state = byNumber.get(number);
        return state != null && state.optedOut();
    }

    public Optional<OptOutChanged> state(String number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    /** Records a change and publishes it; {@code cause} is the keyword or e.g. {@code twilio-21610}. */
    public OptOutChanged record(String number, boolean optedOut, String cause, String messageSid) {
        OptOutChanged change = new OptOutChanged(number, optedOut, cause, messageSid, Instant.now());
        apply(change);
        publisher.publish(change, number, String.valueOf(optedOut), cause,
                messageSid == null ? change.changedAt().toString() : messageSid);
        return change;
    }

    private void apply(OptOutChanged change) {
        // Records from the topic and local changes race; the later change wins.
        byNumber.merge(change.number(), change,
                (old, next) -> next.changedAt().isBefore(old.changedAt()) ? old : next);
    }
}
