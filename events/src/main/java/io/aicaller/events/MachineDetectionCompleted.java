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
 */
public record MachineDetectionCompleted(
        String callSid,
        String answeredBy,
        Integer detectionDurationMs,
        Instant timestamp) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
