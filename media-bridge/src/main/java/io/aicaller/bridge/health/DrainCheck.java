package io.aicaller.bridge.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.bridge.websocket.CallRegistry;

/** Not ready while draining, so the load balancer stops sending new streams; reports the live calls. */
@Readiness
@ApplicationScoped
public class DrainCheck implements HealthCheck {

    private final CallRegistry calls;

    DrainCheck(CallRegistry calls) {
        this.calls = calls;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("media-bridge")
                .status(!calls.draining())
                .withData("activeCalls", calls.active())
                .withData("draining", calls.draining())
                .build();
    }
}
