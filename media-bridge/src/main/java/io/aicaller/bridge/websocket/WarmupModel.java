package io.aicaller.bridge.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

/**
 * A realtime model on loopback for the bridge's own warm-up, never for a caller: it confirms each session as asked
 * ({@code session.updated} with the requested session) and answers each {@code input_audio_buffer.append} with the
 * same audio as {@code response.output_audio.delta}, so the warm-up's calls run the whole frame path both ways
 * through the real model client and protocol. Everything else is ignored.
 */
final class WarmupModel {

    private static final String APPEND = "\"type\":\"input_audio_buffer.append\"";
    private static final String AUDIO = "\"audio\":\"";
    private static final String DELTA = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"warmup\","
            + "\"response_id\":\"warmup\",\"item_id\":\"warmup\",\"output_index\":0,\"content_index\":0,\"delta\":\"";

    private final HttpServer server;
    private final ObjectMapper json;

    private WarmupModel(HttpServer server, ObjectMapper json) {
        this.server = server;
        this.json = json;
    }

    static Future<WarmupModel> start(Vertx vertx, ObjectMapper json) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
                .setPort(0)
                .setMaxWebSocketMessageSize(4 * 1024 * 1024));
        WarmupModel model = new WarmupModel(server, json);
        server.webSocketHandler(model::session);
        return server.listen().map(listening -> model);
    }

    /** The realtime URL the warm-up's calls use. */
    String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/v1/realtime";
    }

    Future<Void> close() {
        return server.close();
    }

    private void session(ServerWebSocket socket) {
        socket.textMessageHandler(text -> {
            if (text.contains(APPEND)) {
                int from = text.indexOf(AUDIO);
                if (from >= 0) {
                    from += AUDIO.length();
                    socket.writeTextMessage(DELTA + text.substring(from, text.indexOf('"', from)) + "\"}");
                }
            } else if (text.contains("\"type\":\"session.update\"")) {
                socket.writeTextMessage(updated(text));
            }
        });
        socket.exceptionHandler(ignored -> socket.close());
    }

    private String updated(String update) {
        ObjectNode event = json.createObjectNode().put("type", "session.updated").put("event_id", "warmup");
        ObjectNode session;
        try {
            JsonNode asked = json.readTree(update).path("session");
            session = asked.isObject() ? (ObjectNode) asked : json.createObjectNode();
        } catch (Exception e) {
            session = json.createObjectNode();
        }
        // The effective session as the API describes it: what was asked, with the session's identity.
        event.set("session", session.put("id", "sess_warmup").put("object", "realtime.session"));
        return event.toString();
    }
}
