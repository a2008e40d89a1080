package io.aicaller.gateway.twilio;

import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.twilio.security.RequestValidator;

/**
 * Checks {@code X-Twilio-Signature} against every configured auth token, so a token can be rotated without
 * refusing webhooks signed with the previous one. twilio-java's validator does the HMAC, the constant-time compare
 * and the port variants (with and without {@code :443}/{@code :80}) that Twilio's signing is known to mix.
 */
public final class WebhookSignatures {

    public enum Verdict {
        VALID,
        MISSING,
        INVALID
    }

    private final List<RequestValidator> validators;

    public WebhookSignatures(List<String> authTokens) {
        this.validators = authTokens.stream()
                .filter(token -> token != null && !token.isBlank())
                .map(RequestValidator::new)
                .collect(Collectors.toUnmodifiableList());
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("At least one Twilio auth token is needed to check signatures");
        }
    }

    /** A form-encoded webhook: the signature covers the URL and the sorted POST parameters. */
    public Verdict verifyForm(String url, Map<String, String> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return Verdict.MISSING;
        }
        for (RequestValidator validator : validators) {
            if (validator.validate(url, params, signature)) {
                return Verdict.VALID;
            }
        }
        return Verdict.INVALID;
    }

    /**
     * A JSON webhook: the signature covers the URL alone, whose {@code bodySHA256} query parameter must be the
     * SHA-256 of the raw body. A URL without {@code bodySHA256} is invalid.
     */
    public Verdict verifyJson(String url, String body, String signature) {
        if (signature == null || signature.isBlank()) {
            return Verdict.MISSING;
        }
        for (RequestValidator validator : validators) {
            try {
                if (validator.validate(url, body, signature)) {
                    return Verdict.VALID;
                }
            } catch (URISyntaxException | RuntimeException e) {
                return Verdict.INVALID;
            }
        }
        return Verdict.INVALID;
    }
}
