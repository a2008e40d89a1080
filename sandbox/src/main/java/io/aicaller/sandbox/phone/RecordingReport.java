package io.aicaller.sandbox.phone;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioRestFake;

/**
 * What Twilio posts to a recorded call's RecordingStatusCallback once the call ends: {@code completed} with the
 * recording (kept by the emulated REST API, so it can be fetched and deleted), or {@code absent} when the call was
 * never answered. Only the events the call asked for (Twilio's default: completed).
 */
final class RecordingReport {

    private RecordingReport() {
    }

    /** The callback's parameters, or null when none is due. */
    static Map<String, String> of(SimulatedCall.Setup setup, SimulatedCall.Recording recording, String source,
            Instant answeredAt, TwilioRestFake twilio) {
        if (recording == null || recording.statusCallback() == null) {
            return null;
        }
        String event = answeredAt == null ? "absent" : "completed";
        boolean wanted = recording.events().isEmpty() ? event.equals("completed") : recording.events().contains(event);
        if (!wanted) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", setup.accountSid());
        params.put("CallSid", setup.callSid());
        params.put("RecordingStatus", event);
        if (answeredAt == null) {
            params.put("RecordingSid", TwilioRequests.sid("RE"));
            return params;
        }
        int seconds = (int) Duration.between(answeredAt, Instant.now()).toSeconds();
        ObjectNode kept = twilio.addRecording(setup.callSid(), seconds, recording.channels(), source);
        params.put("RecordingSid", kept.get("sid").asText());
        params.put("RecordingUrl", kept.get("media_url").asText());
        params.put("RecordingDuration", String.valueOf(seconds));
        params.put("RecordingChannels", String.valueOf(recording.channels()));
        params.put("RecordingSource", source);
        params.put("RecordingStartTime", SimulatedCall.RFC_2822.format(answeredAt));
        return params;
    }
}
