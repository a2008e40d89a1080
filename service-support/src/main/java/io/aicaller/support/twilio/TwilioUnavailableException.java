package io.aicaller.support.twilio;

/** Twilio answered 429 or 5xx, or could not be reached: worth retrying with backoff. */
public class TwilioUnavailableException extends TwilioApiException {

    private static final long serialVersionUID = 1L;

    public TwilioUnavailableException(int httpStatus, Integer twilioCode, String message) {
        super(httpStatus, twilioCode, message);
    }
}
