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

    public static String sessionCreated() {
        ObjectNode event = event("session.created");
        event.putObject("session").put("type", "realtime");
        return event.toString();
    }

    /** @param session the session as configured, echoed back (may be null) */
    public static String sessionUpdated(JsonNode session) {
        ObjectNode event = event("session.updated");
        if (session != null && !session.isMissingNode()) {
            event.set("session", session);
        }
        return event.toString();
    }

    public static String responseCreated(String responseId) {
        ObjectNode event = event("response.created");
        event.putObject("response").put("id", responseId).put("status", "in_progress");
        return event.toString();
    }

    /** @param status {@code completed}, {@code cancelled}, ... */
    public static String responseDone(String responseId, String status) {
        ObjectNode event = event("response.done");
        event.putObject("response").put("id", responseId).put("status", status);
        return event.toString();
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
        return event("conversation.item.input_audio_transcription.completed").put("item_id", itemId)
                .put("content_index", 0)
                .put("transcript", transcript)
                .toString();
    }

    /** A completed function-call item, as the model emits when it calls a tool. */
    public static String functionCallDone(String responseId, String itemId, String callId, String name,
            String argumentsJson) {
        ObjectNode event = event("response.output_item.done");
        if (responseId != null) {
            event.put("response_id", responseId);
        }
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
        ObjectNode event = event("error");
        event.putObject("error").put("type", type).put("code", code).put("message", message);
        return event.toString();
    }

    private static ObjectNode event(String type) {
        return JSON.createObjectNode().put("type", type).put("event_id", "evt_" + IDS.incrementAndGet());
    }
}
