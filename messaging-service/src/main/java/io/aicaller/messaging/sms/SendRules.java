package io.aicaller.messaging.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

import io.aicaller.support.phone.PhoneNumbers;

/** What a message must look like before Twilio sees it, with Twilio's own limits (14103, 21211, 10 media files). */
public final class SendRules {

    public static final int MAX_BODY_CHARACTERS = 1600;
    public static final int MAX_MEDIA = 10;

    /** Why a message was refused: {@code reason} is machine-readable, {@code message} says what to fix. */
    public record Problem(String reason, String message) {
    }

    private SendRules() {
    }

    /**
     * The first problem of a message, or empty when it may be sent. {@code from} may be a number or an alphanumeric
     * sender id; without it a Messaging Service SID is needed.
     */
    public static Optional<Problem> check(String to, String from, String messagingServiceSid, String body,
            List<String> mediaUrls) {
        Optional<String> toProblem = PhoneNumbers.e164Problem(to);
        if (toProblem.isPresent()) {
            return problem("invalid-number", "to " + toProblem.get());
        }
        if (from != null && !from.isBlank() && !validSender(from)) {
            return problem("invalid-sender",
                    "from must be an E.164 number or an alphanumeric sender id of at most 11 characters");
        }
        if (messagingServiceSid != null && !messagingServiceSid.matches("MG[0-9a-fA-F]{32}")) {
            return problem("invalid-sender", "messagingServiceSid must be MG followed by 32 hex digits");
        }
        if ((from == null || from.isBlank()) && messagingServiceSid == null) {
            return problem("no-sender", "from or messagingServiceSid is required (no default sender is configured)");
        }
        List<String> media = mediaUrls == null ? List.of() : mediaUrls;
        boolean noBody = body == null || body.isBlank();
        if (noBody && media.isEmpty()) {
            return problem("invalid-body", "body (1 to 1600 characters) or at least one media URL is required");
        }
        if (!noBody && body.codePointCount(0, body.length()) > MAX_BODY_CHARACTERS) {
            return problem("invalid-body", "body is " + body.codePointCount(0, body.length())
                    + " characters; at most " + MAX_BODY_CHARACTERS + " are allowed");
        }
        if (media.size() > MAX_MEDIA) {
            return problem("invalid-media", "at most " + MAX_MEDIA + " media URLs are allowed, got " + media.size());
        }
        for (int i = 0; i < media.size(); i++) {
            if (!isHttpsUrl(media.get(i))) {
                return problem("invalid-media", "mediaUrls[" + i + "] must be an absolute https URL");
            }
        }
        return Optional.empty();
    }

    private static boolean validSender(String from) {
        if (from.startsWith("+")) {
            return PhoneNumbers.e164Problem(from).isEmpty();
        }
        // Short codes (5-6 digits) and alphanumeric sender ids (letters required, at most 11).
        return from.matches("[0-9]{5,6}") || from.matches("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
    }

    /** The requester's delivery-report URL, when given: an absolute http(s) URL, as Twilio accepts. */
    public static Optional<Problem> checkCallback(String statusCallback) {
        if (statusCallback == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(statusCallback);
            if (("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        return problem("invalid-callback", "statusCallback must be an absolute http(s) URL");
    }

    private static boolean isHttpsUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<Problem> problem(String reason, String message) {
        return Optional.of(new Problem(reason, message));
    }
}
