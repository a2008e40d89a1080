package io.aicaller.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.gateway.config.TwilioConfig;
import io.aicaller.gateway.service.WebhookGuard;

/** Ready only with Twilio credentials: without an auth token no webhook can be verified. */
@Readiness
@ApplicationScoped
public class TwilioConfiguredCheck implements HealthCheck {

    private final WebhookGuard guard;
    private final boolean accountSid;

    TwilioConfiguredCheck(WebhookGuard guard, TwilioConfig config) {
        this.guard = guard;
        this.accountSid = config.accountSid().filter(s -> !s.isBlank()).isPresent();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("twilio-credentials")
                .status(guard.configured() && accountSid)
                .withData("authToken", guard.configured())
                .withData("accountSid", accountSid)
                .build();
    }
}
