package io.aicaller.events;

import java.time.Instant;

/**
 * Twilio reported call progress (status callback). Type {@code io.aicaller.call.status-changed.v1} on {@value
 * Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param status Twilio CallStatus
 * @param sequenceNumber Twilio SequenceNumber of the callback (optional)
 * @param durationSeconds CallDuration, on the final callback (optional)
 * @param answeredBy AnsweredBy from answering machine detection (optional)
 * @param timestamp Timestamp Twilio sent, or receipt time
 * @param rawStatus Twilio's value when it is not one the schema lists (status is then {@code unknown}); null
 *        otherwise
 */
public record CallStatusChanged(
        String callSid,
        String status,
        Integer sequenceNumber,
        Integer durationSeconds,
        String answeredBy,
        Instant timestamp,
        String rawStatus) implements Event {

    /** Without a raw value: every value was one the schema lists. */
    public CallStatusChanged(String callSid, String status, Integer sequenceNumber, Integer durationSeconds,
            String answeredBy, Instant timestamp) {
        this(callSid, status, sequenceNumber, durationSeconds, answeredBy, timestamp, null);
    }

    @Override
    public String subject() {
        return callSid;
    }
}
