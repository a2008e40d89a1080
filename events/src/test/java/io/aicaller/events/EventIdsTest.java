package io.aicaller.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void theSameFactGetsTheSameIdOnEveryReplica() {
        String a = EventIds.of(EventType.CALL_STATUS_CHANGED, "CA1", "ringing", "1");
        String b = EventIds.of(EventType.CALL_STATUS_CHANGED, "CA1", "ringing", "1");
        assertThat(a).isEqualTo(b);
        assertThat(UUID.fromString(a).version()).isEqualTo(3);
    }

    @Test
    void differentFactsOrTypesGetDifferentIds() {
        String ringing = EventIds.of(EventType.CALL_STATUS_CHANGED, "CA1", "ringing", "1");
        assertThat(EventIds.of(EventType.CALL_STATUS_CHANGED, "CA1", "in-progress", "2")).isNotEqualTo(ringing);
        assertThat(EventIds.of(EventType.CALL_ENDED, "CA1", "ringing", "1")).isNotEqualTo(ringing);
        // Parts are delimited, so shifting characters between parts changes the id.
        assertThat(EventIds.of(EventType.CALL_ENDED, "ab", "c")).isNotEqualTo(EventIds.of(EventType.CALL_ENDED, "a",
                "bc"));
        assertThat(EventIds.of(EventType.CALL_ENDED, "a|1:b")).isNotEqualTo(EventIds.of(EventType.CALL_ENDED, "a",
                "b"));
    }

    @Test
    void anIdNeedsSomethingToIdentifyTheFact() {
        assertThatThrownBy(() -> EventIds.of(EventType.CALL_ENDED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCloudEventTakesItsKeySubjectAndTopicFromTheRecord() {
        CallEnded ended = (CallEnded) Contracts.sampleRecord(EventType.CALL_ENDED);
        CloudEvent<CallEnded> event = CloudEvent.of("/webhook-gateway", ended, Instant.EPOCH, ended.callSid(),
                "completed");
        assertThat(event.key()).isEqualTo(ended.callSid()).isEqualTo(event.subject());
        assertThat(event.topic()).isEqualTo(Topics.CALLS_LIFECYCLE);
        assertThat(event.id()).isEqualTo(EventIds.of(EventType.CALL_ENDED, ended.callSid(), "completed"));
        assertThat(event.source()).isEqualTo(URI.create("/webhook-gateway"));
    }

    @Test
    void anEventWithoutSubjectIsRefused() {
        HangUpCall noSid = new HangUpCall("cmd-1", null, "test", Instant.EPOCH);
        assertThatThrownBy(() -> CloudEvent.of("/bridge", noSid, Instant.EPOCH, "cmd-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HangUpCall");
    }
}
