package io.aicaller.gateway.support;

import io.aicaller.testkit.KafkaBroker;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioRestFake;

/** The fakes one gateway test JVM talks to; created by {@link GatewayTestResource}. */
public final class GatewayFakes {

    public static final String AUTH_TOKEN = "test-auth-token-" + TwilioRequests.sid("");
    public static final String PREVIOUS_AUTH_TOKEN = "previous-auth-token";
    public static final String PUBLIC_BASE_URL = "https://gateway.test";
    public static final String API_TOKEN = "test-api-token";

    public final TwilioRestFake twilio = TwilioRestFake.start(TwilioRequests.sid("AC"), AUTH_TOKEN);
    public final SmallHttpFake bridgeHealth = new SmallHttpFake();
    public final SmallHttpFake chat = new SmallHttpFake();
    /** The text model of post-call analysis. */
    public final SmallHttpFake analysisModel = new SmallHttpFake();
    public final String bootstrapServers;
    /** The embedded broker, for fault tests; null when the tests run against an external one. */
    public final KafkaBroker broker;

    GatewayFakes(String bootstrapServers, KafkaBroker broker) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
    }

    void close() {
        twilio.close();
        bridgeHealth.close();
        chat.close();
        analysisModel.close();
    }
}
