package io.aicaller.bridge.websocket;

import static io.aicaller.bridge.websocket.MediaStreamTest.TIMEOUT;
import static io.aicaller.bridge.websocket.MediaStreamTest.frame;
import static io.aicaller.bridge.websocket.MediaStreamTest.params;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import io.aicaller.bridge.support.BridgeFakes;
import io.aicaller.bridge.support.BridgeTestResource;
import io.aicaller.bridge.support.InjectBridgeFakes;
import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.media.MediaStreamsCaller;

/** A pod being replaced: not ready, no new streams, live calls go on until the grace runs out. */
@QuarkusTest
@TestProfile(DrainTest.Draining.class)
@WithTestResource(BridgeTestResource.class)
class DrainTest {

    /** Its own application instance: draining cannot be undone. */
    public static class Draining implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.drain-grace", "1s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @InjectBridgeFakes
    BridgeFakes fakes;

    @Inject
    CallRegistry registry;

    @Test
    void drainingRefusesNewStreamsKeepsLiveCallsAndEndsThemAfterTheGrace() {
        String url = "ws://" + base.getHost() + ":" + base.getPort() + MediaStreamTest.PATH;
        String signed = BridgeFakes.PUBLIC_URL + MediaStreamTest.PATH;
        try (MediaStreamsCaller live = MediaStreamsCaller.connect(url, signed, BridgeFakes.AUTH_TOKEN)) {
            live.start(params(live, "quiet"));
            live.media(frame(0x21));
            live.await(c -> c.received("media").size() == 1, TIMEOUT, "echo before draining");

            registry.beginDrain();

            given().get("/q/health/ready").then().statusCode(503);
            assertThatThrownBy(() -> MediaStreamsCaller.connect(url, signed, BridgeFakes.AUTH_TOKEN))
                    .isInstanceOfSatisfying(MediaStreamsCaller.UpgradeRefused.class,
                            e -> assertThat(e.status()).isEqualTo(503));
            live.media(frame(0x22));
            live.await(c -> c.received("media").size() == 2, TIMEOUT, "the live call still served");

            registry.endRemaining();
            live.awaitClosed(TIMEOUT);
            try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                    Topics.CALLS_LIFECYCLE)) {
                var ended = reader.await(1, TIMEOUT, e -> live.callSid().equals(e.subject())
                        && EventType.CALL_STREAM_ENDED.ceType().equals(e.type())).get(0);
                assertThat(ended.json().path("reason").asText()).isEqualTo("drain");
            }
        }
    }
}
