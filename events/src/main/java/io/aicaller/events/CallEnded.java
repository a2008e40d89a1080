package io.aicaller.events;

import java.time.Instant;

/**
 * The call reached a final status. Type {@code io.aicaller.call.ended.v1} on {@value Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param finalStatus Final CallStatus
 * @param durationSeconds CallDuration in seconds (optional)
 * @param reason Why the call ended, when known (optional)
 * @param endedAt When the call ended
 */
public record CallEnded(
        String callSid,
        String finalStatus,
        Integer durationSeconds,
        String reason,
        Instant endedAt) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
