package io.aicaller.gateway.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

import io.aicaller.support.twilio.TwilioCredentials;

/** Twilio credentials: {@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}, ... from the environment. */
@ConfigMapping(prefix = "twilio")
public interface TwilioConfig {

    Optional<String> accountSid();

    /** Signs webhooks and authenticates REST calls. */
    Optional<String> authToken();

    /** Tokens still accepted on webhooks while a rotation is under way. */
    Optional<List<String>> previousAuthTokens();

    /** {@code TWILIO_API_KEY_SID}: with its secret, REST calls use this API key instead of the auth token. */
    Optional<String> apiKeySid();

    /** {@code TWILIO_API_KEY_SECRET}. */
    Optional<String> apiKeySecret();

    default TwilioCredentials credentials() {
        return new TwilioCredentials(accountSid(), authToken(), apiKeySid(), apiKeySecret());
    }

    /** Replaces {@code https://api.twilio.com} (and the other Twilio API hosts); for the sandbox and tests. */
    Optional<String> apiBaseUrl();
}
