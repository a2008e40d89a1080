package io.aicaller.bridge.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.bridge.messaging.AgentsConsumer;

/** Not ready until every agent is read: before that a call could get an old version or the default agent. */
@Readiness
@ApplicationScoped
public class AgentsLoadedCheck implements HealthCheck {

    private final AgentsConsumer agents;

    AgentsLoadedCheck(AgentsConsumer agents) {
        this.agents = agents;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("agents-loaded")
                .status(agents.isLoaded())
                .withData("agents", agents.size())
                .build();
    }
}
