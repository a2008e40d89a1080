package io.aicaller.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.gateway.support.GatewayFakes;
import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.InjectFakes;
import io.aicaller.gateway.support.Webhooks;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.twilio.SignedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioSigner;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class StatusWebhooksTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @InjectFakes
    GatewayFakes fakes;

    @Test
    void shuffledStatusCallbacksEachBecomeAnEventAndTheCallEndsOnce() {
        String callSid = TwilioRequests.sid("CA");
        fakes.twilio.addCall(callSid, "+14155550100", "+14155550199", "completed", "inbound");
        List<String> statuses = new ArrayList<>(List.of("initiated", "ringing", "in-progress", "completed"));
        Collections.shuffle(statuses, new Random(7));
        statuses.add(statuses.get(0)); // and a retry of the first one
        for (String status : statuses) {
            int sequence = List.of("initiated", "ringing", "in-progress", "completed").indexOf(status);
            Response response = Webhooks.post(Webhooks.signed(TwilioRequests.callStatus(callSid, status, sequence)));
            assertThat(response.statusCode()).isEqualTo(204);
        }

        List<ReceivedEvent> events = lifecycle(callSid, 6);
        List<ReceivedEvent> changes = events.stream()
                .filter(e -> e.type().equals(EventType.CALL_STATUS_CHANGED.ceType()))
                .collect(Collectors.toList());
        assertThat(changes).extracting(e -> e.json().get("status").asText())
                .containsExactlyElementsOf(statuses);
        // The retried callback repeats its id; the others are distinct.
        assertThat(changes.get(0).id()).isEqualTo(changes.get(4).id());
        assertThat(changes.stream().map(ReceivedEvent::id).distinct().count()).isEqualTo(4);
        List<ReceivedEvent> ended = events.stream()
                .filter(e -> e.type().equals(EventType.CALL_ENDED.ceType()))
                .collect(Collectors.toList());
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).json().get("finalStatus").asText()).isEqualTo("completed");

        // The gateway's own view never went back to an earlier status.
        given().auth()
                .oauth2(GatewayFakes.API_TOKEN)
                .get("/api/calls/" + callSid)
                .then()
                .statusCode(200)
                .body("gatewayStatus", org.hamcrest.Matchers.equalTo("completed"));
    }

    @Test
    void streamRecordingAndMachineDetectionCallbacksBecomeLifecycleEvents() {
        String callSid = TwilioRequests.sid("CA");
        String streamSid = TwilioRequests.sid("MZ");
        assertThat(Webhooks.post(Webhooks.signed(TwilioRequests.streamStatus(callSid, streamSid, "stream-started")))
                .statusCode()).isEqualTo(204);
        assertThat(Webhooks.post(Webhooks.signed(TwilioRequests.streamStatus(callSid, streamSid, "stream-error")
                .param("StreamError", "Stream - WebSocket - Connection Refused"))).statusCode()).isEqualTo(204);
        assertThat(Webhooks.post(Webhooks.signed(TwilioRequests.recordingStatus(callSid, TwilioRequests.sid("RE"),
                "completed"))).statusCode()).isEqualTo(204);
        assertThat(Webhooks.post(Webhooks.signed(TwilioRequests.amdStatus(callSid, "machine_end_beep"))).statusCode())
                .isEqualTo(204);

        List<ReceivedEvent> events = lifecycle(callSid, 4);
        assertThat(events).extracting(ReceivedEvent::type)
                .containsExactly(
                        EventType.CALL_STREAM_STATUS_CHANGED.ceType(), EventType.CALL_STREAM_STATUS_CHANGED.ceType(),
                        EventType.CALL_RECORDING_STATUS_CHANGED.ceType(),
                        EventType.CALL_MACHINE_DETECTION_COMPLETED.ceType());
        assertThat(events.get(0).json().get("streamEvent").asText()).isEqualTo("stream-started");
        assertThat(events.get(1).json().get("streamEvent").asText()).isEqualTo("stream-error");
        assertThat(events.get(1).json().get("streamError").asText()).contains("Connection Refused");
        assertThat(events.get(2).json().get("durationSeconds").asInt()).isEqualTo(42);
        assertThat(events.get(3).json().get("answeredBy").asText()).isEqualTo("machine_end_beep");
    }

    @Test
    void aSignedCallbackMissingItsIdentifiersIsRefused() {
        SignedRequest noSid = Webhooks.signed(TwilioRequests.callStatus("", "ringing", 1));
        assertThat(Webhooks.post(noSid).statusCode()).isEqualTo(400);

    }

    @Test
    void anInboundSmsIsRecordedAndAnsweredWithAnEmptyResponse() throws Exception {
        // 1600 emoji: the longest SMS body Twilio accepts, in the widest characters.
        String body = "\uD83D\uDE00".repeat(1600);
        SignedRequest sms = Webhooks.signed(TwilioRequests.incomingSms()
                .param("Body", body)
                .param("NumMedia", "2")
                .param("MediaUrl0", "https://api.twilio.com/media/one")
                .param("MediaUrl1", "https://api.twilio.com/media/two"));
        String messageSid = sms.form().get("MessageSid");

        Response response = Webhooks.post(sms);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/xml");
        assertThat(TwimlDocuments.parse(response.asString()).getDocumentElement().getChildNodes().getLength())
                .isZero();
        ReceivedEvent event = messages(messageSid, 1).get(0);
        assertThat(event.type()).isEqualTo(EventType.MESSAGE_RECEIVED.ceType());
        assertThat(event.json().get("body").asText()).isEqualTo(body);
        assertThat(event.json().get("mediaUrls")).hasSize(2);
    }

    @Test
    void messageStatusCallbacksBecomeStatusEvents() {
        String messageSid = TwilioRequests.sid("SM");
        assertThat(Webhooks.post(Webhooks.signed(TwilioRequests.smsStatus(messageSid, "sent"))).statusCode())
                .isEqualTo(204);
        assertThat(Webhooks.post(Webhooks.signed(TwilioRequests.smsStatus(messageSid, "undelivered")
                .param("ErrorCode", "30003"))).statusCode()).isEqualTo(204);
        List<ReceivedEvent> events = messages(messageSid, 2);
        assertThat(events).extracting(e -> e.json().get("status").asText()).containsExactly("sent", "undelivered");
        assertThat(events.get(1).json().get("errorCode").asInt()).isEqualTo(30003);
    }

    @Test
    void jsonBodiesAreCheckedWithTheirBodySha256() {
        String messageSid = TwilioRequests.sid("SM");
        String body = "{\"MessageSid\":\"" + messageSid + "\",\"MessageStatus\":\"delivered\",\"To\":\"+14155550100\"}";
        String path = "/webhooks/twilio/sms-status?bodySHA256=" + TwilioSigner.bodySha256(body);
        String signature = TwilioSigner.sign(GatewayFakes.AUTH_TOKEN, GatewayFakes.PUBLIC_BASE_URL + path,
                java.util.Map.of());

        // A media type's name is case-insensitive: whatever its case, a JSON body is checked as JSON.
        given().contentType("Application/JSON")
                .header("X-Twilio-Signature", signature)
                .body(body)
                .post(path)
                .then()
                .statusCode(204);
        // The same signature over an altered body fails the hash.
        given().contentType("application/json")
                .header("X-Twilio-Signature", signature)
                .body(body.replace("delivered", "failed"))
                .post(path)
                .then()
                .statusCode(403);

        List<ReceivedEvent> events = messages(messageSid, 1);
        assertThat(events.get(0).json().get("status").asText()).isEqualTo("delivered");
    }

    private List<ReceivedEvent> lifecycle(String callSid, int count) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            return reader.await(count, TIMEOUT, e -> callSid.equals(e.subject()));
        }
    }

    private List<ReceivedEvent> messages(String messageSid, int count) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.MESSAGES_EVENTS)) {
            return reader.await(count, TIMEOUT, e -> messageSid.equals(e.subject()));
        }
    }
    @Test
    void whatIsNotAWebhookIsRefusedBeforeItsSignatureIsChecked() throws Exception {
        // Neither form-encoded nor JSON.
        given().contentType("text/plain").body("CallSid=CA1").post("/webhooks/twilio/status").then().statusCode(415);
        // Larger than quarkus.http.limits.max-body-size, declared up front or streamed in chunks. The gateway answers
        // and closes without reading the rest, so the client sends no more than the gateway needs to decide: a client
        // still writing when the connection closes gets a reset instead of the answer.
        int limit = (int) ConfigProvider.getConfig()
                .getValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .asLongValue();
        assertThat(rawPost("Content-Length: " + (limit + 1) + "\r\n", "")).startsWith("HTTP/1.1 413");
        // One chunk declared larger than the limit, sent up to one byte past it.
        String chunk = Integer.toHexString(limit + 1024) + "\r\n" + "x".repeat(limit + 1);
        assertThat(rawPost("Transfer-Encoding: chunked\r\n", chunk)).startsWith("HTTP/1.1 413");
        // And the gateway still answers webhooks.
        Response ok = Webhooks.post(Webhooks.signed(TwilioRequests.callStatus(TwilioRequests.sid("CA"), "ringing", 0)));
        assertThat(ok.statusCode()).isEqualTo(204);
    }

    /** Sends a form POST to the SMS webhook over a plain socket and returns the answer's status line. */
    private static String rawPost(String lengthHeader, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String head = "POST /webhooks/twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n" + lengthHeader + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write((head + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }
}
