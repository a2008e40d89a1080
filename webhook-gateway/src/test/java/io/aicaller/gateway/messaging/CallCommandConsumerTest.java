package io.aicaller.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.events.EventJson;
import io.aicaller.events.EventType;
import io.aicaller.events.HangUpCall;
import io.aicaller.events.Topics;
import io.aicaller.events.TransferCall;
import io.aicaller.gateway.support.GatewayFakes;
import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.InjectFakes;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.CloudEventSender;
import io.aicaller.testkit.twilio.TwilioRequests;

/** The bridge's tools arrive as commands on Kafka; each command id reaches Twilio once. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class CallCommandConsumerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @InjectFakes
    GatewayFakes fakes;

    @Test
    void aHangUpCommandEndsTheCallOnceEvenWhenRedelivered() throws Exception {
        String callSid = TwilioRequests.sid("CA");
        fakes.twilio.addCall(callSid, "+14155550100", "+14155550199", "in-progress", "inbound");
        HangUpCall command = new HangUpCall(UUID.randomUUID().toString(), callSid, "end_call tool", Instant.now());
        String json = EventJson.mapper().writeValueAsString(command);

        try (CloudEventSender sender = new CloudEventSender(fakes.bootstrapServers)) {
            for (int i = 0; i < 3; i++) {
                sender.send(Topics.CALLS_COMMANDS, EventType.CALL_HANG_UP.ceType(), command.commandId(), callSid,
                        json);
            }
        }

        await().atMost(TIMEOUT).until(() -> "completed".equals(fakes.twilio.call(callSid).get("status").asText()));
        // Let the redeliveries be consumed too before counting.
        Thread.sleep(1000);
        assertThat(fakes.twilio.requests("POST", "/Calls/" + callSid + ".json")).hasSize(1)
                .allSatisfy(r -> assertThat(r.formValue("Status")).isEqualTo("completed"));
    }

    @Test
    void aTransferCommandDialsTheTarget() throws Exception {
        String callSid = TwilioRequests.sid("CA");
        fakes.twilio.addCall(callSid, "+14155550100", "+14155550199", "in-progress", "inbound");
        TransferCall command = new TransferCall(UUID.randomUUID().toString(), callSid, "+14155550123", "caller asked",
                Instant.now());
        try (CloudEventSender sender = new CloudEventSender(fakes.bootstrapServers)) {
            sender.send(Topics.CALLS_COMMANDS, EventType.CALL_TRANSFER.ceType(), command.commandId(), callSid,
                    EventJson.mapper().writeValueAsString(command));
        }
        await().atMost(TIMEOUT).until(() -> fakes.twilio.call(callSid).has("fake_twiml"));
        assertThat(fakes.twilio.call(callSid).get("fake_twiml").asText()).contains("<Dial>+14155550123</Dial>");
    }

    @Test
    void aPoisonCommandGoesToTheDeadLetterTopicAndTheNextOneStillRuns() throws Exception {
        String poisonKey = TwilioRequests.sid("CA");
        String callSid = TwilioRequests.sid("CA");
        fakes.twilio.addCall(callSid, "+14155550100", "+14155550199", "in-progress", "inbound");
        HangUpCall good = new HangUpCall(UUID.randomUUID().toString(), callSid, "after poison", Instant.now());
        try (CloudEventSender sender = new CloudEventSender(fakes.bootstrapServers)) {
            sender.send(Topics.CALLS_COMMANDS, EventType.CALL_HANG_UP.ceType(), "poison-1", poisonKey, "{not json");
            sender.send(Topics.CALLS_COMMANDS, poisonKey, Map.of("ce_specversion", "1.0", "ce_id", "poison-2",
                    "ce_type", "io.aicaller.call.unknown.v1", "ce_source", "/test"), "{}");
            sender.send(Topics.CALLS_COMMANDS, EventType.CALL_HANG_UP.ceType(), good.commandId(), callSid,
                    EventJson.mapper().writeValueAsString(good));
        }
        try (CloudEventReader dlq = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.dlq(Topics.CALLS_COMMANDS))) {
            var dead = dlq.await(2, TIMEOUT, e -> poisonKey.equals(e.key()));
            assertThat(dead).allSatisfy(e -> assertThat(e.headers()).containsKey("dead-letter-reason"));
        }
        await().atMost(TIMEOUT).until(() -> "completed".equals(fakes.twilio.call(callSid).get("status").asText()));
    }

    /** Every request the service sent through twilio-java used only the form parameters Twilio's spec defines. */
    @AfterEach
    void sentTwilioOnlyWhatItsSpecDefines() {
        assertThat(fakes.twilio.violations()).isEmpty();
    }
}
