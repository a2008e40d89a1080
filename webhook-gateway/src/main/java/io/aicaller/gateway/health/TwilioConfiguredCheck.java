package io.aicaller.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.gateway.config.TwilioConfig;
import io.aicaller.gateway.service.WebhookGuard;
import io.aicaller.support.twilio.TwilioCredentials;

/**
 * Ready only with Twilio credentials: the auth token (no webhook can be verified without it) and REST credentials
 * (an API key, recommended, or the same auth token) for outbound calls and call control.
 */
@Readiness
@ApplicationScoped
public class TwilioConfiguredCheck implements HealthCheck {

    private final WebhookGuard guard;
    private final TwilioCredentials credentials;

    TwilioConfiguredCheck(WebhookGuard guard, TwilioConfig config) {
        this.guard = guard;
        this.credentials = config.credentials();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("twilio-credentials")
                .status(guard.configured() && credentials.restProblem().isEmpty())
                .withData("authToken", guard.configured())
                .withData("rest", credentials.usesApiKey() ? "api-key" : "auth-token")
                .withData("problem", credentials.restProblem().orElse("none"))
                .build();
    }
}
