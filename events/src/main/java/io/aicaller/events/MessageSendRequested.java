package io.aicaller.events;

import java.time.Instant;
import java.util.List;

/**
 * Request to send an SMS or MMS. Type {@code io.aicaller.message.send-requested.v1} on {@value
 * Topics#MESSAGES_SEND_REQUESTS}.
 *
 * @param requestId Idempotency key: one message per request id
 * @param to Recipient (E.164)
 * @param from Sender number; or use messagingServiceSid (optional)
 * @param messagingServiceSid Messaging Service to send from (optional)
 * @param body Text, 1..1600 characters (optional)
 * @param mediaUrls MMS media URLs (https, at most 10)
 * @param callSid Call that asked for the message, if any (optional)
 * @param requestedAt When it was requested
 */
public record MessageSendRequested(
        String requestId,
        String to,
        String from,
        String messagingServiceSid,
        String body,
        List<String> mediaUrls,
        String callSid,
        Instant requestedAt) implements Command {

    public MessageSendRequested {
        mediaUrls = mediaUrls == null ? List.of() : List.copyOf(mediaUrls);
    }

    /** The request id is the command id: one message per request. */
    @Override
    public String commandId() {
        return requestId;
    }

    @Override
    public String subject() {
        return requestId;
    }
}
