package io.aicaller.messaging.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.events.EventType;
import io.aicaller.events.MessageSendRequested;
import io.aicaller.events.Topics;
import io.aicaller.messaging.support.Events;
import io.aicaller.messaging.support.MessagingTestResource;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.CloudEventSender;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.TwilioFakeTestResource.InjectKafkaBootstrap;
import io.aicaller.testkit.TwilioFakeTestResource.InjectTwilioFake;
import io.aicaller.testkit.twilio.RecordedRequest;
import io.aicaller.testkit.twilio.TwilioRestFake;

@QuarkusTest
@WithTestResource(MessagingTestResource.class)
class SendRequestConsumerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @InjectTwilioFake
    TwilioRestFake twilio;

    @InjectKafkaBootstrap
    String bootstrap;

    @Test
    void aRequestFromKafkaIsSentOnceEvenWhenTheRecordIsRedelivered() {
        String requestId = UUID.randomUUID().toString();
        String callSid = "CA" + "0".repeat(31) + "1";
        MessageSendRequested request = new MessageSendRequested(requestId, "+14155550171", "+14155550123", null,
                "Here is the link you asked for", List.of(), callSid, Instant.now());
        String ceId = UUID.randomUUID().toString();
        Events.send(bootstrap, request, ceId);
        // The same record again, as a producer retry or a consumer restart before its commit would deliver it.
        Events.send(bootstrap, request, ceId);

        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.MESSAGES_EVENTS)) {
            ReceivedEvent sent = reader.await(1, TIMEOUT, e -> requestId.equals(e.json().path("requestId").asText()))
                    .get(0);
            assertThat(sent.type()).isEqualTo(EventType.MESSAGE_SENT.ceType());
            assertThat(reader.readFor(Duration.ofSeconds(3),
                    e -> requestId.equals(e.json().path("requestId").asText()))).hasSize(1);
        }
        List<RecordedRequest> sends = twilio.requests("POST", "/Messages.json")
                .stream()
                .filter(r -> "+14155550171".equals(r.formValue("To")))
                .toList();
        assertThat(sends).hasSize(1);
        assertThat(sends.get(0).formValue("From")).isEqualTo("+14155550123");
        assertThat(sends.get(0).formValue("Body")).isEqualTo("Here is the link you asked for");
        assertThat(sends.get(0).formValue("StatusCallback")).endsWith("/webhooks/twilio/sms-status");
    }

    @Test
    void aRefusedRequestIsAnOutcomeNotAFailure() {
        String requestId = UUID.randomUUID().toString();
        Events.send(bootstrap, new MessageSendRequested(requestId, "+14155550172", null, null, "", List.of(), null,
                Instant.now()));
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.MESSAGES_EVENTS)) {
            ReceivedEvent refused = reader.await(1, TIMEOUT, e -> requestId.equals(e.subject())).get(0);
            assertThat(refused.type()).isEqualTo(EventType.MESSAGE_REFUSED.ceType());
            assertThat(refused.json().get("reason").asText()).isEqualTo("invalid-body");
        }
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextOneIsSent() {
        String poisonKey = UUID.randomUUID().toString();
        try (CloudEventSender sender = new CloudEventSender(bootstrap)) {
            sender.send(Topics.MESSAGES_SEND_REQUESTS, EventType.MESSAGE_SEND_REQUESTED.ceType(), poisonKey,
                    poisonKey, "{not json");
        }
        String requestId = UUID.randomUUID().toString();
        Events.send(bootstrap, new MessageSendRequested(requestId, "+14155550173", null, null, "after the poison",
                List.of(), null, Instant.now()));
        try (CloudEventReader dlq = CloudEventReader.fromBeginning(bootstrap,
                Topics.dlq(Topics.MESSAGES_SEND_REQUESTS))) {
            ReceivedEvent dead = dlq.await(1, TIMEOUT, e -> poisonKey.equals(e.key())).get(0);
            assertThat(dead.headers()).containsKey("dead-letter-reason");
        }
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> twilio.requests("POST", "/Messages.json")
                        .stream()
                        .anyMatch(r -> "after the poison".equals(r.formValue("Body"))));
    }

    /** Every request the service sent through twilio-java used only the form parameters Twilio's spec defines. */
    @AfterEach
    void sentTwilioOnlyWhatItsSpecDefines() {
        assertThat(twilio.violations()).isEmpty();
    }
}
