package io.aicaller.bench;

import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

import io.aicaller.testkit.media.RealtimeServerEvents;

/**
 * A realtime model for {@link TurnLatencyBench} that takes turns: it hears the caller start speaking in the first
 * frame that is not silence and stop in the first silent one after, and answers at once with a whole reply of
 * agent audio, sent faster than it plays (as OpenAI's are). Its detection takes no time, so what the bench measures
 * is what the bridge adds to a turn: its input batches, its parsing and its writes.
 */
final class TurnModel {

    static final byte SILENCE = (byte) 0xFF;
    static final int FRAME = 160;
    private static final String APPEND = "\"input_audio_buffer.append\"";
    private static final String AUDIO = "\"audio\":\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String chunk;
    private final int chunks;

    /** @param replyMs how much agent audio each reply holds, in 100 ms chunks */
    private TurnModel(Vertx vertx, int replyMs) throws Exception {
        byte[] audio = new byte[800];
        Arrays.fill(audio, (byte) 0x55);
        this.chunk = Base64.getEncoder().encodeToString(audio);
        this.chunks = replyMs / 100;
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        server.webSocketHandler(Session::new);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static TurnModel start(Vertx vertx, int replyMs) throws Exception {
        return new TurnModel(vertx, replyMs);
    }

    String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/v1/realtime";
    }

    void close() {
        server.close();
    }

    private final class Session {
        private final ServerWebSocket socket;
        private boolean speaking;
        private long audioMs;
        private int turn;

        Session(ServerWebSocket socket) {
            this.socket = socket;
            socket.textMessageHandler(this::onMessage);
            socket.writeTextMessage(RealtimeServerEvents.sessionCreated());
        }

        private void onMessage(String text) {
            if (text.contains(APPEND)) {
                int from = text.indexOf(AUDIO) + AUDIO.length();
                onAudio(Base64.getDecoder().decode(text.substring(from, text.indexOf('"', from))));
                return;
            }
            try {
                JsonNode event = JSON.readTree(text);
                if (event.path("type").asText().equals("session.update")) {
                    socket.writeTextMessage(RealtimeServerEvents.sessionUpdated(event.path("session")));
                }
                // response.cancel and conversation.item.truncate need no answer: each reply is already done.
            } catch (Exception e) {
                // not a bench concern: the bridge sends JSON
            }
        }

        private void onAudio(byte[] audio) {
            for (int offset = 0; offset < audio.length; offset += FRAME) {
                boolean speech = audio[offset] != SILENCE;
                audioMs += Math.min(FRAME, audio.length - offset) / 8;
                if (speech && !speaking) {
                    speaking = true;
                    socket.writeTextMessage(RealtimeServerEvents.speechStarted(audioMs, "item_caller_" + turn));
                } else if (!speech && speaking) {
                    speaking = false;
                    socket.writeTextMessage(RealtimeServerEvents.speechStopped(audioMs, "item_caller_" + turn));
                    reply();
                }
            }
        }

        private void reply() {
            turn++;
            String response = "resp_" + turn;
            String item = "item_agent_" + turn;
            socket.writeTextMessage(RealtimeServerEvents.responseCreated(response));
            for (int i = 0; i < chunks; i++) {
                socket.writeTextMessage(RealtimeServerEvents.audioDelta(response, item, chunk));
            }
            socket.writeTextMessage(RealtimeServerEvents.responseDone(response, "completed"));
        }
    }
}
