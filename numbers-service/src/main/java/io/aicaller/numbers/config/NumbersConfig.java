package io.aicaller.numbers.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "numbers")
public interface NumbersConfig {

    Purchase purchase();

    /** The webhook-gateway's public base URL; numbers are pointed at its webhooks. */
    Optional<String> gatewayPublicUrl();

    /** Bearer token of {@code /api/*}, from {@code NUMBERS_API_TOKEN}. */
    Optional<String> apiToken();

    /** The agent profile of a number that was given none. */
    @WithDefault("default")
    String defaultProfile();

    Agents agents();

    /** Event webhooks to the business's systems. */
    Webhooks webhooks();

    interface Webhooks {
        /** Delivers webhooks from this replica (the subscriptions API works either way). */
        @WithDefault("true")
        boolean enabled();

        /**
         * A JSON file of subscriptions (an array, each with an {@code id}) applied at start-up, like the agents file:
         * Helm's {@code webhooks} values. Invalid entries stop the service, naming the subscription and field.
         */
        Optional<Path> file();

        /** Plain-http receivers on other hosts than this one (a test rig); https otherwise. */
        @WithDefault("false")
        boolean allowPlainHttp();

        /** How long one attempt may take, connecting included. */
        @WithDefault("10s")
        Duration timeout();

        /** Attempts in flight per subscription (of different calls; one call's events go one at a time). */
        @WithDefault("4")
        int concurrency();

        /** Deliveries held per subscription on one replica; beyond, new events are dead-lettered at once. */
        @WithDefault("10000")
        int maxPending();

        /** The first wait after a failure; each further one doubles, with jitter. */
        @WithDefault("5s")
        Duration retryInitial();

        @WithDefault("1h")
        Duration retryMaxInterval();

        /** How long a delivery is retried before it goes to the dead-letter topic. */
        @WithDefault("24h")
        Duration giveUpAfter();
    }

    /** Where events wait, durably, while the broker cannot take them (see the messaging-service's). */
    Outbox outbox();

    interface Outbox {
        @WithDefault("${java.io.tmpdir}/ai-caller-numbers-outbox")
        String directory();

        @WithDefault("16M")
        MemorySize maxSize();
    }

    interface Agents {
        /**
         * Agents the media-bridge has from its own configuration ({@code bridge.profiles}): numbers may be assigned
         * to them although they are not on the agents topic.
         */
        @WithDefault("default")
        List<String> builtIn();

        /**
         * A JSON file of agent definitions (an array) applied at start-up: an agent that differs from its stored
         * version is written as a new version. Invalid definitions stop the service, naming the field.
         */
        Optional<Path> file();
    }

    interface Purchase {
        /** Buying costs money: off unless switched on. */
        @WithDefault("false")
        boolean enabled();

        /** Purchases are refused once the account owns this many numbers. */
        @WithDefault("10")
        int maxOwned();
    }
}
