package io.aicaller.bridge.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.bridge.websocket.Warmup;

/** Not ready until the warm-up has run: a pod is given calls the moment it is Ready. */
@Readiness
@ApplicationScoped
public class WarmupCheck implements HealthCheck {

    private final Warmup warmup;

    WarmupCheck(Warmup warmup) {
        this.warmup = warmup;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warmup")
                .status(warmup.done())
                .withData("tookMs", warmup.tookMs())
                .withData("framesBack", warmup.framesEchoed())
                .build();
    }
}
