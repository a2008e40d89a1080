package io.aicaller.gateway.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import io.aicaller.gateway.config.GatewayConfig;

/**
 * Whether calls can be streamed to the media-bridge: streaming is enabled and, when a bridge health URL is set, the
 * bridge answered its last readiness probe with 2xx. Calls otherwise get the Gather fallback.
 */
@ApplicationScoped
public class MediaBridgeAvailability {

    private static final Logger LOG = Logger.getLogger(MediaBridgeAvailability.class);

    private final boolean enabled;
    private final Optional<String> healthUrl;
    private final Duration interval;
    private final Vertx vertx;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean bridgeUp = true;
    private long timerId = -1;

    MediaBridgeAvailability(GatewayConfig config, Vertx vertx) {
        this.enabled = config.streaming().enabled();
        this.healthUrl = config.streaming().bridgeHealthUrl().filter(url -> !url.isBlank());
        this.interval = config.streaming().bridgeHealthInterval();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (enabled && healthUrl.isPresent()) {
            probe();
            timerId = vertx.setPeriodic(interval.toMillis(), id -> probe());
        }
    }

    @PreDestroy
    void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    public boolean streamingAvailable() {
        return enabled && bridgeUp;
    }

    private void probe() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(healthUrl.get()))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean up = failure == null && response.statusCode() / 100 == 2;
            if (up != bridgeUp) {
                LOG.infof("media-bridge is %s; calls are answered with %s", up ? "up" : "down",
                        up ? "streaming" : "the Gather fallback");
            }
            bridgeUp = up;
        });
    }
}
