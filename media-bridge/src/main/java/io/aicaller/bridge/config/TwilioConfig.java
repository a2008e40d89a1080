package io.aicaller.bridge.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code TWILIO_AUTH_TOKEN} (and previous tokens during a rotation): the bridge only checks signatures. */
@ConfigMapping(prefix = "twilio")
public interface TwilioConfig {

    Optional<String> authToken();

    Optional<List<String>> previousAuthTokens();
}
