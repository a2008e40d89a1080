package io.aicaller.bridge.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import io.aicaller.agents.RequestSignature;
import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.bridge.session.ToolReply;

/**
 * POSTs to a business's endpoints (HTTP tools, the call-start webhook), signed, without blocking: the whole exchange
 * is bounded by the endpoint's timeout and the answer by {@code bridge.tools.max-response-size}, and every failure
 * becomes a {@link ToolReply} outcome instead of an exception. Callbacks run on the caller's Vert.x context.
 */
@ApplicationScoped
public class ToolEndpoints {

    private final Vertx vertx;
    private final HttpClient client;
    private final int maxResponseBytes;

    ToolEndpoints(Vertx vertx, BridgeConfig config) {
        this.vertx = vertx;
        this.maxResponseBytes = (int) Math.min(Integer.MAX_VALUE, config.tools().maxResponseSize().asLongValue());
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(config.tools().maxConnections())
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setConnectTimeout(5000));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * @param secret the agent's signing key
     * @param headers static headers, secrets already resolved
     */
    public Future<ToolReply> post(String url, byte[] secret, Map<String, String> headers, String body,
            int timeoutMs) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setConnectTimeout(timeoutMs)
                .setIdleTimeout(timeoutMs);
        headers.forEach(options::putHeader);
        options.putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "ai-caller-media-bridge")
                .putHeader(RequestSignature.TIMESTAMP_HEADER, String.valueOf(timestamp))
                .putHeader(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, timestamp, bytes));

        long started = System.nanoTime();
        Promise<ToolReply> reply = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(timeoutMs, id -> {
            if (reply.tryComplete(new ToolReply(ToolReply.TIMEOUT, null, null, elapsed(started), "no answer within "
                    + timeoutMs + " ms"))) {
                HttpClientRequest request = sent.get();
                if (request != null) {
                    request.reset();
                }
            }
        });
        client.request(options).compose(request -> {
            sent.set(request);
            return request.send(Buffer.buffer(bytes));
        }).onSuccess(response -> {
            Buffer answer = Buffer.buffer();
            response.handler(chunk -> {
                if (answer.length() + chunk.length() > maxResponseBytes) {
                    if (reply.tryComplete(new ToolReply(ToolReply.TOO_LARGE, response.statusCode(), null,
                            elapsed(started), "answer over " + maxResponseBytes + " bytes"))) {
                        response.request().reset();
                    }
                } else {
                    answer.appendBuffer(chunk);
                }
            });
            response.exceptionHandler(e -> reply.tryComplete(failure(e, started)));
            response.endHandler(v -> {
                int status = response.statusCode();
                reply.tryComplete(status >= 200 && status < 300
                        ? new ToolReply(ToolReply.OK, status, answer.toString(StandardCharsets.UTF_8),
                                elapsed(started), null)
                        : new ToolReply(ToolReply.HTTP_ERROR, status, null, elapsed(started), "HTTP " + status));
            });
        }).onFailure(e -> reply.tryComplete(failure(e, started)));
        return reply.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    public static ToolReply failure(Throwable e, long started) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof SSLException || cause instanceof UnknownHostException
                    || cause instanceof ConnectException) {
                break;
            }
            cause = cause.getCause();
        }
        String outcome = cause instanceof SSLException ? ToolReply.TLS
                : cause instanceof UnknownHostException || cause instanceof ConnectException ? ToolReply.UNREACHABLE
                        : ToolReply.FAILED;
        return new ToolReply(outcome, null, null, elapsed(started), cause.getClass().getSimpleName() + ": "
                + cause.getMessage());
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
