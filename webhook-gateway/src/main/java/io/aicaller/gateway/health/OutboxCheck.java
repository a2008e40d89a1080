package io.aicaller.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.gateway.messaging.EventPublisher;

/**
 * Reports the events waiting in the local outbox for the broker. Still ready while they wait: webhooks are accepted
 * durably; only a full outbox refuses them (503, so Twilio's fallback URL takes over).
 */
@Readiness
@ApplicationScoped
public class OutboxCheck implements HealthCheck {

    private final EventPublisher publisher;

    OutboxCheck(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox").up().withData("waiting", publisher.waiting()).build();
    }
}
