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
 * @param agentVersion Version of the agent definition the call runs, kept to its end; 0 for a profile from the
 *        bridge's configuration (optional)
 */
public record CallStreamStarted(
        String callSid,
        String streamSid,
        String profile,
        String source,
        Instant startedAt,
        Long agentVersion) implements Event {

    @Override
    public String subject() {
        return callSid;
    }
}
