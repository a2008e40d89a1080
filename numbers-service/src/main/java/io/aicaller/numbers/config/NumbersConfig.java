package io.aicaller.numbers.config;

import java.nio.file.Path;
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
