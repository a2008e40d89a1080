package io.aicaller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

import io.aicaller.testkit.media.RealtimeSchemas;

/** The bench's turn-taking model speaks OpenAI's Realtime protocol as its official schemas define it. */
class TurnModelTest {

    @Test
    void itsEventsAreOpenAisAndItTakesTurns() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            TurnModel model = TurnModel.start(vertx, 300);
            List<String> received = new CopyOnWriteArrayList<>();
            // The handler is in place before the connection opens: session.created comes at once.
            ClientWebSocket socket = vertx.createWebSocketClient().webSocket();
            socket.textMessageHandler(received::add);
            socket.connect(new WebSocketConnectOptions().setAbsoluteURI(model.url() + "?model=bench"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            socket.writeTextMessage("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\"}}");
            byte[] speech = new byte[TurnModel.FRAME];
            Arrays.fill(speech, (byte) 0x2A);
            byte[] silence = new byte[TurnModel.FRAME];
            Arrays.fill(silence, TurnModel.SILENCE);
            for (byte[] frame : List.of(silence, speech, speech, silence)) {
                socket.writeTextMessage("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                        + Base64.getEncoder().encodeToString(frame) + "\"}");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.size() < 9 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ObjectMapper json = new ObjectMapper();
            List<String> types = new ArrayList<>();
            for (String event : received) {
                assertThat(RealtimeSchemas.violations(RealtimeSchemas.Side.SERVER, event)).as(event).isEmpty();
                types.add(json.readTree(event).path("type").asText());
            }
            assertThat(types).containsExactly("session.created", "session.updated",
                    "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "response.created",
                    "response.output_audio.delta", "response.output_audio.delta", "response.output_audio.delta",
                    "response.done");
            model.close();
        } finally {
            vertx.close();
        }
    }
}
