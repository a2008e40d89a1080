package io.aicaller.numbers.config;

import java.util.Optional;

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

    interface Purchase {
        /** Buying costs money: off unless switched on. */
        @WithDefault("false")
        boolean enabled();

        /** Purchases are refused once the account owns this many numbers. */
        @WithDefault("10")
        int maxOwned();
    }
}
