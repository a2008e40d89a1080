package io.aicaller.events;

import java.time.Instant;

/**
 * A Media Stream of the call started. Type {@code io.aicaller.call.stream-started.v1} on {@value
 * Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param streamSid Twilio StreamSid
 * @param profile Agent profile the stream runs (optional)
 * @param source Who saw the start: {@code bridge} (Twilio's own report is {@code call.stream-status-changed})
 * @param startedAt When the stream started
 */
public record CallStreamStarted(
        String callSid,
        String streamSid,
        String profile,
        String source,
        Instant startedAt) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
