package io.aicaller.bridge.websocket;

import static io.aicaller.bridge.websocket.MediaStreamTest.TIMEOUT;
import static io.aicaller.bridge.websocket.MediaStreamTest.frame;
import static io.aicaller.bridge.websocket.MediaStreamTest.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.bridge.support.BridgeFakes;
import io.aicaller.bridge.support.BridgeTestResource;
import io.aicaller.bridge.support.InjectBridgeFakes;
import io.aicaller.events.EventType;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.media.FakeModelSession;
import io.aicaller.testkit.media.MediaStreamsCaller;

/** Hostile input, a failing model and many calls at once. */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class MediaStreamResilienceTest {

    @TestHTTPResource("/")
    URL base;

    @InjectBridgeFakes
    BridgeFakes fakes;

    MediaStreamsCaller call() {
        return BridgeFakes.call(base);
    }

    @Test
    void hostileFramesAreCountedAndSkippedWithoutTouchingTheCallOrAnotherOne() {
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller hostile = call(); MediaStreamsCaller neighbour = call()) {
            hostile.media(frame(1)); // media before start
            hostile.start(params(hostile, "quiet"));
            neighbour.start(params(neighbour, "quiet"));
            FakeModelSession first = fakes.model.awaitSession(TIMEOUT);
            FakeModelSession second = fakes.model.awaitSession(TIMEOUT);

            hostile.sendRaw("{not json");
            hostile.sendRaw("[1,2,3]");
            hostile.sendRaw("{\"event\":\"media\",\"streamSid\":\"" + hostile.streamSid()
                    + "\",\"media\":{\"payload\":\"@@not base64@@\"}}");
            hostile.sendRaw("{\"event\":\"media\",\"streamSid\":\"MZ00000000000000000000000000000000\","
                    + "\"media\":{\"payload\":\"AAAA\"}}");
            hostile.sendRaw("{\"event\":\"media\",\"streamSid\":\"" + hostile.streamSid()
                    + "\",\"media\":{\"chunk\":\"x\",\"payload\":\"AAAA\"}}");
            hostile.sendRaw("{\"event\":\"something-new\"}");
            hostile.sendBinary(new byte[]{1, 2, 3});
            for (int i = 0; i < 2000; i++) {
                hostile.sendRaw("{\"flood\":" + i + "}");
            }
            for (int i = 0; i < 10; i++) {
                neighbour.media(frame(0x60 + i));
                hostile.media(frame(0x30 + i));
            }

            neighbour.await(c -> c.received("media").size() == 10, TIMEOUT, "neighbour's echo");
            hostile.await(c -> c.received("media").size() == 10, TIMEOUT, "hostile call's echo");
            for (int i = 0; i < 10; i++) {
                assertThat(Arrays.copyOfRange(neighbour.audio(), i * 160, (i + 1) * 160)).isEqualTo(frame(0x60 + i));
                assertThat(Arrays.copyOfRange(hostile.audio(), i * 160, (i + 1) * 160)).isEqualTo(frame(0x30 + i));
            }
            assertThat(first.closedByBridge()).isFalse();
            assertThat(second.closedByBridge()).isFalse();

            hostile.stop();
            ReceivedEvent ended = fakes.streamEnded(hostile.callSid());
            assertThat(ended.json().path("framesIn").asLong()).isEqualTo(10);
            // before start, not JSON, not an object, bad base64, wrong streamSid, bad number, binary, 2000 floods
            assertThat(ended.json().path("framesDropped").asLong()).isEqualTo(2007);
        }
    }

    @Test
    void anOversizeFrameEndsOnlyItsOwnStream() {
        try (MediaStreamsCaller oversize = call(); MediaStreamsCaller neighbour = call()) {
            oversize.start(params(oversize, "quiet"));
            neighbour.start(params(neighbour, "quiet"));
            oversize.sendRawFragmented("{\"event\":\"media\",\"pad\":\"" + "x".repeat(100_000) + "\"}", 16_000);
            assertThat(oversize.awaitClosed(TIMEOUT)).as("close code: message too big").isEqualTo((short) 1009);
            neighbour.media(frame(0x55));
            neighbour.await(c -> c.received("media").size() == 1, TIMEOUT, "neighbour still served");
        }
    }

    @Test
    void aStartWithAStreamSidThatIsNotTwiliosIsNeverEchoed() {
        int sessions = fakes.model.sessions().size();
        try (MediaStreamsCaller hostile = call()) {
            hostile.sendRaw("{\"event\":\"start\",\"streamSid\":\"MZ1\\\",\\\"x\\\":\\\"1\",\"start\":{\"streamSid\":"
                    + "\"MZ1\\\",\\\"x\\\":\\\"1\",\"callSid\":\"" + hostile.callSid()
                    + "\",\"customParameters\":{}}}");
            // Not a start: no model session, nothing sent back, and the no-start timer closes the stream.
            hostile.awaitClosed(TIMEOUT);
            assertThat(hostile.received()).isEmpty();
            assertThat(fakes.model.sessions()).hasSize(sessions);
        }
    }

    @Test
    void anOversizeSingleFrameIsRefusedWithMessageTooBig() {
        try (MediaStreamsCaller oversize = call(); MediaStreamsCaller neighbour = call()) {
            oversize.start(params(oversize, "quiet"));
            neighbour.start(params(neighbour, "quiet"));
            oversize.sendRawFrame("{\"event\":\"media\",\"pad\":\"" + "x".repeat(100_000) + "\"}");
            assertThat(oversize.awaitClosed(TIMEOUT)).as("close code: message too big").isEqualTo((short) 1009);
            neighbour.media(frame(0x56));
            neighbour.await(c -> c.received("media").size() == 1, TIMEOUT, "neighbour still served");
        }
    }

    @Test
    void aModelDroppedMidCallApologisesAndHandsTheCallBack() {
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller caller = call()) {
            caller.start(params(caller, "quiet"));
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("session.update").isEmpty(), TIMEOUT, "session.update");
            model.drop();

            caller.await(c -> c.received("mark")
                    .stream()
                    .anyMatch(m -> m.path("mark").path("name").asText().equals("apology")), TIMEOUT, "apology");
            assertThat(caller.received("media").size()).isGreaterThan(100); // ~4 s of 20 ms frames
            ReceivedEvent command = fakes.command(caller.callSid());
            assertThat(command.type()).isEqualTo(EventType.CALL_HANG_UP.ceType());
            assertThat(command.json().path("reason").asText()).contains("model-failed");
            caller.stop();
            assertThat(fakes.streamEnded(caller.callSid()).json().path("reason").asText()).startsWith("model-failed");
        }
    }

    @Test
    void aRefusedSessionUpdateEndsInTheApologyNeverInNoise() {
        fakes.model.refuseSessionUpdates(true);
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller caller = call()) {
            caller.start(params(caller, "support"));
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            caller.media(frame(0x21));
            caller.await(c -> c.received("mark")
                    .stream()
                    .anyMatch(m -> m.path("mark").path("name").asText().equals("apology")), TIMEOUT, "apology");
            // Only the apology played: the session keeps the API's PCM defaults, and none of its output is asked for.
            assertThat(caller.received().get(0).path("event").asText()).isEqualTo("clear");
            assertThat(model.received("response.create")).isEmpty();
            assertThat(model.received("input_audio_buffer.append")).isEmpty();
            ReceivedEvent command = fakes.command(caller.callSid());
            assertThat(command.type()).isEqualTo(EventType.CALL_HANG_UP.ceType());
            assertThat(command.json().path("reason").asText()).isEqualTo(
                    "model-failed: session refused: invalid_value (session.audio.output.format.type)");
            caller.stop();
            assertThat(fakes.streamEnded(caller.callSid()).json().path("reason").asText())
                    .isEqualTo("model-failed: session refused: invalid_value (session.audio.output.format.type)");
        } finally {
            fakes.model.refuseSessionUpdates(false);
        }
    }

    @Test
    void anUnreachableModelTransfersToTheProfilesFallbackNumber() {
        fakes.model.refuseConnections(true);
        try (MediaStreamsCaller caller = call()) {
            caller.start(params(caller, "handback"));
            caller.await(c -> c.received("mark")
                    .stream()
                    .anyMatch(m -> m.path("mark").path("name").asText().equals("apology")), TIMEOUT, "apology");
            assertThat(caller.received("media").size()).isGreaterThan(100); // ~4 s of 20 ms frames
            ReceivedEvent command = fakes.command(caller.callSid());
            assertThat(command.type()).isEqualTo(EventType.CALL_TRANSFER.ceType());
            assertThat(command.json().path("to").asText()).isEqualTo(BridgeFakes.FALLBACK_NUMBER);
        } finally {
            fakes.model.refuseConnections(false);
        }
    }

    @Test
    void fiftyConcurrentCallsNeverCrossAudio() throws Exception {
        int calls = 50;
        int frames = 25;
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int n = 0; n < calls; n++) {
                int tag = n;
                results.add(pool.submit(() -> {
                    try (MediaStreamsCaller caller = call()) {
                        caller.start(params(caller, "quiet"));
                        for (int i = 0; i < frames; i++) {
                            byte[] bytes = frame(0x80 + tag);
                            bytes[0] = (byte) i;
                            caller.media(bytes);
                        }
                        caller.await(c -> c.received("media").size() == frames, Duration.ofSeconds(30),
                                "echo of call " + tag);
                        byte[] audio = caller.audio();
                        for (int i = 0; i < frames; i++) {
                            byte[] expected = frame(0x80 + tag);
                            expected[0] = (byte) i;
                            assertThat(Arrays.copyOfRange(audio, i * 160, (i + 1) * 160)).isEqualTo(expected);
                        }
                        caller.stop();
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterEach
    void bothSidesSpokeTheOfficialProtocol() {
        assertThat(fakes.model.violations()).isEmpty();
    }

}
