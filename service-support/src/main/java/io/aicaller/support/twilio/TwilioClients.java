package io.aicaller.support.twilio;

import java.util.Optional;
import java.util.function.Supplier;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;

/** The services' shared way to build and call twilio-java: one client per service, errors sorted for retrying. */
public final class TwilioClients {

    private TwilioClients() {
    }

    /**
     * A client for the account, authenticated with its API key when one is set, else with the auth token;
     * {@code apiBaseUrl} replaces {@code https://<product>.twilio.com} (sandbox, tests). Without credentials it still
     * builds: every call then fails with Twilio's 401.
     */
    public static TwilioRestClient create(TwilioCredentials credentials, Optional<String> apiBaseUrl) {
        String account = credentials.accountSid().orElse("ACnotconfigured");
        TwilioRestClient.Builder builder = credentials.usesApiKey()
                ? new TwilioRestClient.Builder(credentials.apiKeySid().get(), credentials.apiKeySecret().get())
                        .accountSid(account)
                : new TwilioRestClient.Builder(account, credentials.authToken().orElse("not-configured"));
        builder.httpClient(
                apiBaseUrl.filter(url -> !url.isBlank()).<com.twilio.http.HttpClient>map(BaseUrlHttpClient::new)
                        .orElseGet(SingleAttemptHttpClient::new));
        return builder.build();
    }

    /**
     * Runs one twilio-java request. 429, 5xx and connection failures become {@link TwilioUnavailableException}
     * (worth retrying with backoff); other refusals {@link TwilioApiException} with Twilio's code.
     */
    public static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ApiConnectionException e) {
            throw new TwilioUnavailableException(0, null, "Twilio unreachable: " + e.getMessage());
        } catch (ApiException e) {
            int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
            if (status == 429 || status >= 500) {
                throw new TwilioUnavailableException(status, e.getCode(), e.getMessage());
            }
            throw new TwilioApiException(status, e.getCode(), e.getMessage());
        }
    }
}
