package io.aicaller.messaging.support;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aicaller.events.Topics;
import io.aicaller.testkit.KafkaTestResource;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioRestFake;

/** The real broker and a Twilio REST fake (injected into fields annotated {@link InjectTwilio}). */
public class MessagingTestResource extends KafkaTestResource {

    public static final String AUTH_TOKEN = "messaging-test-token";
    public static final String API_TOKEN = "messaging-api-token";
    public static final String GATEWAY = "https://gateway.test";
    public static final String DEFAULT_FROM = "+14155550199";

    private TwilioRestFake twilio;
    private String bootstrap;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        bootstrap = config.get("kafka.bootstrap.servers");
        seed(bootstrap);
        twilio = TwilioRestFake.start(TwilioRequests.sid("AC"), AUTH_TOKEN);
        config.put("twilio.account-sid", twilio.accountSid());
        config.put("twilio.auth-token", AUTH_TOKEN);
        config.put("twilio.api-base-url", twilio.baseUrl());
        config.put("messaging.api-token", API_TOKEN);
        config.put("messaging.gateway-public-url", GATEWAY);
        config.put("messaging.default-from", DEFAULT_FROM);
        return config;
    }

    /** Records on the topics before the service starts, as a previous run would have left them. */
    protected void seed(String bootstrapServers) {
    }

    @Override
    protected Collection<String> topics() {
        return List.of(Topics.MESSAGES_SEND_REQUESTS, Topics.MESSAGES_EVENTS, Topics.MESSAGES_OPT_OUTS,
                Topics.dlq(Topics.MESSAGES_SEND_REQUESTS));
    }

    @Override
    protected Set<String> compactedTopics() {
        return Set.of(Topics.MESSAGES_OPT_OUTS);
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
