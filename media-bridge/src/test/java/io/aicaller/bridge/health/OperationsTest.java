package io.aicaller.bridge.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.bridge.support.BridgeFakes;
import io.aicaller.bridge.support.BridgeTestResource;
import io.aicaller.bridge.support.InjectBridgeFakes;
import io.aicaller.testkit.media.FakeModelSession;
import io.aicaller.testkit.media.MediaStreamsCaller;

@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class OperationsTest {

    @TestHTTPResource("/")
    URL base;

    @InjectBridgeFakes
    BridgeFakes fakes;

    @Test
    void readinessAndTheActiveCallsGaugeFollowLiveCalls() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("media-bridge"));
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller caller = MediaStreamsCaller.connect(
                "ws://" + base.getHost() + ":" + base.getPort() + "/webhooks/twilio/media",
                BridgeFakes.PUBLIC_URL + "/webhooks/twilio/media", BridgeFakes.AUTH_TOKEN)) {
            caller.start();
            FakeModelSession model = fakes.model.awaitSession(Duration.ofSeconds(10));
            model.await(m -> !m.received("session.update").isEmpty(), Duration.ofSeconds(10), "session");
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("bridge_calls_active(\\{[^}]*\\})? [1-9]");
            caller.stop();
        }
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("bridge_frames_total"))
                .body(containsString("bridge_turn_latency_seconds"));
    }
}
