package io.aicaller.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import io.aicaller.events.EventJson;
import io.aicaller.events.EventType;
import io.aicaller.events.NumberConfigured;
import io.aicaller.events.Topics;
import io.aicaller.gateway.service.MediaBridgeAvailability;
import io.aicaller.gateway.support.GatewayFakes;
import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.InjectFakes;
import io.aicaller.gateway.support.Webhooks;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.CloudEventSender;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.twilio.SignedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioSigner;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class VoiceWebhookTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @InjectFakes
    GatewayFakes fakes;

    @Inject
    MediaBridgeAvailability bridge;

    @AfterEach
    void bridgeBackUp() {
        fakes.bridgeHealth.answer(200, "{\"status\":\"UP\"}");
        await().atMost(TIMEOUT).until(bridge::streamingAvailable);
    }

    @Test
    void anIncomingCallIsStreamedToTheBridgeAfterItsEventIsRecorded() throws Exception {
        SignedRequest call = Webhooks.signed(TwilioRequests.incomingCall().to("+14155550123"));
        String callSid = call.form().get("CallSid");

        Response response = Webhooks.post(call);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/xml");
        Document twiml = TwimlDocuments.parse(response.asString());
        assertThat(twiml.getDocumentElement().getTagName()).isEqualTo("Response");
        Element stream = (Element) twiml.getElementsByTagName("Stream").item(0);
        assertThat(stream.getAttribute("url")).isEqualTo("wss://gateway.test/webhooks/twilio/media");
        assertThat(stream.getAttribute("statusCallback"))
                .isEqualTo("https://gateway.test/webhooks/twilio/stream-status");
        assertThat(parameters(stream)).containsEntry("callSid", callSid)
                .containsEntry("from", "+14155550100")
                .containsEntry("to", "+14155550123")
                .containsEntry("direction", "inbound")
                .containsEntry("profile", "sales");
        assertThat(response.asByteArray().length).isLessThan(64 * 1024);

        ReceivedEvent event = awaitEvents(callSid, 1).get(0);
        assertThat(event.type()).isEqualTo(EventType.CALL_RECEIVED.ceType());
        assertThat(event.key()).isEqualTo(callSid);
        // Written by a plain producer: the CloudEvents binary-mode headers every consumer reads.
        assertThat(event.headers()).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_source", "/webhook-gateway")
                .containsEntry("ce_subject", callSid)
                .containsEntry("content-type", "application/json");
        assertThat(java.time.Instant.parse(event.headers().get("ce_time"))).isBefore(java.time.Instant.now());
        assertThat(event.json().get("answerMode").asText()).isEqualTo("stream");
        assertThat(event.json().get("profile").asText()).isEqualTo("sales");
    }

    @Test
    void anOutboundCallsAgentAndVariablesReachTheBridgeAsStreamParameters() throws Exception {
        SignedRequest call = Webhooks.signed(TwilioRequests.incomingCall()
                .param("Direction", "outbound-api")
                .query("profile=renewals&var_customerName=Ann+Lee&var_plan=Gold+%26+more"));
        Response response = Webhooks.post(call);
        assertThat(response.statusCode()).isEqualTo(200);
        Element stream = (Element) TwimlDocuments.parse(response.asString()).getElementsByTagName("Stream").item(0);
        assertThat(parameters(stream)).containsEntry("profile", "renewals")
                .containsEntry("var_customerName", "Ann Lee")
                .containsEntry("var_plan", "Gold & more");
    }

    @Test
    void aNumberWithoutAssignmentGetsTheDefaultProfile() throws Exception {
        Response response = Webhooks.post(Webhooks.signed(TwilioRequests.incomingCall().to("+14155550177")));
        Element stream = (Element) TwimlDocuments.parse(response.asString()).getElementsByTagName("Stream").item(0);
        assertThat(parameters(stream)).containsEntry("profile", "default");
    }

    @Test
    void twiliosVoiceFallbackGetsAnApology() throws Exception {
        SignedRequest signed = Webhooks.signed(TwilioRequests.voiceFallback("11200",
                "https://gateway.test/webhooks/twilio/voice"));
        Response response = Webhooks.post(signed);
        assertThat(response.statusCode()).isEqualTo(200);
        Document twiml = TwimlDocuments.parse(response.asString());
        assertThat(twiml.getElementsByTagName("Say").getLength()).isEqualTo(1);
        assertThat(twiml.getElementsByTagName("Hangup").getLength()).isEqualTo(1);
        assertThat(Webhooks.post(signed, "forged").statusCode()).isEqualTo(403);
    }

    @Test
    void theNumbersServicesAssignmentChoosesTheProfile() throws Exception {
        String sid = TwilioRequests.sid("PN");
        NumberConfigured configured = new NumberConfigured(sid, "+14155550188", "vip", null, null, null, null,
                java.time.Instant.now());
        try (CloudEventSender sender = new CloudEventSender(fakes.bootstrapServers)) {
            sender.send(Topics.NUMBERS_LIFECYCLE, EventType.NUMBER_CONFIGURED.ceType(), "cfg-" + sid, sid,
                    EventJson.mapper().writeValueAsString(configured));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Response response = Webhooks.post(Webhooks.signed(TwilioRequests.incomingCall().to("+14155550188")));
            Element stream = (Element) TwimlDocuments.parse(response.asString())
                    .getElementsByTagName("Stream")
                    .item(0);
            assertThat(parameters(stream)).containsEntry("profile", "vip");
        });
    }

    @Test
    void unsignedForgedAndTamperedWebhooksAreRefusedAndRecordNothing() {
        SignedRequest call = Webhooks.signed(TwilioRequests.incomingCall());
        String callSid = call.form().get("CallSid");

        assertThat(Webhooks.post(call, null).statusCode()).isEqualTo(400);
        String forged = TwilioSigner.sign("someone-elses-token", GatewayFakes.PUBLIC_BASE_URL + call.pathAndQuery(),
                call.form());
        assertThat(Webhooks.post(call, forged).statusCode()).isEqualTo(403);
        Map<String, String> tampered = new HashMap<>(call.form());
        tampered.put("To", "+19995550100");
        assertThat(Webhooks.post(call.pathAndQuery(), tampered, call.signature(), null).statusCode()).isEqualTo(403);
        // Signed for another host: the gateway rebuilds the URL from its configuration, not the request.
        SignedRequest otherHost = TwilioRequests.incomingCall()
                .callSid(callSid)
                .signedWith(GatewayFakes.AUTH_TOKEN, "https://attacker.example");
        assertThat(Webhooks.post(otherHost).statusCode()).isEqualTo(403);

        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            assertThat(reader.readFor(Duration.ofSeconds(1), e -> callSid.equals(e.subject()))).isEmpty();
        }
    }

    @Test
    void portVariantsAndThePreviousTokenOfARotationAreAccepted() {
        SignedRequest withPort = TwilioRequests.incomingCall()
                .signedWith(GatewayFakes.AUTH_TOKEN,
                        "https://gateway.test:443");
        assertThat(Webhooks.post(withPort).statusCode()).isEqualTo(200);
        SignedRequest previous = TwilioRequests.incomingCall()
                .signedWith(GatewayFakes.PREVIOUS_AUTH_TOKEN,
                        GatewayFakes.PUBLIC_BASE_URL);
        assertThat(Webhooks.post(previous).statusCode()).isEqualTo(200);
    }

    @Test
    void theSameWebhookDeliveredFiveTimesCarriesOneEventId() {
        String token = UUID.randomUUID().toString();
        SignedRequest call = Webhooks.signed(TwilioRequests.incomingCall().idempotencyToken(token));
        String callSid = call.form().get("CallSid");
        for (int i = 0; i < 5; i++) {
            assertThat(Webhooks.post(call).statusCode()).isEqualTo(200);
        }
        List<ReceivedEvent> events = awaitEvents(callSid, 5);
        assertThat(events).extracting(ReceivedEvent::id).containsOnly(events.get(0).id());

        // Without Twilio's token the id comes from the call itself, so retries still match.
        SignedRequest untokened = Webhooks.signed(TwilioRequests.incomingCall());
        Webhooks.post(untokened);
        Webhooks.post(untokened);
        List<ReceivedEvent> retried = awaitEvents(untokened.form().get("CallSid"), 2);
        assertThat(retried.get(0).id()).isEqualTo(retried.get(1).id()).isNotEqualTo(events.get(0).id());
    }

    @Test
    void whenTheBridgeIsDownCallsGetTheGatherConversationWithTheFallbackModel() throws Exception {
        fakes.bridgeHealth.answer(503, "{\"status\":\"DOWN\"}");
        fakes.chat.chatReply("Your parcel arrives on Tuesday.");
        SignedRequest[] call = new SignedRequest[1];
        await().atMost(TIMEOUT).untilAsserted(() -> {
            call[0] = Webhooks.signed(TwilioRequests.incomingCall());
            Response response = Webhooks.post(call[0]);
            assertThat(response.asString()).contains("<Gather");
        });
        String callSid = call[0].form().get("CallSid");
        Document gather = TwimlDocuments.parse(Webhooks.post(call[0]).asString());
        Element gatherElement = (Element) gather.getElementsByTagName("Gather").item(0);
        assertThat(gatherElement.getAttribute("action")).isEqualTo("https://gateway.test/webhooks/twilio/gather");
        assertThat(awaitEvents(callSid, 1).get(0).json().get("answerMode").asText()).isEqualTo("gather");

        Response reply = Webhooks.post(Webhooks.signed(TwilioRequests.gather(callSid, "Where is my parcel?")));
        assertThat(reply.statusCode()).isEqualTo(200);
        Document replyTwiml = TwimlDocuments.parse(reply.asString());
        assertThat(replyTwiml.getElementsByTagName("Say").item(0).getTextContent())
                .isEqualTo("Your parcel arrives on Tuesday.");
        assertThat(fakes.chat.requestBodies()).anyMatch(body -> body.contains("Where is my parcel?"));

        fakes.chat.answer(500, "{\"error\":{\"message\":\"overloaded\"}}");
        Response apology = Webhooks.post(Webhooks.signed(TwilioRequests.gather(callSid, "Hello?")));
        assertThat(apology.statusCode()).isEqualTo(200);
        Document apologyTwiml = TwimlDocuments.parse(apology.asString());
        assertThat(apologyTwiml.getElementsByTagName("Say").getLength()).isEqualTo(1);
        assertThat(apologyTwiml.getElementsByTagName("Hangup").getLength()).isEqualTo(1);
    }

    @Test
    void whileKafkaIsDownCallsAreAnsweredAndTheirEventsFollowOnceItIsBack() throws Exception {
        Assumptions.assumeTrue(fakes.broker != null, "needs the embedded broker to stop it");
        SignedRequest call = Webhooks.signed(TwilioRequests.incomingCall());
        String callSid = call.form().get("CallSid");
        TwilioRequests.Builder stop = TwilioRequests.incomingSms().param("Body", "STOP");
        fakes.broker.stop();
        try {
            Response response = Webhooks.post(call);
            assertThat(response.statusCode()).isEqualTo(200);
            // The caller reaches the agent: the event is kept in the outbox on disk, not lost, not waited for.
            assertThat(response.asString()).contains("<Stream");
            long started = System.nanoTime();
            assertThat(Webhooks.post(Webhooks.signed(TwilioRequests.callStatus(callSid, "ringing", 1))).statusCode())
                    .isEqualTo(204);
            assertThat(Webhooks.post(Webhooks.signed(stop)).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("later webhooks wait for nothing")
                    .isLessThan(Duration.ofSeconds(2));
            given().get("/q/health/ready")
                    .then()
                    .body("checks.find { it.name == 'outbox' }.data.waiting",
                            org.hamcrest.Matchers.greaterThanOrEqualTo(3));
        } finally {
            fakes.broker.restart();
        }
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            reader.await(2, Duration.ofSeconds(60), e -> callSid.equals(e.subject()));
            Thread.sleep(1000);
            // Exactly once by CloudEvents id: a record whose acknowledgement the outage swallowed may be there
            // twice under one id, which consumers drop; none is missing.
            Map<String, String> typeById = new HashMap<>();
            reader.readFor(Duration.ofMillis(500), e -> callSid.equals(e.subject()))
                    .forEach(e -> typeById.put(e.id(), e.type()));
            assertThat(typeById.values()).containsExactlyInAnyOrder(EventType.CALL_RECEIVED.ceType(),
                    EventType.CALL_STATUS_CHANGED.ceType());
        }
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.MESSAGES_EVENTS)) {
            assertThat(reader.await(1, Duration.ofSeconds(30), e -> stop.get("MessageSid").equals(e.subject()))
                    .get(0)
                    .json()
                    .path("body")
                    .asText()).isEqualTo("STOP");
        }
    }

    private static Map<String, String> parameters(Element stream) {
        Map<String, String> params = new HashMap<>();
        NodeList nodes = stream.getElementsByTagName("Parameter");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element p = (Element) nodes.item(i);
            params.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        return params;
    }

    private List<ReceivedEvent> awaitEvents(String callSid, int count) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            return reader.await(count, TIMEOUT, e -> callSid.equals(e.subject())
                    && EventType.CALL_RECEIVED.ceType().equals(e.type()));
        }
    }
}
