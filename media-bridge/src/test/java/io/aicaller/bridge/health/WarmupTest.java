package io.aicaller.bridge.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import io.aicaller.bridge.support.BridgeFakes;
import io.aicaller.bridge.support.BridgeTestResource;
import io.aicaller.bridge.support.InjectBridgeFakes;
import io.aicaller.events.Topics;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.media.FakeModelSession;
import io.aicaller.testkit.media.MediaStreamsCaller;

/**
 * A fresh bridge runs calls through itself before it reports Ready, and they leave no trace: no real model session,
 * no event, no call in the metrics. (The other tests run with the warm-up off.)
 */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
@TestProfile(WarmupTest.WarmupOn.class)
class WarmupTest {

    public static class WarmupOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.warmup.calls", "4", "bridge.warmup.duration", "1s", "bridge.input-batch", "60ms");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @InjectBridgeFakes
    BridgeFakes fakes;

    @jakarta.inject.Inject
    io.vertx.core.Vertx vertx;

    @Test
    void theWarmUpRunsFramesThroughTheBridgeBeforeReadyAndLeavesNoTrace() {
        JsonPath ready = null;
        for (long until = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < until;) {
            ready = given().get("/q/health/ready").then().extract().jsonPath();
            if ("UP".equals(ready.getString("status"))) {
                break;
            }
            sleep(100);
        }
        assertThat(ready.getString("status")).isEqualTo("UP");
        Map<String, Object> warmup = ready.getMap("checks.find { it.name == 'warmup' }.data");
        // Four calls for a second at a frame per 2 ms: thousands of frames came back as agent audio.
        assertThat(((Number) warmup.get("framesBack")).longValue()).isGreaterThan(500);
        assertThat(fakes.model.upgradeAttempts()).as("the real model was never called").isZero();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContainPattern("bridge_frames_total\\{[^}]*\\} [1-9]");

        // A real call afterwards: its events are published; the warm-up's calls have none before it.
        try (MediaStreamsCaller caller = BridgeFakes.call(base)) {
            caller.start();
            FakeModelSession model = fakes.model.awaitSession(BridgeFakes.TIMEOUT);
            model.await(m -> !m.received("session.update").isEmpty(), BridgeFakes.TIMEOUT, "session");
            caller.stop();
            fakes.streamEnded(caller.callSid());
        }
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            List<ReceivedEvent> events = reader.readFor(Duration.ofSeconds(2), e -> true);
            assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.subject()).doesNotStartWith("CA0000"));
        }
    }

    @Test
    void anUpgradeWithAGuessedWarmUpHeaderIsStillRefusedWithoutASignature() throws Exception {
        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient();
        try {
            var attempt = client.connect(new io.vertx.core.http.WebSocketConnectOptions().setHost(base.getHost())
                    .setPort(base.getPort())
                    .setURI(BridgeFakes.PATH)
                    .addHeader("X-AiCaller-Warmup", "00000000-0000-0000-0000-000000000000"))
                    .toCompletionStage()
                    .toCompletableFuture();
            assertThat(attempt).failsWithin(BridgeFakes.TIMEOUT)
                    .withThrowableThat()
                    .havingRootCause()
                    .isInstanceOfSatisfying(io.vertx.core.http.UpgradeRejectedException.class,
                            e -> assertThat(e.getStatus()).isEqualTo(401));
        } finally {
            client.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
