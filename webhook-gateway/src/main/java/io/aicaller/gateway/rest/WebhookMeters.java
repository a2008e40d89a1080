package io.aicaller.gateway.rest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Each webhook's outcome ({@code gateway_webhooks_total{type,outcome}}) and the time the gateway took to answer it
 * ({@code gateway_webhook_answer_seconds{type}}, with buckets at the figures an operator alerts on: Twilio waits
 * 15 s, a caller hears silence long before). Resolved once, so a webhook costs two increments and no lookup.
 */
@ApplicationScoped
public class WebhookMeters {

    /** What became of a webhook. */
    public enum Outcome {
        OK,
        REFUSED,
        INVALID,
        FAILED;

        final String tag = name().toLowerCase();
    }

    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(15)};

    private final Map<String, Counter[]> outcomes = new HashMap<>();
    private final Map<String, Timer> answers = new HashMap<>();

    WebhookMeters(MeterRegistry registry) {
        for (String kind : TwilioWebhookRoutes.KINDS) {
            Counter[] counters = new Counter[Outcome.values().length];
            for (Outcome outcome : Outcome.values()) {
                counters[outcome.ordinal()] = registry.counter("gateway.webhooks", "type", kind, "outcome",
                        outcome.tag);
            }
            outcomes.put(kind, counters);
            answers.put(kind, Timer.builder("gateway.webhook.answer")
                    .description("Time from a Twilio webhook's arrival to the gateway's answer")
                    .tag("type", kind)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
    }

    public void count(String kind, Outcome outcome) {
        outcomes.get(kind)[outcome.ordinal()].increment();
    }

    public void answered(String kind, long nanos) {
        answers.get(kind).record(nanos, TimeUnit.NANOSECONDS);
    }
}
