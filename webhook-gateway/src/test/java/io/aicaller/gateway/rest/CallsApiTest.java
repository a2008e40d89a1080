package io.aicaller.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.gateway.support.GatewayFakes;
import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.InjectFakes;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.twilio.RecordedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class CallsApiTest {

    @InjectFakes
    GatewayFakes fakes;

    @BeforeEach
    void clear() {
        fakes.twilio.clearRequests();
    }

    private static RequestSpecification api() {
        return given().auth().oauth2(GatewayFakes.API_TOKEN).contentType(ContentType.JSON);
    }

    @Test
    void theApiNeedsTheBearerToken() {
        given().contentType(ContentType.JSON)
                .body(Map.of("to", "+14155550100"))
                .post("/api/calls")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        given().auth()
                .oauth2("wrong")
                .contentType(ContentType.JSON)
                .body(Map.of("to", "+14155550100"))
                .post("/api/calls")
                .then()
                .statusCode(401);
        assertThat(fakes.twilio.requests()).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsA400ThatSaysSo() {
        api().body("{\"to\": ")
                .post("/api/calls")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid-json"))
                .body("message", containsString("JSON"));
        api().body("[1, 2]").post("/api/calls").then().statusCode(400).body("error", equalTo("invalid-json"));
    }

    @Test
    void anOutboundCallReachesTwilioWithTheGatewaysWebhooksAndIsRecorded() {
        String callSid = api().body(Map.of("to", "+14155550100", "profile", "sales", "record", true,
                "timeoutSeconds", 25, "machineDetection", "Enable"))
                .post("/api/calls")
                .then()
                .statusCode(201)
                .body("sid", startsWith("CA"))
                .body("status", equalTo("queued"))
                .extract()
                .path("sid");

        List<RecordedRequest> creates = fakes.twilio.requests("POST", "/Calls.json");
        assertThat(creates).hasSize(1);
        RecordedRequest create = creates.get(0);
        assertThat(create.path()).isEqualTo("/2010-04-01/Accounts/" + fakes.twilio.accountSid() + "/Calls.json");
        assertThat(create.formValue("To")).isEqualTo("+14155550100");
        assertThat(create.formValue("From")).isEqualTo("+14155550199");
        assertThat(create.formValue("Url")).isEqualTo("https://gateway.test/webhooks/twilio/voice?profile=sales");
        assertThat(create.formValue("StatusCallback")).isEqualTo("https://gateway.test/webhooks/twilio/status");
        assertThat(create.formValue("StatusCallbackMethod")).isEqualTo("POST");
        assertThat(create.formValues("StatusCallbackEvent"))
                .containsExactly("initiated", "ringing", "answered", "completed");
        assertThat(create.formValue("Timeout")).isEqualTo("25");
        assertThat(create.formValue("Record")).isEqualTo("true");
        // A recording is reported (call.recording-status-changed), both parties on their own channel.
        assertThat(create.formValue("RecordingStatusCallback"))
                .isEqualTo("https://gateway.test/webhooks/twilio/recording-status?agent=sales");
        assertThat(create.formValue("RecordingStatusCallbackMethod")).isEqualTo("POST");
        assertThat(create.formValues("RecordingStatusCallbackEvent")).containsExactly("in-progress", "completed",
                "absent");
        assertThat(create.formValue("RecordingChannels")).isEqualTo("dual");
        assertThat(create.formValue("MachineDetection")).isEqualTo("Enable");
        assertThat(create.formValue("AsyncAmd")).isEqualTo("true");
        assertThat(create.formValue("AsyncAmdStatusCallback"))
                .isEqualTo("https://gateway.test/webhooks/twilio/amd-status");

        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            ReceivedEvent dialed = reader.await(1, Duration.ofSeconds(15), e -> callSid.equals(e.subject())).get(0);
            assertThat(dialed.type()).isEqualTo(EventType.CALL_DIALED.ceType());
            assertThat(dialed.json().get("profile").asText()).isEqualTo("sales");
        }
    }

    @Test
    void anUnrecordedCallRegistersNoRecordingCallback() {
        api().body(Map.of("to", "+14155550101")).post("/api/calls").then().statusCode(201);
        RecordedRequest create = fakes.twilio.requests("POST", "/Calls.json").get(0);
        assertThat(create.formValue("Record")).isEqualTo("false");
        assertThat(create.formValue("RecordingStatusCallback")).isNull();
    }

    @Test
    void aRecordingIsFetchedAndDeletedAtTwilio() {
        String callSid = TwilioRequests.sid("CA");
        String sid = fakes.twilio.addRecording(callSid, 42, 2, "OutboundAPI").get("sid").asText();
        api().get("/api/recordings/" + sid)
                .then()
                .statusCode(200)
                .body("callSid", equalTo(callSid))
                .body("status", equalTo("completed"))
                .body("durationSeconds", equalTo(42))
                .body("channels", equalTo(2))
                .body("source", equalTo("OutboundAPI"))
                .body("mediaUrl", startsWith(fakes.twilio.baseUrl()));
        api().delete("/api/recordings/" + sid).then().statusCode(204);
        assertThat(fakes.twilio.recording(sid)).isNull();
        api().delete("/api/recordings/" + sid).then().statusCode(404).body("error", equalTo("not-found"));
        api().get("/api/recordings/" + sid).then().statusCode(404);
        api().get("/api/recordings/not-a-sid").then().statusCode(400);
        given().get("/api/recordings/" + sid).then().statusCode(401);
    }

    @Test
    void anOutboundCallCarriesItsAgentAndVariablesToTheVoiceWebhook() {
        api().body(Map.of("to", "+14155550100", "agent", "renewals", "variables",
                Map.of("customerName", "Ann Lee", "plan", "Gold & more")))
                .post("/api/calls")
                .then()
                .statusCode(201);
        RecordedRequest create = fakes.twilio.requests("POST", "/Calls.json").get(0);
        assertThat(create.formValue("Url")).isEqualTo("https://gateway.test/webhooks/twilio/voice?profile=renewals"
                + "&var_customerName=Ann+Lee&var_plan=Gold+%26+more");

        api().body(Map.of("to", "+14155550100", "variables", Map.of("bad name", "x")))
                .post("/api/calls")
                .then()
                .statusCode(400)
                .body("message", containsString("variables.bad name"));
        api().body(Map.of("to", "+14155550100", "variables", Map.of("history", "x".repeat(201))))
                .post("/api/calls")
                .then()
                .statusCode(400)
                .body("message", containsString("200 characters"));
        api().body(Map.of("to", "+14155550100", "agent", "a", "profile", "b"))
                .post("/api/calls")
                .then()
                .statusCode(400);
        assertThat(fakes.twilio.requests("POST", "/Calls.json")).hasSize(1);
    }

    @Test
    void badInputIsRefusedBeforeTwilioIsCalled() {
        api().body(Map.of("to", "0155 555 0100"))
                .post("/api/calls")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid-request"))
                .body("message", containsString("E.164"));
        api().body(Map.of("to", "+1415")).post("/api/calls").then().statusCode(400);
        api().body(Map.of("to", "+14155550100", "machineDetection", "Sometimes"))
                .post("/api/calls")
                .then()
                .statusCode(400);
        api().body(Map.of("to", "+14155550100", "timeoutSeconds", 9999)).post("/api/calls").then().statusCode(400);
        api().post("/api/calls/not-a-sid/hangup").then().statusCode(400);
        assertThat(fakes.twilio.requests()).isEmpty();
    }

    @Test
    void rateLimitedRequestsAreRetriedWithBackoff() {
        fakes.twilio.failNext("POST", "/Calls.json", 2, 429, 20429, "Too Many Requests");
        api().body(Map.of("to", "+14155550100")).post("/api/calls").then().statusCode(201);
        assertThat(fakes.twilio.requests("POST", "/Calls.json")).hasSize(3);
    }

    @Test
    void twilioRefusalsCarryTwilioCodeAndAreNotRetried() {
        fakes.twilio.failNext("POST", "/Calls.json", 1, 400, 21215, "Geo permission not enabled for this number");
        api().body(Map.of("to", "+442071838750"))
                .post("/api/calls")
                .then()
                .statusCode(400)
                .body("error", equalTo("twilio-error"))
                .body("twilioCode", equalTo(21215));
        assertThat(fakes.twilio.requests("POST", "/Calls.json")).hasSize(1);
    }

    @Test
    void liveCallsCanBeHungUpTransferredAndRedirected() {
        String callSid = TwilioRequests.sid("CA");
        fakes.twilio.addCall(callSid, "+14155550100", "+14155550199", "in-progress", "inbound");

        api().body(Map.of("to", "+14155550123"))
                .post("/api/calls/" + callSid + "/transfer")
                .then()
                .statusCode(200)
                .body("sid", equalTo(callSid));
        assertThat(fakes.twilio.call(callSid).get("fake_twiml").asText()).contains("<Dial>+14155550123</Dial>");

        api().body(Map.of()).post("/api/calls/" + callSid + "/redirect").then().statusCode(200);
        assertThat(fakes.twilio.call(callSid).get("fake_url").asText())
                .isEqualTo("https://gateway.test/webhooks/twilio/voice");
        api().body(Map.of("url", "http://insecure.example/twiml"))
                .post("/api/calls/" + callSid + "/redirect")
                .then()
                .statusCode(400);

        api().post("/api/calls/" + callSid + "/hangup").then().statusCode(200).body("wasLive", equalTo(true));
        assertThat(fakes.twilio.call(callSid).get("status").asText()).isEqualTo("completed");
        // Hanging up an ended call counts as done (Twilio answers 20404).
        api().post("/api/calls/" + callSid + "/hangup").then().statusCode(200).body("wasLive", equalTo(false));

        api().get("/api/calls/" + TwilioRequests.sid("CA")).then().statusCode(404).body("twilioCode", equalTo(20404));
    }

    /** Every request the service sent through twilio-java used only the form parameters Twilio's spec defines. */
    @AfterEach
    void sentTwilioOnlyWhatItsSpecDefines() {
        assertThat(fakes.twilio.violations()).isEmpty();
    }
}
