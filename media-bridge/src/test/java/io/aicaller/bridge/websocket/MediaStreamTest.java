package io.aicaller.bridge.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.bridge.support.BridgeFakes;
import io.aicaller.bridge.support.BridgeTestResource;
import io.aicaller.bridge.support.InjectBridgeFakes;
import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.CloudEventSender;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.media.FakeModelSession;
import io.aicaller.testkit.media.MediaStreamsCaller;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioSigner;

@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class MediaStreamTest {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final String PATH = "/webhooks/twilio/media";

    @TestHTTPResource("/")
    URL base;

    @InjectBridgeFakes
    BridgeFakes fakes;

    MediaStreamsCaller call() {
        return MediaStreamsCaller.connect(wsUrl(), BridgeFakes.PUBLIC_URL + PATH, BridgeFakes.AUTH_TOKEN);
    }

    String wsUrl() {
        return "ws://" + base.getHost() + ":" + base.getPort() + PATH;
    }

    @AfterEach
    void bothSidesSpokeTheOfficialProtocol() {
        assertThat(fakes.model.violations()).isEmpty();
    }

    static Map<String, String> params(MediaStreamsCaller caller, String profile) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", "+14155550100");
        params.put("to", "+14155550199");
        params.put("callSid", caller.callSid());
        params.put("direction", "inbound");
        params.put("profile", profile);
        return params;
    }

    static byte[] frame(int tag) {
        byte[] bytes = new byte[160];
        Arrays.fill(bytes, (byte) tag);
        return bytes;
    }

    @Test
    void theAgentGreetsAndAudioPassesThroughByteForByteBothWays() {
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller caller = call()) {
            caller.start();
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            assertThat(model.authorization()).isEqualTo("Bearer " + BridgeFakes.OPENAI_KEY);
            assertThat(model.query()).isEqualTo("model=gpt-realtime");

            model.await(m -> !m.received("response.create").isEmpty(), TIMEOUT, "greeting request");
            JsonNode session = model.received("session.update").get(0).path("session");
            assertThat(session.path("audio").path("input").path("format").path("type").asText()).isEqualTo(
                    "audio/pcmu");
            assertThat(session.path("audio").path("output").path("format").path("type").asText()).isEqualTo(
                    "audio/pcmu");
            assertThat(session.path("tools")).extracting(t -> t.path("name").asText())
                    .containsExactly("end_call", "transfer_call", "send_sms");
            assertThat(model.received("response.create").get(0).path("response").path("instructions").asText())
                    .contains("Hello! How can I help you today?");
            caller.await(c -> c.received("media").size() >= FakeModelSession.REPLY_CHUNKS, TIMEOUT, "greeting");
            assertThat(caller.received("mark")).hasSizeGreaterThanOrEqualTo(FakeModelSession.REPLY_CHUNKS);
            assertThat(caller.received("media")).allSatisfy(
                    m -> assertThat(m.path("streamSid").asText()).isEqualTo(caller.streamSid()));

            for (int i = 0; i < 20; i++) {
                caller.media(frame(0x40 + i));
            }
            model.await(m -> m.received("input_audio_buffer.append").size() == 20, TIMEOUT, "caller audio");
            List<JsonNode> appends = model.received("input_audio_buffer.append");
            for (int i = 0; i < 20; i++) {
                assertThat(Base64.getDecoder().decode(appends.get(i).path("audio").asText())).isEqualTo(
                        frame(0x40 + i));
            }
            caller.await(c -> c.received("media").size() == FakeModelSession.REPLY_CHUNKS + 20, TIMEOUT,
                    "echoed audio");
            byte[] audio = caller.audio();
            byte[] echoed = Arrays.copyOfRange(audio, FakeModelSession.REPLY_CHUNKS * 160, audio.length);
            for (int i = 0; i < 20; i++) {
                assertThat(Arrays.copyOfRange(echoed, i * 160, (i + 1) * 160)).isEqualTo(frame(0x40 + i));
            }
        }
    }

    @Test
    void bargeInTruncatesAtWhatTheCallerHeardClearsTwilioAndDropsLateAudio() {
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller caller = call().autoEchoMarks(false)) {
            caller.start(params(caller, "quiet"));
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("session.update").isEmpty(), TIMEOUT, "session.update");
            assertThat(model.received("response.create")).isEmpty();

            model.startReply("resp_long", "item_long", 5);
            caller.await(c -> c.received("mark").size() == 5, TIMEOUT, "5 chunks with marks");
            caller.playMarks(2); // 2 x 20 ms have played at Twilio
            // The echoes and the model's event travel on different sockets; let the echoes land first.
            sleep(300);
            model.speechStarted(1200);

            model.await(m -> !m.received("conversation.item.truncate").isEmpty(), TIMEOUT, "truncate");
            assertThat(model.received("response.cancel")).hasSize(1);
            JsonNode truncate = model.received("conversation.item.truncate").get(0);
            assertThat(truncate.path("item_id").asText()).isEqualTo("item_long");
            assertThat(truncate.path("audio_end_ms").asLong()).isEqualTo(40);
            caller.await(c -> !c.received("clear").isEmpty(), TIMEOUT, "clear");
            assertThat(caller.received("clear").get(0).path("streamSid").asText()).isEqualTo(caller.streamSid());

            // Late audio of the interrupted item never reaches the caller; the next item does.
            model.audioDelta("resp_long", "item_long", Base64.getEncoder().encodeToString(frame(0x42)));
            String next = model.reply();
            caller.await(c -> c.received("media").size() == 5 + FakeModelSession.REPLY_CHUNKS, TIMEOUT,
                    "the next reply");
            assertThat(caller.received("media")).hasSize(5 + FakeModelSession.REPLY_CHUNKS);
            assertThat(next).isNotEqualTo("item_long");
            // The echoes that clear caused were not counted as played: a second barge-in finds nothing left to cut.
            assertThat(model.received("conversation.item.truncate")).hasSize(1);
        }
    }

    @Test
    void toolsBecomeCommandsOnKafkaAndTheModelHearsTheOutcome() {
        // Someone who replied STOP: the agent's text to them fails at once, with the reason.
        try (CloudEventSender sender = new CloudEventSender(fakes.bootstrapServers)) {
            sender.send(Topics.MESSAGES_OPT_OUTS, EventType.MESSAGE_OPT_OUT_CHANGED.ceType(), "opt-out-142",
                    "+14155550142", "{\"number\":\"+14155550142\",\"optedOut\":true,\"keyword\":\"STOP\","
                            + "\"messageSid\":\"SM00000000000000000000000000000142\","
                            + "\"changedAt\":\"2026-12-02T10:00:00Z\"}");
        }
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller caller = call()) {
            caller.start(params(caller, "quiet"));
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("session.update").isEmpty(), TIMEOUT, "session.update");

            model.callTool("call_sms", "send_sms", "{\"body\":\"Your code is 1234\"}");
            try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                    Topics.MESSAGES_SEND_REQUESTS)) {
                ReceivedEvent request = reader.await(1, TIMEOUT,
                        e -> caller.callSid().equals(e.json().path("callSid").asText())).get(0);
                assertThat(request.type()).isEqualTo(EventType.MESSAGE_SEND_REQUESTED.ceType());
                assertThat(request.json().path("to").asText()).isEqualTo("+14155550100");
                assertThat(request.json().path("from").asText()).isEqualTo("+14155550199");
                assertThat(request.json().path("body").asText()).isEqualTo("Your code is 1234");
            }
            model.await(m -> m.received("conversation.item.create")
                    .stream()
                    .anyMatch(e -> e.path("item").path("call_id").asText().equals("call_sms")), TIMEOUT,
                    "function_call_output");
            JsonNode output = model.received("conversation.item.create")
                    .stream()
                    .filter(e -> e.path("item").path("call_id").asText().equals("call_sms"))
                    .findFirst()
                    .get();
            assertThat(output.path("item").path("type").asText()).isEqualTo("function_call_output");
            assertThat(output.path("item").path("output").asText()).contains("requested");

            model.callTool("call_stopped", "send_sms", "{\"to\":\"+14155550142\",\"body\":\"Offer\"}");
            model.await(m -> m.received("conversation.item.create")
                    .stream()
                    .anyMatch(e -> e.path("item").path("call_id").asText().equals("call_stopped")), TIMEOUT,
                    "the refusal");
            assertThat(model.received("conversation.item.create")
                    .stream()
                    .filter(e -> e.path("item").path("call_id").asText().equals("call_stopped"))
                    .findFirst()
                    .get()
                    .path("item")
                    .path("output")
                    .asText()).contains("\"error\"").contains("opted out");
            try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                    Topics.MESSAGES_SEND_REQUESTS)) {
                assertThat(reader.readFor(java.time.Duration.ofSeconds(1),
                        e -> "+14155550142".equals(e.json().path("to").asText()))).isEmpty();
            }

            model.callTool("call_bad", "transfer_call", "{\"to\":\"front desk\"}");
            model.await(m -> m.received("conversation.item.create")
                    .stream()
                    .anyMatch(e -> e.path("item").path("call_id").asText().equals("call_bad")), TIMEOUT,
                    "error output");

            model.callTool("call_end", "end_call", "{}");
            try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                    Topics.CALLS_COMMANDS)) {
                List<ReceivedEvent> commands = reader.await(1, TIMEOUT, e -> caller.callSid().equals(e.subject()));
                assertThat(commands.get(0).type()).isEqualTo(EventType.CALL_HANG_UP.ceType());
            }
        }
    }

    @Test
    void endCallHangsUpOnceTheGoodbyeHasPlayed() {
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller caller = call()) {
            caller.realTimePlayout();
            caller.start(params(caller, "quiet"));
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            model.await(m -> !m.received("session.update").isEmpty(), TIMEOUT, "session.update");
            // The fake records an event once it has answered it: session.updated left before anything below.

            int chunks = 75; // 1.5 s of goodbye, then the tool call in the same response
            model.startReply("resp_bye", "item_bye", chunks);
            model.callToolWithin("resp_bye", "call_end", "end_call", "{}");
            model.finishReply("resp_bye", "completed");
            try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                    Topics.CALLS_COMMANDS)) {
                List<ReceivedEvent> commands = reader.await(1, TIMEOUT, e -> caller.callSid().equals(e.subject()));
                assertThat(commands.get(0).type()).isEqualTo(EventType.CALL_HANG_UP.ceType());
                // By the time the hang-up can be seen, the caller has heard every byte of the goodbye.
                assertThat(caller.played()).hasSize(chunks * FakeModelSession.CHUNK_BYTES);
            }
        }
    }

    @Test
    void keypadDigitsReachTheModelAsCallerInput() {
        fakes.model.clearNewSessions();
        try (MediaStreamsCaller caller = call()) {
            caller.start(params(caller, "quiet"));
            FakeModelSession model = fakes.model.awaitSession(TIMEOUT);
            caller.dtmf("5");
            model.await(m -> m.received("conversation.item.create")
                    .stream()
                    .anyMatch(e -> e.toString().contains("keypad key 5")), TIMEOUT, "dtmf text");
        }
    }

    @Test
    void unsignedAndForgedUpgradesAreRefusedBeforeAnyModelSession() {
        int before = fakes.model.upgradeAttempts();
        assertThatThrownBy(() -> MediaStreamsCaller.connect(wsUrl(), BridgeFakes.PUBLIC_URL + PATH, null))
                .isInstanceOfSatisfying(MediaStreamsCaller.UpgradeRefused.class,
                        e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> MediaStreamsCaller.connect(wsUrl(), BridgeFakes.PUBLIC_URL + PATH, "wrong-token"))
                .isInstanceOfSatisfying(MediaStreamsCaller.UpgradeRefused.class,
                        e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> MediaStreamsCaller.connect(wsUrl(), "wss://elsewhere.test" + PATH,
                BridgeFakes.AUTH_TOKEN)).isInstanceOf(MediaStreamsCaller.UpgradeRefused.class);
        assertThat(fakes.model.upgradeAttempts()).isEqualTo(before);
    }

    @Test
    void stopAndSocketLossCloseTheModelAndEachStreamEndsOnce() {
        fakes.model.clearNewSessions();
        MediaStreamsCaller stopped = call();
        stopped.start(params(stopped, "quiet"));
        FakeModelSession first = fakes.model.awaitSession(TIMEOUT);
        stopped.media(frame(1));
        stopped.stop();
        first.await(FakeModelSession::closedByBridge, TIMEOUT, "model closed after stop");
        stopped.close();

        MediaStreamsCaller lost = call();
        lost.start(params(lost, "quiet"));
        FakeModelSession second = fakes.model.awaitSession(TIMEOUT);
        second.await(m -> !m.received("session.update").isEmpty(), TIMEOUT, "session.update");
        lost.close();
        second.await(FakeModelSession::closedByBridge, TIMEOUT, "model closed after socket loss");

        assertThat(streamEnded(stopped.callSid()).json().path("reason").asText()).isEqualTo("stop");
        assertThat(streamEnded(stopped.callSid()).json().path("framesIn").asLong()).isEqualTo(1);
        assertThat(streamEnded(lost.callSid()).json().path("reason").asText()).isEqualTo("socket-closed");
    }

    @Test
    void aStreamThatNeverStartsIsClosed() {
        try (MediaStreamsCaller silent = call()) {
            silent.awaitClosed(Duration.ofSeconds(5));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ReceivedEvent streamEnded(String callSid) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(fakes.bootstrapServers,
                Topics.CALLS_LIFECYCLE)) {
            List<ReceivedEvent> lifecycle = reader.await(2, TIMEOUT, e -> callSid.equals(e.subject()));
            assertThat(lifecycle).extracting(ReceivedEvent::type)
                    .containsExactly(
                            EventType.CALL_STREAM_STARTED.ceType(), EventType.CALL_STREAM_ENDED.ceType());
            assertThat(reader.readFor(Duration.ofMillis(300), e -> callSid.equals(e.subject()))).hasSize(2);
            return lifecycle.get(1);
        }
    }

    /**
     * Through the real upgrade: the greeting's first {@code media} reaches a raw socket in the same read as its
     * {@code mark} (one TCP write per chunk, see {@link WriteCoalescing}).
     */
    @Test
    void eachChunksMediaAndMarkArriveInOneRead() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String signature = TwilioSigner.sign(BridgeFakes.AUTH_TOKEN, BridgeFakes.PUBLIC_URL + PATH, Map.of());
            out.write(("GET " + PATH + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nX-Twilio-Signature: " + signature + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the upgrade answer").isNotNegative();
                head += (char) b;
            }
            assertThat(head).startsWith("HTTP/1.1 101");
            String streamSid = TwilioRequests.sid("MZ");
            out.write(maskedText("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + streamSid
                    + "\",\"start\":{\"streamSid\":\"" + streamSid + "\",\"callSid\":\"" + TwilioRequests.sid("CA")
                    + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
                    + "\"sampleRate\":8000,\"channels\":1},\"customParameters\":{}}}"));
            out.flush();

            byte[] buffer = new byte[65536];
            String read = "";
            while (!read.contains("\"event\":\"media\"")) {
                int n = in.read(buffer);
                assertThat(n).as("the stream stays open until the greeting").isPositive();
                read = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            }
            assertThat(read.substring(read.indexOf("\"event\":\"media\""))).as("the read that brought a media")
                    .contains("\"event\":\"mark\"");
        }
    }

    /** A client frame: text, final, masked with a zero key (so the payload reads as it is). */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 8);
        frame.put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        frame.putInt(0).put(payload);
        return Arrays.copyOf(frame.array(), frame.position());
    }
}
