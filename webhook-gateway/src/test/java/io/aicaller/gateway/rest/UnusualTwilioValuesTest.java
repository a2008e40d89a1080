package io.aicaller.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.events.Topics;
import io.aicaller.gateway.support.GatewayFakes;
import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.InjectFakes;
import io.aicaller.gateway.support.Webhooks;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.EventSchemas;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.twilio.TwilioEnums;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * Every value Twilio's own spec lists for the callbacks' status fields, and values it may add later, each posted
 * as a signed webhook: every event published validates against its schema, and an unlisted value arrives as
 * {@code unknown} with the raw value kept.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class UnusualTwilioValuesTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @InjectFakes
    GatewayFakes fakes;

    static List<String> with(List<String> documented, String... unknown) {
        Set<String> values = new LinkedHashSet<>(documented);
        values.addAll(List.of(unknown));
        return new ArrayList<>(values);
    }

    static void posted(TwilioRequests.Builder webhook) {
        int status = Webhooks.post(Webhooks.signed(webhook)).statusCode();
        assertThat(status).as("answer to %s", webhook.get("CallStatus")).isBetween(200, 204);
    }

    List<ReceivedEvent> published(String topic, String subject, int count) {
        return published(topic, Set.of(subject), count);
    }

    List<ReceivedEvent> published(String topic, Set<String> subjects, int count) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers, topic)) {
            return reader.await(count, TIMEOUT, e -> subjects.contains(e.subject()));
        }
    }

    static void conform(List<ReceivedEvent> events) {
        for (ReceivedEvent event : events) {
            assertThat(EventSchemas.violations(event.type(), event.value())).as("%s %s", event.type(), event.value())
                    .isEmpty();
        }
    }

    @Test
    void everyCallbackValueBecomesAnEventThatMatchesItsSchema() {
        String callSid = TwilioRequests.sid("CA");
        List<String> statuses = with(TwilioEnums.values("call_enum_status"), "on-hold", "queued-for-agent");
        statuses.addAll(TwilioEnums.values("call_enum_event"));
        for (int i = 0; i < statuses.size(); i++) {
            posted(TwilioRequests.callStatus(callSid, statuses.get(i), i));
        }
        List<String> recordings = with(TwilioEnums.values("call_recording_enum_status"), "archived");
        recordings.addAll(TwilioEnums.values("recording_enum_status"));
        for (String status : recordings) {
            posted(TwilioRequests.recordingStatus(callSid, TwilioRequests.sid("RE"), status));
        }
        // Answering-machine detection reports once per call: one call per value.
        List<String> answeredBy = List.of("human", "machine_start", "machine_end_beep", "machine_end_silence",
                "machine_end_other", "fax", "unknown", "machine_end_voicemail_full");
        Set<String> calls = new LinkedHashSet<>(List.of(callSid));
        for (String value : answeredBy) {
            String amdCall = TwilioRequests.sid("CA");
            calls.add(amdCall);
            posted(TwilioRequests.amdStatus(amdCall, value));
        }
        List<String> streamEvents = List.of("stream-started", "stream-stopped", "stream-error", "stream-paused");
        for (String value : streamEvents) {
            posted(TwilioRequests.streamStatus(callSid, TwilioRequests.sid("MZ"), value));
        }
        posted(TwilioRequests.incomingCall()
                .callSid(callSid)
                .param("Direction", "trunking-originating")
                .param("AccountSid", ""));

        // Each callback once, plus one call.ended and the call.received.
        int expected = statuses.size() + 1 + recordings.size() + answeredBy.size() + streamEvents.size() + 1;
        List<ReceivedEvent> events = published(Topics.CALLS_LIFECYCLE, calls, expected);
        conform(events);
        assertThat(events).filteredOn(e -> e.json().path("rawStatus").asText("").equals("on-hold"))
                .singleElement()
                .satisfies(e -> assertThat(e.json().path("status").asText()).isEqualTo("unknown"));
        assertThat(events).filteredOn(e -> e.json()
                .path("rawAnsweredBy")
                .asText("")
                .equals(
                        "machine_end_voicemail_full"))
                .singleElement()
                .satisfies(e -> assertThat(e.json().path("answeredBy").asText()).isEqualTo("unknown"));
        assertThat(events).filteredOn(e -> e.json().path("rawStreamEvent").asText("").equals("stream-paused"))
                .singleElement()
                .satisfies(e -> assertThat(e.json().path("streamEvent").asText()).isEqualTo("unknown"));
        assertThat(events).filteredOn(e -> e.type().endsWith("call.received.v1")).singleElement().satisfies(e -> {
            assertThat(e.json().path("direction").asText()).isEqualTo("unknown");
            assertThat(e.json().path("rawDirection").asText()).isEqualTo("trunking-originating");
        });
    }

    @Test
    void everyMessageStatusAndAnEmptyAccountMatchTheSchemas() {
        String messageSid = TwilioRequests.sid("SM");
        List<String> statuses = with(TwilioEnums.values("message_enum_status"), "pending-carrier-review");
        for (String status : statuses) {
            posted(TwilioRequests.smsStatus(messageSid, status));
        }
        List<ReceivedEvent> events = published(Topics.MESSAGES_EVENTS, messageSid, statuses.size());
        conform(events);
        assertThat(events).filteredOn(e -> e.json().path("status").asText().equals("unknown"))
                .singleElement()
                .satisfies(e -> assertThat(e.json().path("rawStatus").asText()).isEqualTo("pending-carrier-review"));

        TwilioRequests.Builder sms = TwilioRequests.incomingSms().param("AccountSid", "");
        posted(sms);
        conform(published(Topics.MESSAGES_EVENTS, sms.get("MessageSid"), 1));
    }
}
