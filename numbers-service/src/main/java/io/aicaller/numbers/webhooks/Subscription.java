package io.aicaller.numbers.webhooks;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A business's event webhook: where events go ({@code url}), which ones ({@code events}: type names such as
 * {@code call.ended} or prefixes such as {@code message.*}) and the key they are signed with: {@code secret} itself,
 * or {@code secretEnv}, the environment variable of the numbers-service that holds it (Helm values name a Secret's
 * key, never the value). As stored; answers leave the secret out ({@link SubscriptionView}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subscription(String id, String url, List<String> events, String description, String secret,
        String secretEnv, boolean enabled, String disabledReason, Instant createdAt, Instant updatedAt) {

    public Subscription {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public Subscription disabled(String reason, Instant at) {
        return new Subscription(id, url, events, description, secret, secretEnv, false, reason, createdAt, at);
    }

    /** The signing key now: the stored secret, or the named variable's value (null when it is not set). */
    public byte[] signingKey(java.util.function.Function<String, String> environment) {
        String key = secret != null ? secret : secretEnv != null ? environment.apply(secretEnv) : null;
        return key == null || key.isEmpty() ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** True when the settings a user controls are the same (a declared subscription that needs no new write). */
    public boolean sameSettings(Subscription other) {
        return url.equals(other.url) && events.equals(other.events)
                && java.util.Objects.equals(description, other.description)
                && java.util.Objects.equals(secret, other.secret)
                && java.util.Objects.equals(secretEnv, other.secretEnv) && enabled == other.enabled;
    }
}
