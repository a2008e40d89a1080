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
 */
public record MessageStatusChanged(
        String messageSid,
        String status,
        Integer errorCode,
        String to,
        Instant timestamp) implements Event {

    @Override
    public String subject() {
        return messageSid;
    }
}
