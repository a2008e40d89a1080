package io.aicaller.messaging.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

import io.aicaller.support.twilio.TwilioCredentials;

/** Twilio credentials ({@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}) and an optional API base URL. */
@ConfigMapping(prefix = "twilio")
public interface TwilioConfig {

    Optional<String> accountSid();

    Optional<String> authToken();

    /** {@code TWILIO_API_KEY_SID}: with its secret, REST calls use this API key instead of the auth token. */
    Optional<String> apiKeySid();

    /** {@code TWILIO_API_KEY_SECRET}. */
    Optional<String> apiKeySecret();

    default TwilioCredentials credentials() {
        return new TwilioCredentials(accountSid(), authToken(), apiKeySid(), apiKeySecret());
    }

    /** Replaces {@code https://api.twilio.com}; for the sandbox and tests. */
    Optional<String> apiBaseUrl();
}
