package io.aicaller.messaging.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.messaging.config.TwilioConfig;
import io.aicaller.support.twilio.TwilioCredentials;

/** Ready only with Twilio credentials for REST calls (an API key or the auth token): without them every send fails. */
@Readiness
@ApplicationScoped
public class TwilioConfiguredCheck implements HealthCheck {

    private final TwilioCredentials credentials;

    TwilioConfiguredCheck(TwilioConfig config) {
        this.credentials = config.credentials();
    }

    @Override
    public HealthCheckResponse call() {
        Optional<String> problem = credentials.restProblem();
        return HealthCheckResponse.named("twilio-credentials")
                .status(problem.isEmpty())
                .withData("auth", credentials.usesApiKey() ? "api-key" : "auth-token")
                .withData("problem", problem.orElse("none"))
                .build();
    }
}
