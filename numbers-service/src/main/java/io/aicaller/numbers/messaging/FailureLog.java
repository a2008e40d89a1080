package io.aicaller.numbers.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.Topics;
import io.aicaller.events.kafka.TopicReader;
import io.aicaller.numbers.webhooks.DeliveryFailure;
import io.aicaller.numbers.webhooks.SubscriptionRules;

/**
 * The latest failed deliveries per subscription, whichever replica attempted them: every replica follows
 * {@value Topics#WEBHOOKS_FAILURES} and keeps the last {@value #KEPT} per subscription.
 */
@Singleton
public class FailureLog {

    static final int KEPT = 100;

    private final Map<String, LinkedHashMap<String, DeliveryFailure>> bySubscription = new HashMap<>();
    private final TopicReader reader;

    FailureLog(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.reader = new TopicReader(Topics.WEBHOOKS_FAILURES, kafkaConfig, this::apply);
    }

    void start(@Observes StartupEvent start) {
        reader.start();
    }

    @PreDestroy
    void stop() {
        reader.close();
    }

    private synchronized void apply(String key, String ceType, String value) {
        if (value == null) {
            return;
        }
        DeliveryFailure failure;
        try {
            failure = SubscriptionRules.json().readValue(value, DeliveryFailure.class);
        } catch (Exception e) {
            return;
        }
        LinkedHashMap<String, DeliveryFailure> latest = bySubscription.computeIfAbsent(failure.subscriptionId(),
                id -> new LinkedHashMap<>());
        latest.remove(key);
        latest.put(key, failure);
        if (latest.size() > KEPT) {
            latest.remove(latest.keySet().iterator().next());
        }
    }

    /** The latest first, at most {@code limit}: what every replica had recorded when this was called. */
    public List<DeliveryFailure> latest(String subscriptionId, int limit) {
        if (!reader.syncWithin(AgentStore.TIMEOUT)) {
            throw new StoreUnavailable("webhook-failures", "reading " + Topics.WEBHOOKS_FAILURES + " timed out");
        }
        List<DeliveryFailure> failures;
        synchronized (this) {
            failures = new ArrayList<>(bySubscription.getOrDefault(subscriptionId, new LinkedHashMap<>()).values());
        }
        Collections.reverse(failures);
        return failures.subList(0, Math.min(limit, failures.size()));
    }

    public synchronized void forget(String subscriptionId) {
        bySubscription.remove(subscriptionId);
    }
}
