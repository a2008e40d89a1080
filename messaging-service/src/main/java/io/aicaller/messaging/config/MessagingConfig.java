package io.aicaller.messaging.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
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

    /**
     * Where events wait, durably, while the broker cannot take them: a message Twilio accepted is answered 201 once
     * its event is here, and the event is published, in order and with its id, when the broker is back.
     */
    Outbox outbox();

    interface Outbox {
        /** A directory on a volume (the chart's emptyDir under /tmp by default). */
        @WithDefault("${java.io.tmpdir}/ai-caller-messaging-outbox")
        String directory();

        /** Beyond this much waiting, sends are refused with 503 before Twilio is called. */
        @WithDefault("64M")
        MemorySize maxSize();
    }
}
