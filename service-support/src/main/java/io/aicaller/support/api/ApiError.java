package io.aicaller.support.api;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

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

    /**
     * The error for a request body that is not the JSON an endpoint takes, or empty when {@code e} is about something
     * else. Quarkus REST answers such a body with an empty 400 of its own (a {@code WebApplicationException} whose
     * cause is Jackson's); the APIs map it to this instead.
     */
    public static Optional<ApiError> unreadableBody(Throwable e) {
        Throwable cause = e instanceof JsonProcessingException ? e : e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return Optional.of(new ApiError("invalid-json", "the body is not the JSON this endpoint takes: "
                    + json.getOriginalMessage(), null));
        }
        return Optional.empty();
    }
}
