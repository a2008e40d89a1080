package io.aicaller.sandbox.local;

/**
 * The Twilio account the services use: the sandbox's emulated one unless given. A real one has no API base URL
 * (the services call api.twilio.com) and may have no API key (then the auth token authenticates REST calls too).
 */
public record TwilioAccount(String accountSid, String authToken, String apiKeySid, String apiKeySecret,
        String apiBaseUrl) {

    public static TwilioAccount emulated() {
        return new TwilioAccount(LocalSuite.ACCOUNT_SID, LocalSuite.AUTH_TOKEN, LocalSuite.API_KEY_SID,
                LocalSuite.API_KEY_SECRET, null);
    }

    boolean hasApiKey() {
        return apiKeySid != null && !apiKeySid.isBlank() && apiKeySecret != null && !apiKeySecret.isBlank();
    }
}
