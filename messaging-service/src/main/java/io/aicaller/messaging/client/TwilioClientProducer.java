package io.aicaller.messaging.client;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.twilio.http.TwilioRestClient;

import io.aicaller.messaging.config.TwilioConfig;
import io.aicaller.support.twilio.TwilioClients;

/** The one twilio-java client of the service (never the static {@code Twilio.init}). */
public class TwilioClientProducer {

    @Produces
    @Singleton
    TwilioRestClient twilioRestClient(TwilioConfig config) {
        return TwilioClients.create(config.credentials(), config.apiBaseUrl());
    }
}
