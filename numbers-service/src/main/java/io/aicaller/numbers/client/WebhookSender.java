package io.aicaller.numbers.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.inject.Singleton;

import io.aicaller.agents.RequestSignature;
import io.aicaller.numbers.config.NumbersConfig;

/**
 * Posts one structured-mode CloudEvent to a receiver, signed like the agents' tool calls ({@code X-AiCaller-Timestamp}
 * and {@code X-AiCaller-Signature}, hex HMAC-SHA256 of {@code timestamp.body}); never follows redirects, never waits
 * longer than the configured timeout. The answer's body is not read.
 */
@Singleton
public class WebhookSender {

    public static final String SUBSCRIPTION_HEADER = "X-AiCaller-Subscription";
    public static final String ATTEMPT_HEADER = "X-AiCaller-Delivery-Attempt";
    public static final String EVENT_ID_HEADER = "X-AiCaller-Event-Id";

    /** A receiver's answer (status > 0) or why there was none. */
    public record Answer(int status, String error, Duration retryAfter) {
        public static Answer failed(String error) {
            return new Answer(0, error, null);
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    WebhookSender(NumbersConfig config) {
        this.timeout = config.webhooks().timeout();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public CompletableFuture<Answer> post(String url, String subscriptionId, String eventId, int attempt, String body,
            byte[] signingKey, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", contentType)
                    .header("User-Agent", "ai-caller-webhooks/1")
                    .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(signingKey, timestamp, bytes))
                    .header(SUBSCRIPTION_HEADER, subscriptionId)
                    .header(EVENT_ID_HEADER, eventId)
                    .header(ATTEMPT_HEADER, Integer.toString(attempt))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Answer.failed("invalid URL: " + e.getMessage()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> error == null
                        ? new Answer(response.statusCode(), response.statusCode() / 100 == 2 ? null
                                : "HTTP " + response.statusCode(), retryAfter(response))
                        : Answer.failed(describe(error)));
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .filter(v -> v.matches("[0-9]{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(null);
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return "timed out after " + timeout.toMillis() + " ms";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
