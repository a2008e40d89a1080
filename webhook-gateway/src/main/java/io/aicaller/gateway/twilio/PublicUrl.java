package io.aicaller.gateway.twilio;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The URL Twilio signed: the configured public base URL plus the path and query it called. Forwarded headers are
 * only believed when the request comes from a configured trusted proxy; anyone else could forge them.
 */
public final class PublicUrl {

    /** What the server saw of a request. {@code hostHeader} includes the port when the client sent one. */
    public record Origin(String scheme, String hostHeader, String remoteAddress, String forwardedProto,
            String forwardedHost) {
    }

    private PublicUrl() {
    }

    public static String of(Optional<String> configuredBaseUrl, Origin origin, Predicate<String> trustedProxies,
            String pathAndQuery) {
        return base(configuredBaseUrl, origin, trustedProxies) + pathAndQuery;
    }

    static String base(Optional<String> configuredBaseUrl, Origin origin, Predicate<String> trustedProxies) {
        if (configuredBaseUrl.isPresent() && !configuredBaseUrl.get().isBlank()) {
            return stripTrailingSlash(configuredBaseUrl.get().trim());
        }
        String scheme = origin.scheme();
        String host = origin.hostHeader();
        if (origin.remoteAddress() != null && trustedProxies.test(origin.remoteAddress())) {
            scheme = firstOr(origin.forwardedProto(), scheme);
            host = firstOr(origin.forwardedHost(), host);
        }
        return scheme + "://" + host;
    }

    /** The same URL with its {@code https}/{@code http} scheme turned into {@code wss}/{@code ws}. */
    public static String asWebSocket(String url) {
        if (url.startsWith("https://")) {
            return "wss://" + url.substring("https://".length());
        }
        if (url.startsWith("http://")) {
            return "ws://" + url.substring("http://".length());
        }
        return url;
    }

    private static String firstOr(String headerValue, String fallback) {
        if (headerValue == null || headerValue.isBlank()) {
            return fallback;
        }
        int comma = headerValue.indexOf(',');
        return (comma < 0 ? headerValue : headerValue.substring(0, comma)).trim();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
