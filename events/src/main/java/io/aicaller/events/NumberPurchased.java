package io.aicaller.events;

import java.time.Instant;

/**
 * A phone number was bought. Type {@code io.aicaller.number.purchased.v1} on {@value Topics#NUMBERS_LIFECYCLE}.
 *
 * @param phoneNumberSid Twilio IncomingPhoneNumber SID
 * @param phoneNumber The number (E.164)
 * @param friendlyName Friendly name (optional)
 * @param profile Agent profile assigned (optional)
 * @param purchasedAt When it was bought
 */
public record NumberPurchased(
        String phoneNumberSid,
        String phoneNumber,
        String friendlyName,
        String profile,
        Instant purchasedAt) implements Event {

    @Override
    public String subject() {
        return phoneNumberSid;
    }
}
