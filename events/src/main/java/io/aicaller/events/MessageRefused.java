package io.aicaller.events;

import java.time.Instant;

/**
 * A send request was refused; nothing was sent. Type {@code io.aicaller.message.refused.v1} on {@value
 * Topics#MESSAGES_EVENTS}.
 *
 * @param requestId Request that was refused
 * @param to Recipient asked for
 * @param reason Machine-readable reason (opted-out, invalid-number, invalid-body, twilio-error, ...)
 * @param twilioCode Twilio error code, when Twilio refused (optional)
 * @param message Human-readable explanation
 * @param refusedAt When it was refused
 */
public record MessageRefused(
        String requestId,
        String to,
        String reason,
        Integer twilioCode,
        String message,
        Instant refusedAt) implements Event {

    @Override
    public String subject() {
        return requestId;
    }
}
