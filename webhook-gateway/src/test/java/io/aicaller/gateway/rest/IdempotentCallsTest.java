package io.aicaller.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.gateway.support.GatewayFakes;
import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.InjectFakes;
import io.aicaller.testkit.CloudEventReader;

/**
 * {@code POST /api/calls} with an Idempotency-Key never rings anyone twice: not on a retry, not when the broker is
 * down before Twilio is called (nothing is dialed, 503), and not when it goes down after Twilio accepted the call
 * (the caller gets the call, the event follows).
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class IdempotentCallsTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectFakes
    GatewayFakes fakes;

    @BeforeEach
    void clear() {
        fakes.twilio.clearRequests();
        fakes.twilio.clearScriptedErrors();
    }

    static RequestSpecification api(String key) {
        return given().auth()
                .oauth2(GatewayFakes.API_TOKEN)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key);
    }

    int dials() {
        return fakes.twilio.requests("POST", "/Calls.json").size();
    }

    @Test
    void aRetryAnswersTheFirstCallAndAnotherRequestUnderTheKeyIsRefused() {
        String key = UUID.randomUUID().toString();
        String sid = api(key).body(Map.of("to", "+14155550100"))
                .post("/api/calls")
                .then()
                .statusCode(201)
                .extract()
                .path("sid");
        Response again = api(key).body(Map.of("to", "+14155550100")).post("/api/calls");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.jsonPath().getString("sid")).isEqualTo(sid);
        api(key).body(Map.of("to", "+14155550101"))
                .post("/api/calls")
                .then()
                .statusCode(422)
                .body("error", equalTo("idempotency-key"));
        assertThat(dials()).isEqualTo(1);

        // A refusal is remembered too: the retry gets Twilio's answer again without asking Twilio.
        fakes.twilio.failNext("POST", "/Calls.json", 1, 400, 21217, "Phone number does not appear to be valid");
        String refusedKey = UUID.randomUUID().toString();
        api(refusedKey).body(Map.of("to", "+14155550102"))
                .post("/api/calls")
                .then()
                .statusCode(400)
                .body("twilioCode", equalTo(21217));
        api(refusedKey).body(Map.of("to", "+14155550102"))
                .post("/api/calls")
                .then()
                .statusCode(400)
                .body("twilioCode", equalTo(21217));
        assertThat(dials()).isEqualTo(2);
        api("bad key with spaces").body(Map.of("to", "+14155550100")).post("/api/calls").then().statusCode(400);
    }

    @Test
    void whileTheBrokerIsDownNothingIsDialedAndTheRetryDialsOnce() {
        Assumptions.assumeTrue(fakes.broker != null, "needs the embedded broker to stop it");
        String key = UUID.randomUUID().toString();
        fakes.broker.stop();
        try {
            api(key).body(Map.of("to", "+14155550103"))
                    .post("/api/calls")
                    .then()
                    .statusCode(503)
                    .body("message", containsString("nothing was done"));
            assertThat(dials()).isZero();
        } finally {
            fakes.broker.restart();
        }
        await().atMost(TIMEOUT)
                .until(() -> api(key).body(Map.of("to", "+14155550103"))
                        .post("/api/calls")
                        .statusCode() == 201);
        assertThat(dials()).isEqualTo(1);
    }

    @Test
    void whenTheBrokerFailsAfterTwilioAcceptedTheCallerGetsTheCallAndTheEventFollows() {
        Assumptions.assumeTrue(fakes.broker != null, "needs the embedded broker to stop it");
        AtomicBoolean armed = new AtomicBoolean(true);
        fakes.twilio.onCallCreated(call -> {
            if (armed.getAndSet(false)) {
                fakes.broker.stop(); // Twilio has created the call; Kafka goes away before call.dialed
            }
        });
        String key = UUID.randomUUID().toString();
        String sid;
        try {
            sid = api(key).body(Map.of("to", "+14155550104"))
                    .post("/api/calls")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("sid");
        } finally {
            fakes.broker.restart();
        }
        Response retry = api(key).body(Map.of("to", "+14155550104")).post("/api/calls");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.jsonPath().getString("sid")).isEqualTo(sid);
        assertThat(dials()).isEqualTo(1);
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            assertThat(reader.await(1, TIMEOUT, e -> sid.equals(e.subject())
                    && EventType.CALL_DIALED.ceType().equals(e.type()))).hasSize(1);
        }
    }

    @Test
    void aRetriedTransferDialsTheTargetOnceAndAHangUpKeyIsCheckedToo() {
        String sid = api(UUID.randomUUID().toString()).body(Map.of("to", "+14155550105"))
                .post("/api/calls")
                .then()
                .statusCode(201)
                .extract()
                .path("sid");
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            Response transfer = api(key).body(Map.of("to", "+14155550199")).post("/api/calls/" + sid + "/transfer");
            assertThat(transfer.statusCode()).isEqualTo(200);
            assertThat(transfer.header("Idempotent-Replayed")).isEqualTo(String.valueOf(i > 0));
        }
        assertThat(fakes.twilio.requests("POST", "/Calls/" + sid + ".json")).hasSize(1);
        api(key).body(Map.of("to", "+14155550198"))
                .post("/api/calls/" + sid + "/transfer")
                .then()
                .statusCode(422);
        api(key).post("/api/calls/" + sid + "/hangup").then().statusCode(422); // the key belongs to the transfer

        String hangUp = UUID.randomUUID().toString();
        api(hangUp).post("/api/calls/" + sid + "/hangup").then().statusCode(200).body("wasLive", equalTo(true));
        api(hangUp).post("/api/calls/" + sid + "/hangup").then().statusCode(200).body("wasLive", equalTo(true));
        assertThat(fakes.twilio.requests("POST", "/Calls/" + sid + ".json")).hasSize(2);
    }
}
