package io.aicaller.testkit.twilio;

import java.util.Map;

/**
 * A webhook request as Twilio would send it: the path (with query) to post to, the form parameters, and the
 * signature computed over the public URL.
 */
public record SignedRequest(String pathAndQuery, Map<String, String> form, String signature, String idempotencyToken) {
}
