package io.aicaller.messaging.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Twilio credentials ({@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}) and an optional API base URL. */
@ConfigMapping(prefix = "twilio")
public interface TwilioConfig {

    Optional<String> accountSid();

    Optional<String> authToken();

    /** Replaces {@code https://api.twilio.com}; for the sandbox and tests. */
    Optional<String> apiBaseUrl();
}
