package io.aicaller.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the {@link Warmup} is done: the first caller of a fresh pod gets a warm gateway. */
@Readiness
@ApplicationScoped
public class WarmupCheck implements HealthCheck {

    private final Warmup warmup;

    WarmupCheck(Warmup warmup) {
        this.warmup = warmup;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warmup").status(warmup.done()).withData("tookMs", warmup.tookMs()).build();
    }
}
