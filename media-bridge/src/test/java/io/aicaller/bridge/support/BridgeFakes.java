package io.aicaller.bridge.support;

import java.net.URL;
import java.time.Duration;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.media.FakeRealtimeServer;
import io.aicaller.testkit.media.MediaStreamsCaller;

/** What a bridge test talks to besides the bridge: the fake model and the broker. */
public final class BridgeFakes {

    public static final String AUTH_TOKEN = "bridge-test-auth-token";
    public static final String PUBLIC_URL = "wss://bridge.test";
    public static final String OPENAI_KEY = "test-openai-key";
    public static final String FALLBACK_NUMBER = "+14155550142";
    public static final String PATH = "/webhooks/twilio/media";
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    public final FakeRealtimeServer model = FakeRealtimeServer.start();
    public final String bootstrapServers;

    BridgeFakes(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A Media Stream to the bridge under test, its upgrade signed as Twilio would. */
    public static MediaStreamsCaller call(URL base) {
        return MediaStreamsCaller.connect("ws://" + base.getHost() + ":" + base.getPort() + PATH, PUBLIC_URL + PATH,
                AUTH_TOKEN);
    }

    /** The first command published for a call (hang-up, transfer). */
    public ReceivedEvent command(String callSid) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrapServers, Topics.CALLS_COMMANDS)) {
            return reader.await(1, TIMEOUT, e -> callSid.equals(e.subject())).get(0);
        }
    }

    /** The call's {@code call.stream-ended}. */
    public ReceivedEvent streamEnded(String callSid) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrapServers, Topics.CALLS_LIFECYCLE)) {
            return reader.await(1, TIMEOUT, e -> callSid.equals(e.subject())
                    && EventType.CALL_STREAM_ENDED.ceType().equals(e.type())).get(0);
        }
    }
}
