package io.aicaller.numbers.messaging;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.Topics;
import io.aicaller.events.kafka.StateTopicWriter;
import io.aicaller.events.kafka.TopicReader;
import io.aicaller.numbers.webhooks.Subscription;
import io.aicaller.numbers.webhooks.SubscriptionRules;

/**
 * The webhook subscriptions on {@value Topics#WEBHOOKS_SUBSCRIPTIONS}: every replica reads them all and follows the
 * topic; written keyed by id, deleted with a tombstone. Blocking: call from worker threads.
 */
@Singleton
public class SubscriptionStore {

    static final String DEFINED = "io.aicaller.webhook.subscription.v1";
    static final String DELETED = "io.aicaller.webhook.subscription-deleted.v1";

    private final Map<String, Subscription> table = new ConcurrentHashMap<>();
    private final TopicReader reader;
    private final StateTopicWriter writer;

    SubscriptionStore(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.reader = new TopicReader(Topics.WEBHOOKS_SUBSCRIPTIONS, kafkaConfig, this::apply);
        this.writer = new StateTopicWriter(Topics.WEBHOOKS_SUBSCRIPTIONS, "/numbers-service", kafkaConfig,
                AgentStore.TIMEOUT);
    }

    void start(@Observes StartupEvent start) {
        reader.start();
    }

    @PreDestroy
    void stop() {
        reader.close();
        writer.close();
    }

    private void apply(String key, String ceType, String value) {
        Subscription subscription = value == null ? null : SubscriptionRules.readStored(value);
        if (subscription == null) {
            table.remove(key);
        } else {
            table.put(key, subscription);
        }
    }

    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return reader.awaitCaughtUp(timeout);
    }

    public boolean isLoaded() {
        return reader.isCaughtUp();
    }

    public Optional<Subscription> get(String id) {
        return Optional.ofNullable(table.get(id));
    }

    public List<Subscription> all() {
        return table.values().stream().sorted(Comparator.comparing(Subscription::id)).toList();
    }

    /** Waits until every write made before this call (by any replica) is in the table. */
    public void sync() {
        if (!reader.syncWithin(AgentStore.TIMEOUT)) {
            throw new AgentStore.StoreUnavailable("reading " + Topics.WEBHOOKS_SUBSCRIPTIONS + " timed out");
        }
    }

    /** Writes the subscription and returns once it is durable and visible here. */
    public void put(Subscription subscription) {
        send(subscription.id(), DEFINED, SubscriptionRules.toJson(subscription));
    }

    public void delete(String id) {
        send(id, DELETED, null);
    }

    private void send(String id, String ceType, String value) {
        try {
            writer.put(id, ceType, value);
        } catch (StateTopicWriter.Unavailable e) {
            throw new AgentStore.StoreUnavailable(e.getMessage());
        }
        sync();
    }
}
