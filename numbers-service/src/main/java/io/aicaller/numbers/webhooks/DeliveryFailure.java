package io.aicaller.numbers.webhooks;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The latest failed attempt of one delivery, as the failures API lists it. {@code state}: {@code retrying} (another
 * attempt at {@code nextAttemptAt}), {@code delivered} (a later attempt succeeded), {@code dead-lettered} (given up
 * after the retry period, or its subscription disabled), {@code refused} (the receiver answered 3xx/4xx) or
 * {@code gone} (410: the subscription was disabled).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryFailure(String subscriptionId, String eventId, String eventType, String subject,
        int attempts, Instant at, String error, String state, Instant nextAttemptAt) {
}
