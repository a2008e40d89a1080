package io.aicaller.testkit.media;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAI Realtime (GA) server events our stand-in models send, built in one place: the test fake
 * ({@link FakeModelSession}) and the sandbox's offline demo agent speak the same wire format. Pure: text out, no I/O.
 * Every event carries an {@code event_id}, as the real API's do.
 */
public final class RealtimeServerEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong();

    private RealtimeServerEvents() {
    }

    /** The session as a new connection has it: the API's defaults (24 kHz PCM both ways, server VAD). */
    public static String sessionCreated() {
        ObjectNode event = event("session.created");
        event.set("session", defaultSession());
        return event.toString();
    }

    /**
     * The effective session after a {@code session.update}: the defaults with what the client asked for laid over
     * them, as the real API answers with the full configuration.
     *
     * @param requested the update's {@code session} (may be null or missing)
     */
    public static String sessionUpdated(JsonNode requested) {
        ObjectNode session = defaultSession();
        if (requested != null && requested.isObject()) {
            merge(session, (ObjectNode) requested);
        }
        session.put("id", SESSION_ID).put("object", "realtime.session");
        ObjectNode event = event("session.updated");
        event.set("session", session);
        return event.toString();
    }

    private static final String SESSION_ID = "sess_fake";

    private static ObjectNode defaultSession() {
        ObjectNode session = JSON.createObjectNode()
                .put("type", "realtime")
                .put("id", SESSION_ID)
                .put("object", "realtime.session")
                .put("model", "gpt-realtime")
                .put("expires_at", 0)
                .put("instructions", "");
        session.putArray("output_modalities").add("audio");
        ObjectNode audio = session.putObject("audio");
        ObjectNode input = audio.putObject("input");
        input.putObject("format").put("type", "audio/pcm").put("rate", 24000);
        input.putObject("turn_detection")
                .put("type", "server_vad")
                .put("threshold", 0.5)
                .put("prefix_padding_ms", 300)
                .put("silence_duration_ms", 500);
        ObjectNode output = audio.putObject("output");
        output.putObject("format").put("type", "audio/pcm").put("rate", 24000);
        output.put("voice", "alloy");
        session.putArray("tools");
        session.put("tool_choice", "auto");
        return session;
    }

    /** Objects merge field by field; anything else (null included: "turn detection off") replaces. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(field -> {
            JsonNode current = into.get(field.getKey());
            if (current != null && current.isObject() && field.getValue().isObject()
                    && !"format".equals(field.getKey()) && !"turn_detection".equals(field.getKey())) {
                merge((ObjectNode) current, (ObjectNode) field.getValue());
            } else {
                into.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    public static String responseCreated(String responseId) {
        ObjectNode event = event("response.created");
        response(event, responseId, "in_progress");
        return event.toString();
    }

    /** @param status {@code completed}, {@code cancelled}, ... */
    public static String responseDone(String responseId, String status) {
        ObjectNode event = event("response.done");
        response(event, responseId, status);
        return event.toString();
    }

    private static void response(ObjectNode event, String responseId, String status) {
        ObjectNode response = event.putObject("response")
                .put("id", responseId)
                .put("object", "realtime.response")
                .put("status", status);
        response.putArray("output");
        response.putArray("output_modalities").add("audio");
    }

    public static String audioDelta(String responseId, String itemId, String base64Audio) {
        return event("response.output_audio.delta").put("response_id", responseId)
                .put("item_id", itemId)
                .put("output_index", 0)
                .put("content_index", 0)
                .put("delta", base64Audio)
                .toString();
    }

    public static String audioTranscriptDone(String responseId, String itemId, String transcript) {
        return event("response.output_audio_transcript.done").put("response_id", responseId)
                .put("item_id", itemId)
                .put("output_index", 0)
                .put("content_index", 0)
                .put("transcript", transcript)
                .toString();
    }

    public static String speechStarted(long audioStartMs, String itemId) {
        return event("input_audio_buffer.speech_started").put("audio_start_ms", audioStartMs)
                .put("item_id", itemId)
                .toString();
    }

    public static String speechStopped(long audioEndMs, String itemId) {
        return event("input_audio_buffer.speech_stopped").put("audio_end_ms", audioEndMs)
                .put("item_id", itemId)
                .toString();
    }

    public static String committed(String itemId) {
        return event("input_audio_buffer.committed").put("item_id", itemId).toString();
    }

    /** The caller's words, once the input transcription finished. */
    public static String inputTranscriptCompleted(String itemId, String transcript) {
        ObjectNode event = event("conversation.item.input_audio_transcription.completed").put("item_id", itemId)
                .put("content_index", 0)
                .put("transcript", transcript);
        event.putObject("usage").put("type", "duration").put("seconds", 1.0);
        return event.toString();
    }

    /**
     * A completed function-call item, as the model emits when it calls a tool: inside a response, so between that
     * response's {@code response.created} and {@code response.done}.
     */
    public static String functionCallDone(String responseId, String itemId, String callId, String name,
            String argumentsJson) {
        ObjectNode event = event("response.output_item.done");
        event.put("response_id", responseId);
        event.put("output_index", 0)
                .putObject("item")
                .put("id", itemId)
                .put("type", "function_call")
                .put("status", "completed")
                .put("call_id", callId)
                .put("name", name)
                .put("arguments", argumentsJson);
        return event.toString();
    }

    public static String truncated(String itemId, int contentIndex, long audioEndMs) {
        return event("conversation.item.truncated").put("item_id", itemId)
                .put("content_index", contentIndex)
                .put("audio_end_ms", audioEndMs)
                .toString();
    }

    public static String error(String type, String code, String message) {
        return error(type, code, message, null, null);
    }

    /**
     * @param param the offending field, e.g. {@code session.audio.output.format} (nullable)
     * @param clientEventId the {@code event_id} of the client event that caused it (nullable)
     */
    public static String error(String type, String code, String message, String param, String clientEventId) {
        ObjectNode event = event("error");
        ObjectNode error = event.putObject("error").put("type", type).put("code", code).put("message", message);
        error.put("param", param);
        error.put("event_id", clientEventId);
        return event.toString();
    }

    private static ObjectNode event(String type) {
        return JSON.createObjectNode().put("type", type).put("event_id", "evt_" + IDS.incrementAndGet());
    }
}
