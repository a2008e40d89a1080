package io.aicaller.twilio;

/** Twilio refused a request for good (a 4xx other than 429): retrying would not help. */
public class TwilioApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final Integer twilioCode;

    public TwilioApiException(int httpStatus, Integer twilioCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.twilioCode = twilioCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Twilio's error code, e.g. 21211 (invalid number) or 20404 (not found). */
    public Integer twilioCode() {
        return twilioCode;
    }
}
