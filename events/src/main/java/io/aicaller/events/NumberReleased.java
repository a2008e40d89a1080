package io.aicaller.events;

import java.time.Instant;

/**
 * A phone number was released. Type {@code io.aicaller.number.released.v1} on {@value Topics#NUMBERS_LIFECYCLE}.
 *
 * @param phoneNumberSid Twilio IncomingPhoneNumber SID
 * @param phoneNumber The number (E.164)
 * @param releasedAt When it was released
 */
public record NumberReleased(
        String phoneNumberSid,
        String phoneNumber,
        Instant releasedAt) implements Event {

    @Override
    public String subject() {
        return phoneNumberSid;
    }
}
