package io.aicaller.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server answering every request with a settable status and body: the media-bridge's readiness
 * endpoint and an OpenAI-compatible chat completions API for the gateway's fallback.
 */
public final class SmallHttpFake implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("{}");
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();
    private final java.util.Queue<String[]> queued = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public SmallHttpFake() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                requestBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String[] next = queued.poll();
                byte[] bytes = (next != null ? next[1] : body.get()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(next != null ? Integer.parseInt(next[0]) : status.get(), bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(int status, String body) {
        this.status.set(status);
        this.body.set(body);
    }

    /** Answers like a chat completions API whose model says {@code text}. */
    public void chatReply(String text) {
        answer(200, chatCompletion(text));
    }

    /** One answer given before the standing one, in the order queued. */
    public void queue(int status, String body) {
        queued.add(new String[]{String.valueOf(status), body});
    }

    /** A chat completion whose model says {@code text}, with token usage. */
    public static String chatCompletion(String text) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20}}";
    }

    public List<String> requestBodies() {
        return List.copyOf(requestBodies);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
