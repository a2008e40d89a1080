package io.aicaller.messaging.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.aicaller.events.MessageSent;
import io.aicaller.events.OptOutChanged;
import io.aicaller.messaging.support.Events;
import io.aicaller.messaging.support.MessagingTestResource;
import io.aicaller.testkit.TwilioFakeTestResource.InjectTwilioFake;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioRestFake;

/** A service starting on topics an earlier run filled remembers its opt-outs and the requests it already sent. */
@QuarkusTest
@WithTestResource(RestartRebuildTest.EarlierRun.class)
class RestartRebuildTest {

    static final String OPTED_OUT = "+14155550181";
    static final String OPTED_BACK_IN = "+14155550182";
    static final String SENT_REQUEST = "earlier-run-" + System.nanoTime();
    static final String SENT_SID = TwilioRequests.sid("SM");

    public static class EarlierRun extends MessagingTestResource {
        @Override
        protected void beforeStart(String bootstrap) {
            Instant t = Instant.now().minusSeconds(60);
            Events.send(bootstrap, new OptOutChanged(OPTED_OUT, true, "STOP", null, t));
            Events.send(bootstrap, new OptOutChanged(OPTED_BACK_IN, true, "STOP", null, t));
            Events.send(bootstrap, new OptOutChanged(OPTED_BACK_IN, false, "UNSTOP", null, t.plusSeconds(5)));
            Events.send(bootstrap, new MessageSent(SENT_SID, SENT_REQUEST, "+14155550199", "+14155550183", "queued",
                    1, "GSM-7", 0, t, null));
        }
    }

    @InjectTwilioFake
    TwilioRestFake twilio;

    static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2(MessagingTestResource.API_TOKEN).contentType(ContentType.JSON);
    }

    @Test
    void optOutsAndSentRequestsAreReadBackFromTheTopicsAtStart() {
        api().body(Map.of("to", OPTED_OUT, "body", "hi"))
                .post("/api/messages")
                .then()
                .statusCode(400)
                .body("error", equalTo("opted-out"));
        api().body(Map.of("to", OPTED_BACK_IN, "body", "hi")).post("/api/messages").then().statusCode(201);
        api().header("Idempotency-Key", SENT_REQUEST)
                .body(Map.of("to", "+14155550183", "body", "hi"))
                .post("/api/messages")
                .then()
                .statusCode(200)
                .body("messageSid", equalTo(SENT_SID));
        assertThat(twilio.requests("POST", "/Messages.json")).hasSize(1);
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'messaging-state' }"
                        + ".status", equalTo("UP"));
    }
}
