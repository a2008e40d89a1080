package io.aicaller.numbers.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.Topics;
import io.aicaller.events.kafka.StateTable;
import io.aicaller.events.kafka.StateTopicWriter;
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
    private static final String STORE = "subscriptions";

    private final StateTable<Subscription> table;

    SubscriptionStore(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.table = new StateTable<>(Topics.WEBHOOKS_SUBSCRIPTIONS, "/numbers-service", kafkaConfig,
                AgentStore.TIMEOUT, SubscriptionRules::readStored);
    }

    void start(@Observes StartupEvent start) {
        table.start();
    }

    @PreDestroy
    void stop() {
        table.close();
    }

    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return table.awaitLoaded(timeout);
    }

    public boolean isLoaded() {
        return table.isLoaded();
    }

    public Optional<Subscription> get(String id) {
        return table.get(id);
    }

    /** By id. */
    public List<Subscription> all() {
        return table.rows();
    }

    /** Waits until every write made before this call (by any replica) is in the table. */
    public void sync() {
        try {
            table.sync();
        } catch (StateTopicWriter.Unavailable e) {
            throw new StoreUnavailable(STORE, e.getMessage());
        }
    }

    /** Writes the subscription and returns once it is durable and visible here. */
    public void put(Subscription subscription) {
        try {
            table.put(subscription.id(), DEFINED, SubscriptionRules.toJson(subscription));
        } catch (StateTopicWriter.Unavailable e) {
            throw new StoreUnavailable(STORE, e.getMessage());
        }
    }

    public void delete(String id) {
        try {
            table.delete(id, DELETED);
        } catch (StateTopicWriter.Unavailable e) {
            throw new StoreUnavailable(STORE, e.getMessage());
        }
    }
}
