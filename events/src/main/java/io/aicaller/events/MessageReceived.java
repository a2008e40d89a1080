package io.aicaller.events;

import java.time.Instant;
import java.util.List;

/**
 * An SMS or MMS arrived at one of our numbers. Type {@code io.aicaller.message.received.v1} on {@value
 * Topics#MESSAGES_EVENTS}.
 *
 * @param messageSid Twilio MessageSid
 * @param from Sender
 * @param to Our number
 * @param body Message text (may be empty for MMS)
 * @param mediaUrls Attached media URLs
 * @param optOutType OptOutType Twilio set, if any (optional)
 * @param receivedAt When the gateway received it
 * @param accountSid Twilio AccountSid
 */
public record MessageReceived(
        String messageSid,
        String from,
        String to,
        String body,
        List<String> mediaUrls,
        String optOutType,
        Instant receivedAt,
        String accountSid) implements Event {

    public MessageReceived {
        mediaUrls = mediaUrls == null ? List.of() : List.copyOf(mediaUrls);
    }

    @Override
    public String subject() {
        return messageSid;
    }
}
