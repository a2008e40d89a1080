package io.aicaller.numbers.webhooks;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One event owed to one subscription, as kept on the pending topic until it is delivered or given up.
 * {@code orderKey} is the event's subject (the call, message or number): one subscription gets one call's events in
 * order. {@code event} is the structured-mode CloudEvent, the exact body that is posted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingDelivery(String subscriptionId, String eventId, String eventType, String orderKey, String event,
        int attempts, Instant firstAttemptAt, Instant nextAttemptAt, String lastError) {

    public static PendingDelivery of(String subscriptionId, StructuredEvent event, Instant now) {
        return new PendingDelivery(subscriptionId, event.id(), event.type(), event.subject(), event.json(), 0, null,
                now, null);
    }

    /** The pending topic's key: one record per subscription and event, so a duplicate replaces itself. */
    public String key() {
        return key(subscriptionId, eventId);
    }

    public static String key(String subscriptionId, String eventId) {
        return subscriptionId + "/" + eventId;
    }

    /** What decides the partition, so that one owner holds all of a subscription's events of one call. */
    public String partitionKey() {
        return subscriptionId + "|" + orderKey;
    }

    /** After a failed attempt made at {@code at}: tried again at {@code next}. */
    public PendingDelivery failed(Instant at, String error, Instant next) {
        return new PendingDelivery(subscriptionId, eventId, eventType, orderKey, event, attempts + 1,
                firstAttemptAt == null ? at : firstAttemptAt, next, error);
    }
}
