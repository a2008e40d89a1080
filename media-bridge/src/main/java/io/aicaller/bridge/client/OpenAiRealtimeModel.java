package io.aicaller.bridge.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import io.aicaller.bridge.config.OpenAiConfig;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.OpenAiRealtimeProtocol;
import io.aicaller.bridge.model.RealtimeProtocol;

/** The OpenAI Realtime API (GA) over a Vert.x WebSocket: {@code <realtime-url>?model=...}, bearer key. */
@ApplicationScoped
public class OpenAiRealtimeModel implements RealtimeModel {

    private static final Logger LOG = Logger.getLogger(OpenAiRealtimeModel.class);
    /** Queued messages while connecting: a few seconds of caller audio at most. */
    private static final int MAX_QUEUED = 1000;
    private static final int MAX_SESSIONS = 100_000;

    private final RealtimeProtocol protocol = new OpenAiRealtimeProtocol();
    private final WebSocketClient client;
    private final OpenAiConfig config;

    OpenAiRealtimeModel(Vertx vertx, OpenAiConfig config) {
        this.config = config;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                // One socket per live call to the same host; Vert.x's default of 50 would queue the 51st call.
                .setMaxConnections(MAX_SESSIONS)
                .setMaxMessageSize(4 * 1024 * 1024)
                .setMaxFrameSize(1024 * 1024)
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public RealtimeProtocol protocol() {
        return protocol;
    }

    @Override
    public ModelConnection connect(AgentProfile profile, ModelListener listener) {
        return connect(config.realtimeUrl(), config.apiKey().filter(key -> !key.isBlank()).orElse(null), profile,
                listener);
    }

    /**
     * The same client speaking the same protocol to another realtime URL, without the API key: a model on loopback
     * that warms the bridge's frame path before it takes calls.
     */
    public RealtimeModel at(String realtimeUrl) {
        return new RealtimeModel() {
            @Override
            public RealtimeProtocol protocol() {
                return protocol;
            }

            @Override
            public ModelConnection connect(AgentProfile profile, ModelListener listener) {
                return OpenAiRealtimeModel.this.connect(realtimeUrl, null, profile, listener);
            }
        };
    }

    private ModelConnection connect(String realtimeUrl, String apiKey, AgentProfile profile,
            ModelListener listener) {
        String url = realtimeUrl + (realtimeUrl.contains("?") ? "&" : "?") + "model="
                + URLEncoder.encode(profile.model(), StandardCharsets.UTF_8);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url);
        if (apiKey != null) {
            options.addHeader("Authorization", "Bearer " + apiKey);
        }
        Connection connection = new Connection(listener);
        client.connect(options).onComplete(result -> {
            if (result.succeeded()) {
                connection.opened(result.result());
            } else {
                connection.failed("cannot connect: " + result.cause().getMessage());
            }
        });
        return connection;
    }

    /** Runs on the call's context only (connect was called there, so every handler is too). */
    private static final class Connection implements ModelConnection {
        private final ModelListener listener;
        private final Deque<String> queued = new ArrayDeque<>();
        private WebSocket socket;
        private boolean closed;

        Connection(ModelListener listener) {
            this.listener = listener;
        }

        void opened(WebSocket ws) {
            if (closed) {
                ws.close();
                return;
            }
            socket = ws;
            ws.textMessageHandler(listener::onModelMessage);
            ws.closeHandler(ignored -> {
                if (!closed) {
                    closed = true;
                    listener.onModelFailure(
                            "closed by the model (" + ws.closeStatusCode() + " " + ws.closeReason() + ")");
                }
            });
            ws.exceptionHandler(error -> LOG.debugf("Model socket error: %s", error.toString()));
            while (!queued.isEmpty()) {
                ws.writeTextMessage(queued.poll());
            }
        }

        void failed(String reason) {
            if (!closed) {
                closed = true;
                queued.clear();
                listener.onModelFailure(reason);
            }
        }

        @Override
        public void send(String message) {
            if (closed) {
                return;
            }
            if (socket == null) {
                if (queued.size() < MAX_QUEUED) {
                    queued.add(message);
                }
                return;
            }
            socket.writeTextMessage(message);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                queued.clear();
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
