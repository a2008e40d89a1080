package io.aicaller.testkit.media;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.ServerWebSocket;

/** One bridge-to-model session of the {@link FakeRealtimeServer}: what the bridge sent, and levers to pull. */
public final class FakeModelSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the fake model "says" for a response: 3 chunks of 20 ms with recognisable bytes. */
    public static final int REPLY_CHUNKS = 3;
    public static final int CHUNK_BYTES = 160;

    private static final String APPEND = "\"type\":\"input_audio_buffer.append\"";
    private static final String AUDIO = "\"audio\":\"";
    private static final String ECHO_DELTA = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"evt_echo\","
            + "\"response_id\":\"resp_echo\",\"item_id\":\"item_echo\",\"output_index\":0,\"content_index\":0,\"delta\":\"";

    private final ServerWebSocket socket;
    private final boolean echoAudio;
    private final boolean record;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger responses = new AtomicInteger();
    private final String authorization;
    private final String query;
    private volatile boolean closedByBridge;

    FakeModelSession(ServerWebSocket socket, boolean echoAudio, boolean record) {
        this.socket = socket;
        this.echoAudio = echoAudio;
        this.record = record;
        this.authorization = socket.headers().get("Authorization");
        this.query = socket.query();
        socket.textMessageHandler(this::onMessage);
        socket.closeHandler(v -> closedByBridge = true);
        socket.writeTextMessage(RealtimeServerEvents.sessionCreated());
    }

    private void onMessage(String text) {
        if (!record && echoAudio && text.contains(APPEND)) {
            // A load generator's model: echo without a tree or a record, so the generator's own cost stays small.
            int from = text.indexOf(AUDIO) + AUDIO.length();
            int to = text.indexOf('"', from);
            if (from >= AUDIO.length() && to > from) {
                // Built by hand, not through a tree: at hundreds of calls this runs 50 times a second per call.
                socket.writeTextMessage(ECHO_DELTA + text.substring(from, to) + "\"}");
            }
            return;
        }
        JsonNode event;
        try {
            event = JSON.readTree(text);
        } catch (Exception e) {
            return;
        }
        if (record) {
            received.add(event);
        }
        switch (event.path("type").asText()) {
            case "session.update":
                socket.writeTextMessage(RealtimeServerEvents.sessionUpdated(null));
                break;
            case "input_audio_buffer.append":
                if (echoAudio) {
                    audioDelta("resp_echo", "item_echo", event.path("audio").asText());
                }
                break;
            case "response.create":
                reply();
                break;
            default:
                break;
        }
    }

    /** A whole response: created, {@link #REPLY_CHUNKS} audio chunks, transcript, done. */
    public String reply() {
        int n = responses.incrementAndGet();
        String responseId = "resp_" + n;
        String itemId = "item_reply_" + n;
        socket.writeTextMessage(RealtimeServerEvents.responseCreated(responseId));
        for (int i = 0; i < REPLY_CHUNKS; i++) {
            byte[] chunk = new byte[CHUNK_BYTES];
            java.util.Arrays.fill(chunk, (byte) (0x10 + i));
            audioDelta(responseId, itemId, Base64.getEncoder().encodeToString(chunk));
        }
        socket.writeTextMessage(RealtimeServerEvents.audioTranscriptDone(responseId, itemId, "Reply number " + n));
        socket.writeTextMessage(RealtimeServerEvents.responseDone(responseId, "completed"));
        return itemId;
    }

    /** Starts a response and sends some of its audio without finishing it. */
    public void startReply(String responseId, String itemId, int chunks) {
        socket.writeTextMessage(RealtimeServerEvents.responseCreated(responseId));
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = new byte[CHUNK_BYTES];
            java.util.Arrays.fill(chunk, (byte) 0x42);
            audioDelta(responseId, itemId, Base64.getEncoder().encodeToString(chunk));
        }
    }

    public void audioDelta(String responseId, String itemId, String base64) {
        socket.writeTextMessage(RealtimeServerEvents.audioDelta(responseId, itemId, base64));
    }

    public void speechStarted(long audioStartMs) {
        socket.writeTextMessage(RealtimeServerEvents.speechStarted(audioStartMs, "item_caller"));
    }

    public void speechStopped(long audioEndMs) {
        socket.writeTextMessage(RealtimeServerEvents.speechStopped(audioEndMs, "item_caller"));
    }

    public void callerTranscript(String text) {
        socket.writeTextMessage(RealtimeServerEvents.inputTranscriptCompleted("item_caller", text));
    }

    /** A completed function call item, as the model emits when it calls a tool. */
    public void callTool(String callId, String name, String argumentsJson) {
        socket.writeTextMessage(RealtimeServerEvents.functionCallDone(null, "item_fc_" + callId, callId, name,
                argumentsJson));
    }

    public void error(String type, String code, String message) {
        socket.writeTextMessage(RealtimeServerEvents.error(type, code, message));
    }

    /** Some event the bridge does not know. */
    public void sendRaw(String text) {
        socket.writeTextMessage(text);
    }

    /** The model goes away mid-call. */
    public void drop() {
        socket.close((short) 1011, "fake model dropped");
    }

    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    public List<JsonNode> received(String type) {
        return received.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    public String authorization() {
        return authorization;
    }

    public String query() {
        return query;
    }

    public boolean closedByBridge() {
        return closedByBridge;
    }

    public void await(Predicate<FakeModelSession> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what + "; model received "
                        + received.stream().map(e -> e.path("type").asText()).toList());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
