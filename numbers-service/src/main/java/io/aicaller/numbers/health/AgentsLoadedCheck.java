package io.aicaller.numbers.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.numbers.messaging.AgentStore;

/** Not ready until every agent is read: before that an update would be checked against a stale version. */
@Readiness
@ApplicationScoped
public class AgentsLoadedCheck implements HealthCheck {

    private final AgentStore agents;

    AgentsLoadedCheck(AgentStore agents) {
        this.agents = agents;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("agents-loaded")
                .status(agents.isLoaded())
                .withData("agents", agents.all().size())
                .build();
    }
}
