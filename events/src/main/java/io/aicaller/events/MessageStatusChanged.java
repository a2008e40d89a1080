package io.aicaller.events;

import java.time.Instant;

/**
 * Twilio reported a message delivery status. Type {@code io.aicaller.message.status-changed.v1} on {@value
 * Topics#MESSAGES_EVENTS}.
 *
 * @param messageSid Twilio MessageSid
 * @param status MessageStatus
 * @param errorCode ErrorCode on failure (optional)
 * @param to Recipient (optional)
 * @param timestamp When the status was reported
 * @param rawStatus Twilio's value when it is not one the schema lists (status is then {@code unknown}); null
 *        otherwise
 */
public record MessageStatusChanged(
        String messageSid,
        String status,
        Integer errorCode,
        String to,
        Instant timestamp,
        String rawStatus) implements Event {

    /** Without a raw value: every value was one the schema lists. */
    public MessageStatusChanged(String messageSid, String status, Integer errorCode, String to, Instant timestamp) {
        this(messageSid, status, errorCode, to, timestamp, null);
    }

    @Override
    public String subject() {
        return messageSid;
    }
}
