package io.aicaller.events;

import java.time.Instant;

/**
 * Twilio reported a call recording status (recording status callback). Type {@code io.aicaller.call.recording-status-
 * changed.v1} on {@value Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param recordingSid Twilio RecordingSid
 * @param status RecordingStatus
 * @param recordingUrl RecordingUrl, when there is audio (optional)
 * @param durationSeconds RecordingDuration (optional)
 * @param channels RecordingChannels (optional)
 * @param errorCode ErrorCode when the recording failed (optional)
 * @param timestamp When the status was reported
 * @param rawStatus Twilio's value when it is not one the schema lists (status is then {@code unknown}); null
 *        otherwise
 */
public record CallRecordingStatusChanged(
        String callSid,
        String recordingSid,
        String status,
        String recordingUrl,
        Integer durationSeconds,
        Integer channels,
        Integer errorCode,
        Instant timestamp,
        String rawStatus) implements Event {

    /** Without a raw value: every value was one the schema lists. */
    public CallRecordingStatusChanged(String callSid, String recordingSid, String status, String recordingUrl,
            Integer durationSeconds, Integer channels, Integer errorCode, Instant timestamp) {
        this(callSid, recordingSid, status, recordingUrl, durationSeconds, channels, errorCode, timestamp, null);
    }

    @Override
    public String subject() {
        return callSid;
    }
}
