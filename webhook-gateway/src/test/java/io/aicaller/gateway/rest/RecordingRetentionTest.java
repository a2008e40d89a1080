package io.aicaller.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.agents.AgentCatalog;
import io.aicaller.agents.AgentRules;
import io.aicaller.events.EventJson;
import io.aicaller.events.Topics;
import io.aicaller.events.kafka.StateTopicWriter;
import io.aicaller.gateway.support.GatewayFakes;
import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.InjectFakes;
import io.aicaller.gateway.support.Webhooks;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * A recording of an agent with a retention period is scheduled for deletion when Twilio reports it completed, on the
 * shared topic; once due, it is deleted at Twilio and the schedule forgets it.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RecordingRetentionTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectFakes
    GatewayFakes fakes;

    StateTopicWriter writer(String topic) {
        return new StateTopicWriter(topic, "/test", Map.of("bootstrap.servers", fakes.bootstrapServers),
                Duration.ofSeconds(10));
    }

    @Test
    void aCompletedRecordingIsScheduledByItsAgentsRetentionAndDeletedWhenDue() throws Exception {
        String agent = "keeper-" + UUID.randomUUID().toString().substring(0, 8);
        try (StateTopicWriter agents = writer(Topics.AGENTS_DEFINITIONS)) {
            agents.put(agent, AgentCatalog.DEFINED, EventJson.mapper().writeValueAsString(AgentRules.parse("""
                    {"name": "%s", "instructions": "Keep records.", "recording": {"enabled": true, "retentionDays": 30}}
                    """.formatted(agent)).stored(1, Instant.now())));
        }
        String callSid = TwilioRequests.sid("CA");
        String recordingSid = TwilioRequests.sid("RE");
        var report = Webhooks.signed(TwilioRequests.recordingStatus(callSid, recordingSid, "completed")
                .query("agent=" + agent));
        try (CloudEventReader schedule = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_RECORDINGS)) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(Webhooks.post(report).statusCode()).isEqualTo(204); // until the gateway knows the agent
                assertThat(schedule.readFor(Duration.ofMillis(200), e -> recordingSid.equals(e.key()))).isNotEmpty();
            });
            ReceivedEvent scheduled = schedule.readFor(Duration.ofMillis(200), e -> recordingSid.equals(e.key()))
                    .get(0);
            Instant deleteAfter = Instant.parse(scheduled.json().get("deleteAfter").asText());
            assertThat(deleteAfter).isBetween(Instant.now().plus(Duration.ofDays(30)).minusSeconds(120),
                    Instant.now().plus(Duration.ofDays(30)));
            assertThat(scheduled.json().get("agent").asText()).isEqualTo(agent);
        }

        // A recording whose time has come (as if scheduled 30 days ago) is deleted at Twilio and forgotten.
        String old = fakes.twilio.addRecording(callSid, 30, 2, "OutboundAPI").get("sid").asText();
        try (StateTopicWriter schedule = writer(Topics.CALLS_RECORDINGS)) {
            schedule.put(old, "io.aicaller.recording.retention.v1", EventJson.mapper()
                    .writeValueAsString(Map.of(
                            "recordingSid", old, "callSid", callSid, "agent", agent, "deleteAfter",
                            Instant.now().minusSeconds(60).toString())));
        }
        await().atMost(TIMEOUT).until(() -> fakes.twilio.recording(old) == null);
        try (CloudEventReader schedule = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_RECORDINGS)) {
            List<ReceivedEvent> records = schedule.await(2, TIMEOUT, e -> old.equals(e.key()));
            assertThat(records.get(1).value()).as("a tombstone once deleted").isNull();
        }
    }
}
