package io.aicaller.numbers.support;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.aicaller.events.Topics;
import io.aicaller.testkit.KafkaTestResource;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioRestFake;

/** The real broker and a Twilio REST fake, injected into fields annotated {@link InjectTwilio}. */
public class NumbersTestResource extends KafkaTestResource {

    public static final String AUTH_TOKEN = "numbers-test-token";
    public static final String API_TOKEN = "numbers-api-token";
    public static final String GATEWAY = "https://gateway.test";

    private TwilioRestFake twilio;
    private String bootstrap;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        bootstrap = config.get("kafka.bootstrap.servers");
        twilio = TwilioRestFake.start(TwilioRequests.sid("AC"), AUTH_TOKEN);
        config.put("twilio.account-sid", twilio.accountSid());
        config.put("twilio.auth-token", AUTH_TOKEN);
        config.put("twilio.api-base-url", twilio.baseUrl());
        config.put("numbers.api-token", API_TOKEN);
        config.put("numbers.gateway-public-url", GATEWAY);
        return config;
    }

    @Override
    protected Collection<String> topics() {
        return Topics.ALL;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(twilio, new TestInjector.AnnotatedAndMatchesType(InjectTwilio.class,
                TwilioRestFake.class));
        injector.injectIntoFields(bootstrap, new TestInjector.AnnotatedAndMatchesType(InjectBootstrap.class,
                String.class));
    }

    @Override
    public void stop() {
        if (twilio != null) {
            twilio.close();
        }
    }
}
