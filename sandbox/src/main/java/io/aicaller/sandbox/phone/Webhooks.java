package io.aicaller.sandbox.phone;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.aicaller.testkit.twilio.TwilioSigner;

/**
 * Posts webhooks as Twilio does: form-encoded, signed with the account's auth token over the public URL the receiver
 * was configured with, sent to the receiver's real address (public URLs of the gateway are mapped onto it).
 */
public final class Webhooks {

    /** What the receiver answered. */
    public record Answer(int status, String body, String url) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authToken;
    private final String gatewayUrl;
    private final String gatewayPublicUrl;

    public Webhooks(String authToken, String gatewayUrl, String gatewayPublicUrl) {
        this.authToken = authToken;
        this.gatewayUrl = trim(gatewayUrl);
        this.gatewayPublicUrl = trim(gatewayPublicUrl);
    }

    /** The public URL of a gateway path, e.g. {@code /webhooks/twilio/voice}. */
    public String gateway(String path) {
        return gatewayPublicUrl + path;
    }

    /** Resolves a TwiML URL (absolute, or relative to the document it came from) to the public URL Twilio uses. */
    public String resolve(String url, String documentUrl) {
        return URI.create(documentUrl).resolve(url).toString();
    }

    /**
     * Posts {@code params} to {@code publicUrl}, signed over it. Twilio waits 15 s at most; a failure to connect is
     * answered as status 0.
     */
    public Answer post(String publicUrl, Map<String, String> params) {
        String signature = TwilioSigner.sign(authToken, publicUrl, params);
        HttpRequest request = HttpRequest.newBuilder(URI.create(realAddress(publicUrl)))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", signature)
                .header("User-Agent", "TwilioProxy/1.1 (ai-caller sandbox)")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), publicUrl);
        } catch (IOException e) {
            return new Answer(0, e.toString(), publicUrl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted", publicUrl);
        }
    }

    /** Where a public URL really is: the gateway's public base maps onto its local address. */
    public String realAddress(String publicUrl) {
        if (publicUrl.startsWith(gatewayPublicUrl)) {
            return gatewayUrl + publicUrl.substring(gatewayPublicUrl.length());
        }
        return publicUrl;
    }

    private static String form(Map<String, String> params) {
        return params.entrySet()
                .stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
