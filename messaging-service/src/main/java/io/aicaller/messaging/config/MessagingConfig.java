package io.aicaller.messaging.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "messaging")
public interface MessagingConfig {

    /** Bearer token of {@code /api/*}, from {@code MESSAGING_API_TOKEN}. */
    Optional<String> apiToken();

    /** The webhook-gateway's public base URL: delivery reports go to its {@code sms-status} webhook. */
    Optional<String> gatewayPublicUrl();

    /** Sender when a request names neither {@code from} nor a Messaging Service. */
    Optional<String> defaultFrom();

    /** Messaging Service used when a request names no sender and no default number is configured. */
    Optional<String> messagingServiceSid();

    /** How many request outcomes and message statuses each replica keeps in memory (oldest forgotten first). */
    @WithDefault("100000")
    int remembered();

    /** How long a send waits at start for the opt-outs and past outcomes to be read before answering 503. */
    @WithDefault("15s")
    Duration startupWait();
}
