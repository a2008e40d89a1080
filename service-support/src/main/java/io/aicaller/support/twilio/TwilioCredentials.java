package io.aicaller.support.twilio;

import java.util.Optional;

/**
 * How a service authenticates its REST calls to Twilio: with an API key ({@code TWILIO_API_KEY_SID} and
 * {@code TWILIO_API_KEY_SECRET}, with the account SID), as Twilio recommends for production, or with the account's
 * auth token. The auth token is still what webhook signatures are checked with, so only the services that check
 * signatures need it once a key is set.
 */
public record TwilioCredentials(Optional<String> accountSid, Optional<String> authToken, Optional<String> apiKeySid,
        Optional<String> apiKeySecret) {

    public TwilioCredentials {
        accountSid = present(accountSid);
        authToken = present(authToken);
        apiKeySid = present(apiKeySid);
        apiKeySecret = present(apiKeySecret);
    }

    /** Both halves of an API key are set: REST calls use it instead of the auth token. */
    public boolean usesApiKey() {
        return apiKeySid.isPresent() && apiKeySecret.isPresent();
    }

    /** Why REST calls cannot authenticate, or empty when they can; never contains a secret. */
    public Optional<String> restProblem() {
        if (accountSid.isEmpty()) {
            return Optional.of("TWILIO_ACCOUNT_SID is not set");
        }
        if (apiKeySid.isPresent() != apiKeySecret.isPresent()) {
            return Optional.of("an API key needs both TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET");
        }
        if (apiKeySid.isPresent() && !apiKeySid.get().matches("SK[0-9a-fA-F]{32}")) {
            return Optional.of("TWILIO_API_KEY_SID is not an API key SID (SK followed by 32 hex digits)");
        }
        if (!usesApiKey() && authToken.isEmpty()) {
            return Optional.of("set TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET (recommended) or TWILIO_AUTH_TOKEN");
        }
        return Optional.empty();
    }

    private static Optional<String> present(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(v -> !v.isBlank());
    }
}
