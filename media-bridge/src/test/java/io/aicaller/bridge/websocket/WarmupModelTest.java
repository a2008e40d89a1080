package io.aicaller.bridge.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

import io.aicaller.agents.TurnDetection;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.bridge.model.OpenAiRealtimeProtocol;
import io.aicaller.testkit.media.RealtimeSchemas;

/**
 * The warm-up's loopback model speaks the server side of OpenAI's Realtime protocol: what it sends is held to
 * OpenAI's official schemas, and the bridge's parser reads it as a confirmed session and agent audio.
 */
class WarmupModelTest {

    static final AgentProfile PROFILE = new AgentProfile("support", "gpt-realtime", "Be brief.", "alloy", "Hi!",
            TurnDetection.serverVad(), List.of("end_call"), null, null, AgentProfile.PCMU);

    @Test
    void whatTheWarmUpModelSendsConformsToOpenAisSchemaAndConfirmsTheSessionAsAsked() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WarmupModel model = WarmupModel.start(vertx, new ObjectMapper())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            WebSocket socket = vertx.createWebSocketClient()
                    .connect(new WebSocketConnectOptions().setAbsoluteURI(model.url() + "?model=gpt-realtime"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            List<String> received = new CopyOnWriteArrayList<>();
            socket.textMessageHandler(received::add);
            OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
            socket.writeTextMessage(protocol.sessionUpdate("c1", PROFILE));
            socket.writeTextMessage(protocol.appendAudio("c2", "////".repeat(53) + "/w=="));
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 2);

            assertThat(received).allSatisfy(
                    event -> assertThat(RealtimeSchemas.violations(RealtimeSchemas.Side.SERVER, event)).isEmpty());
            ModelEvent.SessionReady ready = (ModelEvent.SessionReady) protocol.parse(received.get(0));
            assertThat(ready.updated()).isTrue();
            assertThat(ready.inputFormat()).isEqualTo("audio/pcmu");
            assertThat(ready.outputFormat()).isEqualTo("audio/pcmu");
            ModelEvent.AudioDelta delta = (ModelEvent.AudioDelta) protocol.parse(received.get(1));
            assertThat(delta.delta()).isEqualTo("////".repeat(53) + "/w==");
            model.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
    }
}
