package io.aicaller.events;

import java.time.Instant;
import java.util.List;

/**
 * A Media Stream of the call ended; one per stream. Type {@code io.aicaller.call.stream-ended.v1} on {@value
 * Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param streamSid Twilio StreamSid
 * @param reason Why it ended (stop, socket-closed, max-duration, model-failed, drain, error, ...)
 * @param durationMs Stream duration in milliseconds
 * @param framesIn Media frames received from Twilio
 * @param framesOut Media frames sent to Twilio
 * @param framesDropped Frames counted as malformed or dropped
 * @param interruptions Barge-ins handled
 * @param turnLatenciesMs Caller speech stopped to first agent audio, per turn
 * @param source Who saw the end: {@code bridge} (Twilio's own report is {@code call.stream-status-changed})
 * @param endedAt When the stream ended
 */
public record CallStreamEnded(
        String callSid,
        String streamSid,
        String reason,
        long durationMs,
        long framesIn,
        long framesOut,
        long framesDropped,
        int interruptions,
        List<Long> turnLatenciesMs,
        String source,
        Instant endedAt) implements Event {

    public CallStreamEnded {
        turnLatenciesMs = turnLatenciesMs == null ? List.of() : List.copyOf(turnLatenciesMs);
    }

    @Override
    public String subject() {
        return callSid;
    }
}
