package io.aicaller.events;

import java.time.Instant;

/**
 * A phone number's webhooks or agent profile were set. Type {@code io.aicaller.number.configured.v1} on {@value
 * Topics#NUMBERS_LIFECYCLE}.
 *
 * @param phoneNumberSid Twilio IncomingPhoneNumber SID
 * @param phoneNumber The number (E.164)
 * @param profile Agent profile assigned (optional)
 * @param voiceUrl VoiceUrl (optional)
 * @param voiceFallbackUrl VoiceFallbackUrl (optional)
 * @param statusCallback StatusCallback (optional)
 * @param smsUrl SmsUrl (optional)
 * @param configuredAt When it was configured
 */
public record NumberConfigured(
        String phoneNumberSid,
        String phoneNumber,
        String profile,
        String voiceUrl,
        String voiceFallbackUrl,
        String statusCallback,
        String smsUrl,
        Instant configuredAt) implements Event {

    @Override
    public String subject() {
        return phoneNumberSid;
    }
}
