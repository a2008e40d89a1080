package io.aicaller.messaging.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.messaging.config.TwilioConfig;

/** Ready only with Twilio credentials: without them every send would fail. */
@Readiness
@ApplicationScoped
public class TwilioConfiguredCheck implements HealthCheck {

    private final boolean accountSid;
    private final boolean authToken;

    TwilioConfiguredCheck(TwilioConfig config) {
        this.accountSid = config.accountSid().filter(s -> !s.isBlank()).isPresent();
        this.authToken = config.authToken().filter(s -> !s.isBlank()).isPresent();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("twilio-credentials")
                .status(accountSid && authToken)
                .withData("accountSid", accountSid)
                .withData("authToken", authToken)
                .build();
    }
}
