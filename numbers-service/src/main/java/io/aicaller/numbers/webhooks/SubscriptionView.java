package io.aicaller.numbers.webhooks;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A subscription as the API shows it: never its secret ({@code secretSet} says whether it has one), except
 * {@code secret} in the answer that generated it, shown once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(String id, String url, List<String> events, String description, boolean secretSet,
        String secretEnv, boolean enabled, String disabledReason, Instant createdAt, Instant updatedAt,
        String secret) {

    public static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.id(), s.url(), s.events(), s.description(), s.secret() != null, s.secretEnv(),
                s.enabled(), s.disabledReason(), s.createdAt(), s.updatedAt(), null);
    }

    public static SubscriptionView withGeneratedSecret(Subscription s) {
        SubscriptionView v = of(s);
        return new SubscriptionView(v.id, v.url, v.events, v.description, true, v.secretEnv, v.enabled,
                v.disabledReason, v.createdAt, v.updatedAt, s.secret());
    }
}
