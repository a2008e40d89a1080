package io.aicaller.events;

import java.time.Instant;

/**
 * A call reached the voice webhook and was answered with TwiML. Type {@code io.aicaller.call.received.v1} on {@value
 * Topics#CALLS_LIFECYCLE}.
 *
 * @param callSid Twilio CallSid
 * @param from Caller as Twilio reports it (E.164, or a client/SIP identity)
 * @param to Called number
 * @param direction Twilio Direction
 * @param callStatus CallStatus on the voice webhook
 * @param profile Agent profile chosen for the called number
 * @param answerMode How the call was answered
 * @param receivedAt When the gateway received the webhook
 * @param accountSid Twilio AccountSid
 * @param rawDirection Twilio's value when it is not one the schema lists (direction is then {@code unknown}); null
 *        otherwise
 */
public record CallReceived(
        String callSid,
        String from,
        String to,
        String direction,
        String callStatus,
        String profile,
        String answerMode,
        Instant receivedAt,
        String accountSid,
        String rawDirection) implements Event {

    /** Without a raw value: every value was one the schema lists. */
    public CallReceived(String callSid, String from, String to, String direction, String callStatus, String profile,
            String answerMode, Instant receivedAt, String accountSid) {
        this(callSid, from, to, direction, callStatus, profile, answerMode, receivedAt, accountSid, null);
    }

    @Override
    public String subject() {
        return callSid;
    }
}
