package io.aicaller.bridge.support;

import io.aicaller.testkit.media.FakeRealtimeServer;

/** What a bridge test talks to besides the bridge: the fake model and the broker. */
public final class BridgeFakes {

    public static final String AUTH_TOKEN = "bridge-test-auth-token";
    public static final String PUBLIC_URL = "wss://bridge.test";
    public static final String OPENAI_KEY = "test-openai-key";
    public static final String FALLBACK_NUMBER = "+14155550142";

    public final FakeRealtimeServer model = FakeRealtimeServer.start();
    public final String bootstrapServers;

    BridgeFakes(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }
}
