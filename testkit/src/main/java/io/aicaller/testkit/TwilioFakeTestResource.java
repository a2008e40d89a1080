package io.aicaller.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;

import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioRestFake;

/**
 * The shared Kafka broker plus a Twilio REST fake for a service that calls Twilio: the service gets
 * {@code twilio.account-sid}, {@code twilio.auth-token} and {@code twilio.api-base-url} pointing at the fake, and the
 * test gets the fake in fields annotated {@link InjectTwilioFake} and the bootstrap servers in fields annotated
 * {@link InjectKafkaBootstrap}. Subclasses add their own configuration in {@link #configure}.
 */
public abstract class TwilioFakeTestResource extends KafkaTestResource {

    /** The fake's auth token, which the service is configured with. */
    public static final String AUTH_TOKEN = "twilio-fake-auth-token";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectTwilioFake {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectKafkaBootstrap {
    }

    private TwilioRestFake twilio;
    private String bootstrap;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        bootstrap = config.get("kafka.bootstrap.servers");
        beforeStart(bootstrap);
        twilio = TwilioRestFake.start(TwilioRequests.sid("AC"), AUTH_TOKEN);
        config.put("twilio.account-sid", twilio.accountSid());
        config.put("twilio.auth-token", AUTH_TOKEN);
        config.put("twilio.api-base-url", twilio.baseUrl());
        configure(config);
        return config;
    }

    /** Runs before the service starts, e.g. to leave records on topics as a previous run would have. */
    protected void beforeStart(String bootstrapServers) {
    }

    /** The service's own settings (API token, public URLs, ...). */
    protected abstract void configure(Map<String, String> config);

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(twilio, new TestInjector.AnnotatedAndMatchesType(InjectTwilioFake.class,
                TwilioRestFake.class));
        injector.injectIntoFields(bootstrap, new TestInjector.AnnotatedAndMatchesType(InjectKafkaBootstrap.class,
                String.class));
    }

    @Override
    public void stop() {
        if (twilio != null) {
            twilio.close();
        }
    }
}
