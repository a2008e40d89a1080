package io.aicaller.gateway.analysis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OpenAI-compatible chat-completions endpoint, called from a worker thread. Blocking, with a timeout. An outage
 * (no answer, 429, 5xx) is {@link Unavailable}: try again later; another refusal is {@link Refused}.
 */
public final class AnalysisModel {

    /** The model's message and what it cost. */
    public record Answer(String content, Integer inputTokens, Integer outputTokens) {
    }

    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI completions;
    private final String apiKey;
    private final Duration timeout;
    private final ObjectMapper json;

    public AnalysisModel(String baseUrl, String apiKey, Duration timeout, ObjectMapper json) {
        this.completions = URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.json = json;
    }

    public Answer complete(JsonNode request) throws Unavailable, Refused, InterruptedException {
        HttpRequest.Builder call = HttpRequest.newBuilder(completions)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()));
        if (apiKey != null) {
            call.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(call.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("no answer from " + completions.getHost() + ": " + e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new Unavailable("HTTP " + status + " from " + completions.getHost());
        }
        if (status / 100 != 2) {
            throw new Refused("HTTP " + status + ": " + abbreviate(response.body()));
        }
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode usage = body.path("usage");
            return new Answer(body.path("choices").path(0).path("message").path("content").asText(null),
                    usage.has("prompt_tokens") ? usage.get("prompt_tokens").asInt() : null,
                    usage.has("completion_tokens") ? usage.get("completion_tokens").asInt() : null);
        } catch (IOException e) {
            throw new Unavailable("unreadable answer from " + completions.getHost());
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
