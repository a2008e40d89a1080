package io.aicaller.numbers.rest;

/** The body of every management API error. {@code twilioCode} is set when Twilio refused the request. */
public record ApiError(String error, String message, Integer twilioCode) {
}
