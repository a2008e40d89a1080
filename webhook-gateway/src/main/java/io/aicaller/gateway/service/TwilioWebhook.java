package io.aicaller.gateway.service;

import java.util.Map;

/** A webhook whose signature checked out: its parameters, and Twilio's retry token when it sent one. */
public record TwilioWebhook(Map<String, String> params, String idempotencyToken) {

    public String param(String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A parameter the webhook cannot be processed without; its absence is the sender's error (400). */
    public String required(String name) {
        String value = param(name);
        if (value == null) {
            throw new WebhookGuard.Refused(400, "Missing " + name);
        }
        return value;
    }

    /** Twilio's {@code Timestamp} (RFC 2822 on voice callbacks, ISO-8601 elsewhere), or now. */
    public java.time.Instant timestamp() {
        String value = param("Timestamp");
        if (value != null) {
            try {
                return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                try {
                    return java.time.Instant.parse(value);
                } catch (java.time.format.DateTimeParseException ignored) {
                    // fall through to the receipt time
                }
            }
        }
        return java.time.Instant.now();
    }

    public Integer intParam(String name) {
        String value = param(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Parts for a deterministic event id: Twilio's idempotency token when present (it repeats on every retry of one
     * webhook), otherwise the business key given.
     */
    public String[] idParts(String... businessKey) {
        return idempotencyToken != null && !idempotencyToken.isBlank() ? new String[]{idempotencyToken}
                : businessKey;
    }
}
