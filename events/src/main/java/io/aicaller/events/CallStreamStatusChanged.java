package io.aicaller.events;

import java.time.Instant;

/**
 * Twilio's own report on a Media Stream (the {@code <Stream statusCallback>}): the only Twilio-side record of why a
 * stream failed. The media-bridge's {@code call.stream-started}/{@code call.stream-ended} stay the one record of each
 * stream; this one tells what Twilio saw. Type {@code io.aicaller.call.stream-status-changed.v1} on {@value
 * Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param streamSid Twilio StreamSid
 * @param streamEvent stream-started, stream-stopped or stream-error
 * @param streamError Twilio's error text of a stream-error (optional)
 * @param timestamp When Twilio reported it
 * @param rawStreamEvent Twilio's value when it is not one the schema lists (streamEvent is then {@code unknown}); null
 *        otherwise
 */
public record CallStreamStatusChanged(
        String callSid,
        String streamSid,
        String streamEvent,
        String streamError,
        Instant timestamp,
        String rawStreamEvent) implements Event {

    /** Without a raw value: every value was one the schema lists. */
    public CallStreamStatusChanged(String callSid, String streamSid, String streamEvent, String streamError,
            Instant timestamp) {
        this(callSid, streamSid, streamEvent, streamError, timestamp, null);
    }

    @Override
    public String subject() {
        return callSid;
    }
}
