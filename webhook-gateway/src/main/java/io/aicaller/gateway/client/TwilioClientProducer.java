package io.aicaller.gateway.client;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.twilio.http.TwilioRestClient;

import io.aicaller.gateway.config.TwilioConfig;

/** The one twilio-java client of the service (never the static {@code Twilio.init}). */
public class TwilioClientProducer {

    @Produces
    @Singleton
    TwilioRestClient twilioRestClient(TwilioConfig config) {
        // Without credentials the client still builds; every call then fails with Twilio's 401, and the
        // readiness check reports the missing configuration.
        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(
                config.accountSid().orElse("ACnotconfigured"),
                config.authToken().orElse("not-configured"));
        config.apiBaseUrl()
                .filter(url -> !url.isBlank())
                .ifPresent(url -> builder.httpClient(new BaseUrlHttpClient(url)));
        return builder.build();
    }
}
