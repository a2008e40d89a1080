package io.aicaller.support.api;

import io.aicaller.support.twilio.TwilioApiException;
import io.aicaller.support.twilio.TwilioUnavailableException;

/** The body of every management API error. {@code twilioCode} is set when Twilio refused the request. */
public record ApiError(String error, String message, Integer twilioCode) {

    /** The error for a Twilio refusal; answer it with {@link TwilioApiException#apiStatus()}. */
    public static ApiError from(TwilioApiException e) {
        return e instanceof TwilioUnavailableException
                ? new ApiError("twilio-unavailable", "Twilio did not accept the request after retries: "
                        + e.getMessage(), e.twilioCode())
                : new ApiError("twilio-error", e.getMessage(), e.twilioCode());
    }
}
