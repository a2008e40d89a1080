package io.aicaller.messaging;

/**
 * How a send request ended, the same for every repetition of its request id: sent (with the message) or refused
 * (with the reason, and Twilio's code when Twilio refused).
 */
public record SendOutcome(String requestId, boolean sent, String messageSid, String status, String to, String from,
        int segments, String encoding, int mediaCount, String reason, Integer twilioCode, String message,
        String statusCallback) {

    public static SendOutcome sent(String requestId, String messageSid, String status, String to, String from,
            int segments, String encoding, int mediaCount, String statusCallback) {
        return new SendOutcome(requestId, true, messageSid, status, to, from, segments, encoding, mediaCount, null,
                null, null, statusCallback);
    }

    public static SendOutcome refused(String requestId, String to, String reason, Integer twilioCode,
            String message) {
        return new SendOutcome(requestId, false, null, null, to, null, 0, null, 0, reason, twilioCode, message,
                null);
    }
}
