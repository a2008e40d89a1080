package io.aicaller.bench;

import java.util.ArrayDeque;
import java.util.Queue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The floor the media-bridge is measured against: the thinnest relay that moves the same messages over the same
 * sockets (one Twilio WebSocket and one model WebSocket per call, plain Vert.x), with no signature check, no JSON
 * parser, no session, no metrics and no Kafka. It forwards each {@code media} payload as
 * {@code input_audio_buffer.append} and each model audio delta as Twilio {@code media} followed by a {@code mark}.
 * What the bridge costs above this is what its features and its framework cost; this relay's own CPU is what the
 * sockets cost on the machine. Not a product: benchmark only.
 *
 * <p>
 * Arguments: {@code port modelUrl}. {@code GET /q/health/ready} answers 200 once listening.
 */
public final class RelayFloor {

    private static final String PAYLOAD = "\"payload\":\"";
    private static final String DELTA = "\"delta\":\"";

    private RelayFloor() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String modelUrl = args[1];
        Vertx vertx = Vertx.vertx();
        WebSocketClient models = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(request -> request.response().end("ready"))
                .webSocketHandler(twilio -> new Call(twilio, models, modelUrl))
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .join();
    }

    /** One call: both sockets live on the Twilio connection's event loop, as in the bridge. */
    private static final class Call {
        private final ServerWebSocket twilio;
        private final Queue<String> early = new ArrayDeque<>();
        private WebSocket model;
        private String streamSid;
        private long marks;

        Call(ServerWebSocket twilio, WebSocketClient models, String modelUrl) {
            this.twilio = twilio;
            twilio.textMessageHandler(text -> {
                if (streamSid == null && text.contains("\"event\":\"start\"")) {
                    streamSid = field(text, "\"streamSid\":\"");
                    models.connect(new WebSocketConnectOptions().setAbsoluteURI(modelUrl)).onSuccess(ws -> {
                        model = ws;
                        ws.textMessageHandler(this::fromModel);
                        while (!early.isEmpty()) {
                            ws.writeTextMessage(early.poll());
                        }
                    });
                } else if (text.contains("\"event\":\"media\"")) {
                    String append = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + field(text, PAYLOAD)
                            + "\"}";
                    if (model != null) {
                        model.writeTextMessage(append);
                    } else {
                        early.add(append); // like the bridge, no audio is lost while the model socket opens
                    }
                }
            });
            twilio.closeHandler(v -> {
                if (model != null) {
                    model.close();
                }
            });
        }

        private void fromModel(String text) {
            if (text.contains("\"type\":\"response.output_audio.delta\"")) {
                twilio.writeTextMessage("{\"event\":\"media\",\"streamSid\":\"" + streamSid
                        + "\",\"media\":{\"payload\":\"" + field(text, DELTA) + "\"}}");
                twilio.writeTextMessage("{\"event\":\"mark\",\"streamSid\":\"" + streamSid
                        + "\",\"mark\":{\"name\":\"m" + (++marks) + "\"}}");
            }
        }

        private static String field(String text, String key) {
            int from = text.indexOf(key) + key.length();
            return text.substring(from, text.indexOf('"', from));
        }
    }
}
