package io.aicaller.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A business's event-webhook endpoint on 127.0.0.1: records every request with the status it answered, which
 * {@code answer} chooses per request (200 unless told otherwise). Signatures are checked here, independently of the
 * suite's code: hex HMAC-SHA256 of {@code <X-AiCaller-Timestamp>.<body>}.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: its headers (lower-case names), body, and the status answered. */
    public record Received(Map<String, String> headers, String body, int status) {
        public JsonNode event() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String eventId() {
            return event().path("id").asText();
        }

        public boolean signedWith(String secret) {
            String timestamp = headers.get("x-aicaller-timestamp");
            String signature = headers.get("x-aicaller-signature");
            return timestamp != null && signature != null && hmac(secret, timestamp + "." + body).equals(signature);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Integer> answer = r -> 200;
    private volatile Function<Received, Map<String, String>> answerHeaders = r -> Map.of();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            Received request = new Received(headers, body, 0);
            int status = answer.apply(request);
            received.add(new Received(headers, body, status));
            answerHeaders.apply(request).forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Chooses the status of each request from here on. */
    public WebhookReceiver answering(Function<Received, Integer> answer) {
        this.answer = answer;
        return this;
    }

    /** Adds these headers to each answer from here on (e.g. {@code Retry-After}). */
    public WebhookReceiver withHeaders(Function<Received, Map<String, String>> headers) {
        this.answerHeaders = headers;
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests answered 2xx. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    public static String hmac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
