package io.aicaller.bridge.messaging;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.EventType;
import io.aicaller.events.OptOutChanged;
import io.aicaller.events.Topics;
import io.aicaller.events.kafka.TopicReader;

/**
 * Who replied STOP, from {@code messages.opt-outs.v1} (read whole and followed): the agent's {@code send_sms} to
 * such a number fails at once with a reason the model can say, instead of "sent" followed by a silent refusal.
 * The messaging-service still refuses it on its own; this only tells the caller the truth.
 */
@Singleton
public class OptOutList {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Set<String> optedOut = ConcurrentHashMap.newKeySet();
    private final TopicReader reader;

    OptOutList(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.reader = new TopicReader(Topics.MESSAGES_OPT_OUTS, kafkaConfig, this::apply);
    }

    void start(@Observes StartupEvent start) {
        reader.start();
    }

    @PreDestroy
    void stop() {
        reader.close();
    }

    private void apply(String key, String ceType, String value) {
        if (value == null || EventType.fromCeType(ceType) != EventType.MESSAGE_OPT_OUT_CHANGED) {
            return;
        }
        try {
            OptOutChanged change = JSON.readValue(value, OptOutChanged.class);
            if (change.optedOut()) {
                optedOut.add(change.number());
            } else {
                optedOut.remove(change.number());
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public boolean isOptedOut(String number) {
        return number != null && optedOut.contains(number);
    }
}
