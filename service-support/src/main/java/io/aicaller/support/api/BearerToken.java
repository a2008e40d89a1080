package io.aicaller.support.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The management APIs' bearer token. Without a configured token nobody is let in. */
public final class BearerToken {

    private final Optional<byte[]> token;

    public BearerToken(Optional<String> configured) {
        this.token = configured.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether an {@code Authorization} header carries the token; compared in constant time. */
    public boolean admits(String authorizationHeader) {
        return token.isPresent() && authorizationHeader != null && authorizationHeader.startsWith("Bearer ")
                && MessageDigest.isEqual(token.get(),
                        authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Management APIs live under {@code /api}. */
    public static boolean protects(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }
}
