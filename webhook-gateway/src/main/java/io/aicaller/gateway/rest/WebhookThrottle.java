package io.aicaller.gateway.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.twilio.RefusalBudget;
import io.aicaller.gateway.twilio.SourceAddress;

/**
 * Turns away, before the body is read or a signature computed, webhooks from a source address that has spent its
 * budget of refused requests (429 with Retry-After; the connection is kept, which measured cheaper than closing it). Runs on the event loop: a map lookup.
 */
@ApplicationScoped
public class WebhookThrottle {

    static final String WEBHOOKS = "/webhooks/twilio/";

    private final RefusalBudget budget;
    private final SourceAddress sources;
    private final Counter throttled;

    WebhookThrottle(GatewayConfig config, MeterRegistry metrics) {
        GatewayConfig.WebhookLimits limits = config.webhookLimits();
        this.budget = new RefusalBudget(limits.refusalBurst(), limits.refusalsPerSecond(), limits.addresses());
        this.sources = new SourceAddress(config.trustedProxies().orElse(List.of()));
        this.throttled = metrics.counter("gateway.webhooks.throttled");
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    private void filter(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!request.path().startsWith(WEBHOOKS)) {
            context.next();
            return;
        }
        String source = source(request);
        long now = System.nanoTime();
        if (source != null && budget.exhausted(source, now)) {
            throttled.increment();
            context.response()
                    .setStatusCode(429)
                    .putHeader("Retry-After", String.valueOf(Math.max(1, budget.retryAfterSeconds(source, now))))
                    .end("Too many refused webhooks from this address");
            return;
        }
        context.next();
    }

    /** A webhook from this request's source was refused: it spends one unit of the source's budget. */
    public void refused(HttpServerRequest request) {
        String source = source(request);
        if (source != null) {
            budget.refused(source, System.nanoTime());
        }
    }

    /** Whether the request came through a configured trusted proxy. */
    public boolean viaTrustedProxy(String peer) {
        return peer != null && sources.isTrusted(peer);
    }

    /**
     * The address a budget is kept for; null for a trusted proxy that named nobody behind it (throttling the proxy
     * would throttle everyone behind it).
     */
    private String source(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String source = sources.of(peer, request.getHeader("X-Forwarded-For"));
        return source == null || sources.isTrusted(source) ? null : source;
    }
}
