package io.aicaller.numbers.client;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.twilio.http.TwilioRestClient;

import io.aicaller.numbers.config.TwilioConfig;

/** The one twilio-java client of the service (never the static {@code Twilio.init}). */
public class TwilioClientProducer {

    @Produces
    @Singleton
    TwilioRestClient twilioRestClient(TwilioConfig config) {
        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(
                config.accountSid().orElse("ACnotconfigured"),
                config.authToken().orElse("not-configured"));
        config.apiBaseUrl()
                .filter(url -> !url.isBlank())
                .ifPresent(url -> builder.httpClient(new BaseUrlHttpClient(url)));
        return builder.build();
    }
}
