package io.aicaller.events;

import java.time.Instant;

/**
 * Twilio accepted a message we sent. Type {@code io.aicaller.message.sent.v1} on {@value Topics#MESSAGES_EVENTS}.
 *
 * @param messageSid Twilio MessageSid
 * @param requestId Request that asked for it
 * @param from Sender (optional)
 * @param to Recipient
 * @param status Status Twilio returned
 * @param segments Billing segments of the body
 * @param encoding Body encoding
 * @param mediaCount Number of media URLs
 * @param sentAt When Twilio accepted it
 * @param statusCallback Where the requester asked for delivery reports to be forwarded (optional)
 */
public record MessageSent(
        String messageSid,
        String requestId,
        String from,
        String to,
        String status,
        int segments,
        String encoding,
        int mediaCount,
        Instant sentAt,
        String statusCallback) implements Event {

    @Override
    public String subject() {
        return messageSid;
    }
}
