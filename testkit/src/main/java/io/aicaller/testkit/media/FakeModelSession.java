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
    private final boolean refuseSessionUpdate;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile String activeResponse;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger responses = new AtomicInteger();
    private final String authorization;
    private final String query;
    private volatile boolean closedByBridge;

    FakeModelSession(ServerWebSocket socket, boolean echoAudio, boolean record, boolean refuseSessionUpdate) {
        this.socket = socket;
        this.echoAudio = echoAudio;
        this.record = record;
        this.refuseSessionUpdate = refuseSessionUpdate;
        this.authorization = socket.headers().get("Authorization");
        this.query = socket.query();
        socket.textMessageHandler(this::onMessage);
        socket.closeHandler(v -> closedByBridge = true);
        send(RealtimeServerEvents.sessionCreated());
    }

    /** Every server event leaves through here: checked against OpenAI's schema when this session records. */
    private void send(String event) {
        if (record) {
            violations.addAll(RealtimeSchemas.violations(RealtimeSchemas.Side.SERVER, event)
                    .stream()
                    .map(v -> "sent by the fake: " + v)
                    .toList());
        }
        socket.writeTextMessage(event);
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
        String eventId = event.path("event_id").asText(null);
        switch (event.path("type").asText()) {
            case "session.update":
                if (refuseSessionUpdate) {
                    // As the real API does for a setting it does not accept: the whole update is refused.
                    send(RealtimeServerEvents.error("invalid_request_error", "invalid_value",
                            "Invalid value: 'audio/pcmu'. Supported values are: 'audio/pcm'.",
                            "session.audio.output.format.type", eventId));
                } else {
                    send(RealtimeServerEvents.sessionUpdated(event.path("session")));
                }
                break;
            case "input_audio_buffer.append":
                if (echoAudio) {
                    audioDelta("resp_echo", "item_echo", event.path("audio").asText());
                }
                break;
            case "response.create":
                if (activeResponse != null) {
                    send(RealtimeServerEvents.error("invalid_request_error", "conversation_already_has_active_response",
                            "Conversation already has an active response in progress: " + activeResponse
                                    + ". Wait until the response is finished before creating a new one.",
                            null, eventId));
                } else {
                    reply();
                }
                break;
            case "response.cancel":
                if (activeResponse != null) {
                    finishReply(activeResponse, "cancelled");
                }
                break;
            default:
                break;
        }
        // Recorded once answered: a test that saw an event arrive may rely on the answer having left before.
        if (record) {
            received.add(event);
            violations.addAll(RealtimeSchemas.violations(RealtimeSchemas.Side.CLIENT, text)
                    .stream()
                    .map(v -> "sent by the bridge: " + v)
                    .toList());
        }
    }

    /** A whole response: created, {@link #REPLY_CHUNKS} audio chunks, transcript, done. */
    public String reply() {
        int n = responses.incrementAndGet();
        String responseId = "resp_" + n;
        String itemId = "item_reply_" + n;
        send(RealtimeServerEvents.responseCreated(responseId));
        for (int i = 0; i < REPLY_CHUNKS; i++) {
            byte[] chunk = new byte[CHUNK_BYTES];
            java.util.Arrays.fill(chunk, (byte) (0x10 + i));
            audioDelta(responseId, itemId, Base64.getEncoder().encodeToString(chunk));
        }
        send(RealtimeServerEvents.audioTranscriptDone(responseId, itemId, "Reply number " + n));
        send(RealtimeServerEvents.responseDone(responseId, "completed"));
        return itemId;
    }

    /**
     * Starts a response and sends some of its audio without finishing it: until {@link #finishReply} (or a
     * {@code response.cancel}), a {@code response.create} is refused, as the real API does.
     */
    public void startReply(String responseId, String itemId, int chunks) {
        activeResponse = responseId;
        send(RealtimeServerEvents.responseCreated(responseId));
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = new byte[CHUNK_BYTES];
            java.util.Arrays.fill(chunk, (byte) 0x42);
            audioDelta(responseId, itemId, Base64.getEncoder().encodeToString(chunk));
        }
    }

    /** Ends the running response. */
    public void finishReply(String responseId, String status) {
        activeResponse = null;
        send(RealtimeServerEvents.responseDone(responseId, status));
    }

    public void audioDelta(String responseId, String itemId, String base64) {
        send(RealtimeServerEvents.audioDelta(responseId, itemId, base64));
    }

    public void speechStarted(long audioStartMs) {
        send(RealtimeServerEvents.speechStarted(audioStartMs, "item_caller"));
    }

    public void speechStopped(long audioEndMs) {
        send(RealtimeServerEvents.speechStopped(audioEndMs, "item_caller"));
    }

    public void callerTranscript(String text) {
        send(RealtimeServerEvents.inputTranscriptCompleted("item_caller", text));
    }

    /** A response that only calls a tool: created, the completed function-call item, done. */
    public void callTool(String callId, String name, String argumentsJson) {
        String responseId = "resp_fc_" + callId;
        send(RealtimeServerEvents.responseCreated(responseId));
        send(RealtimeServerEvents.functionCallDone(responseId, "item_fc_" + callId, callId, name, argumentsJson));
        send(RealtimeServerEvents.responseDone(responseId, "completed"));
    }

    /** A tool call inside the running response (see {@link #startReply}), which goes on afterwards. */
    public void callToolWithin(String responseId, String callId, String name, String argumentsJson) {
        send(RealtimeServerEvents.functionCallDone(responseId, "item_fc_" + callId, callId, name, argumentsJson));
    }

    public void error(String type, String code, String message) {
        send(RealtimeServerEvents.error(type, code, message));
    }

    /** Some event the bridge does not know. */
    public void sendRaw(String text) {
        socket.writeTextMessage(text);
    }

    /** The model goes away mid-call. */
    public void drop() {
        socket.close((short) 1011, "fake model dropped");
    }

    /**
     * Everything either side sent on this session that OpenAI's official schemas refuse (strictly: no undefined
     * fields). Empty when the bridge and the fake both spoke the real API.
     */
    public List<String> violations() {
        return List.copyOf(violations);
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
