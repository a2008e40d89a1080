package io.aicaller.bridge.websocket;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import io.aicaller.bridge.client.RealtimeModel;
import io.aicaller.bridge.client.ToolEndpoints;
import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.bridge.messaging.BridgePublisher;
import io.aicaller.bridge.messaging.OptOutList;

/**
 * Twilio's Media Streams WebSocket. The upgrade was signature-checked by {@link SignatureUpgradeCheck}; every
 * callback runs on the connection's event loop and hands off to that call's {@link CallConnection}.
 */
@WebSocket(path = "/webhooks/twilio/media")
public class MediaStreamEndpoint {

    private static final Logger LOG = Logger.getLogger(MediaStreamEndpoint.class);
    private static final int CLOSE_TOO_BIG = 1009;

    private final CallRegistry calls;
    private final RealtimeModel model;
    private final Profiles profiles;
    private final BridgePublisher publisher;
    private final ApologyPrompt apology;
    private final BridgeConfig config;
    private final Vertx vertx;
    private final ToolEndpoints endpoints;
    private final OptOutList optOuts;
    private final Warmup warmup;

    MediaStreamEndpoint(CallRegistry calls, RealtimeModel model, Profiles profiles, BridgePublisher publisher,
            ApologyPrompt apology, BridgeConfig config, Vertx vertx, ToolEndpoints endpoints, OptOutList optOuts,
            Warmup warmup) {
        this.warmup = warmup;
        this.endpoints = endpoints;
        this.optOuts = optOuts;
        this.calls = calls;
        this.model = model;
        this.profiles = profiles;
        this.publisher = publisher;
        this.apology = apology;
        this.config = config;
        this.vertx = vertx;
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        boolean warmingUp = warmup.isWarmup(connection.handshakeRequest().header(Warmup.HEADER));
        calls.add(connection.id(), new CallConnection(connection, Vertx.currentContext(), vertx,
                warmingUp ? warmup.model() : model, profiles, publisher, apology, config, calls, endpoints, optOuts,
                warmingUp));
    }

    @OnTextMessage
    @NonBlocking
    void text(WebSocketConnection connection, String message) {
        CallConnection call = calls.get(connection.id());
        if (call != null) {
            call.onText(message);
        }
    }

    @OnBinaryMessage
    @NonBlocking
    void binary(WebSocketConnection connection, Buffer message) {
        CallConnection call = calls.get(connection.id());
        if (call != null) {
            call.onBinary();
        }
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        CallConnection call = calls.get(connection.id());
        if (call != null) {
            call.onClosed();
            calls.remove(connection.id());
        }
    }

    @OnError
    @NonBlocking
    void error(WebSocketConnection connection, Throwable failure) {
        // One call's error never reaches another. A message over the size cap is hostile: end that stream only.
        LOG.warnf("Media Stream error on connection %s: %s", connection.id(), failure.toString());
        if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("max message")) {
            connection.close(new CloseReason(CLOSE_TOO_BIG, "message too big")).subscribe().with(ok -> {
            }, e -> {
            });
        }
    }
}
