package io.aicaller.events;

import java.time.Instant;

/**
 * Answering machine detection finished for an outbound call (async AMD callback). Type {@code
 * io.aicaller.call.machine-detection-completed.v1} on {@value Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param answeredBy AnsweredBy
 * @param detectionDurationMs MachineDetectionDuration in milliseconds (optional)
 * @param timestamp When the result was reported
 * @param rawAnsweredBy Twilio's value when it is not one the schema lists (answeredBy is then {@code unknown}); null
 *        otherwise
 */
public record MachineDetectionCompleted(
        String callSid,
        String answeredBy,
        Integer detectionDurationMs,
        Instant timestamp,
        String rawAnsweredBy) implements Event {

    /** Without a raw value: every value was one the schema lists. */
    public MachineDetectionCompleted(String callSid, String answeredBy, Integer detectionDurationMs,
            Instant timestamp) {
        this(callSid, answeredBy, detectionDurationMs, timestamp, null);
    }

    @Override
    public String subject() {
        return callSid;
    }
}
