package io.aicaller.agents;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on every request the bridge makes to a business's endpoint (HTTP tools, call-start webhook):
 * {@code X-AiCaller-Signature} is the lowercase hex HMAC-SHA256, keyed with the agent's signing secret, of
 * {@code <X-AiCaller-Timestamp>.<body>}; the timestamp is Unix seconds, so a receiver can refuse old replays.
 */
public final class RequestSignature {

    public static final String SIGNATURE_HEADER = "X-AiCaller-Signature";
    public static final String TIMESTAMP_HEADER = "X-AiCaller-Timestamp";

    private RequestSignature() {
    }

    public static String sign(byte[] secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] digest = mac.doFinal(body);
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time check, with the timestamp within {@code toleranceSeconds} of {@code nowSeconds}. */
    public static boolean verify(byte[] secret, String timestamp, byte[] body, String signature, long nowSeconds,
            long toleranceSeconds) {
        if (timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}")) {
            return false;
        }
        long at = Long.parseLong(timestamp);
        if (Math.abs(nowSeconds - at) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, at, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
