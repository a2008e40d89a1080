package io.aicaller.support.twilio;

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

    /**
     * The status an API of ours answers when Twilio refused: 404 stays 404, Twilio rejecting our credentials is our
     * fault (502), any other refusal is the caller's request (400), and Twilio being unavailable after retries 503.
     */
    public int apiStatus() {
        if (this instanceof TwilioUnavailableException) {
            return 503;
        }
        if (httpStatus == 404) {
            return 404;
        }
        return httpStatus == 401 || httpStatus == 403 ? 502 : 400;
    }

    /** Twilio's error code, e.g. 21211 (invalid number) or 20404 (not found). */
    public Integer twilioCode() {
        return twilioCode;
    }
}
