package io.aicaller.sandbox.agent;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.testkit.media.RealtimeServerEvents;

/**
 * The offline demo agent: one realtime session, speaking the OpenAI Realtime GA events the bridge uses, with no model
 * behind it. It greets with a bundled prompt, hears the caller by energy (emitting {@code speech_started} and
 * {@code speech_stopped}, so barge-in works), answers with bundled prompts, and calls tools on keypad digits: 1
 * {@code send_sms}, 0 {@code transfer_call}, # {@code end_call}. Pure: client events in, server events out.
 */
public final class DemoAgent {

    /** Speech is a few loud 20 ms frames in a row; it ends after 400 ms of quiet. */
    static final int LOUD_LEVEL = 40;
    static final int FRAMES_TO_START = 3;
    static final int FRAMES_TO_STOP = 20;
    private static final int FRAME_BYTES = 160;
    private static final int DELTA_BYTES = 800;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, byte[]> prompts;
    private final String transferNumber;
    private final List<String> out = new ArrayList<>();
    private long audioMs;
    private int loudFrames;
    private int quietFrames;
    private boolean speaking;
    private long speechStartMs;
    private int items;
    private int responses;
    private String pendingDigit;
    private String lastTool;
    private boolean greeted;

    /** {@code prompts} by name: greeting, answer, sms-sent, transfer, goodbye (raw mu-law). */
    public DemoAgent(Map<String, byte[]> prompts, String transferNumber) {
        this.prompts = prompts;
        this.transferNumber = transferNumber;
    }

    /** What the server says when the socket opens. */
    public List<String> opened() {
        emit(RealtimeServerEvents.sessionCreated());
        return drain();
    }

    /** Answers one client event with the server events it causes. */
    public List<String> onClientEvent(String text) {
        JsonNode event;
        try {
            event = json.readTree(text);
        } catch (Exception e) {
            emit(RealtimeServerEvents.error("invalid_request_error", "invalid_json", "The event is not JSON"));
            return drain();
        }
        switch (event.path("type").asText()) {
            case "session.update":
                emit(RealtimeServerEvents.sessionUpdated(event.path("session")));
                break;
            case "input_audio_buffer.append":
                hear(Base64.getDecoder().decode(event.path("audio").asText("")));
                break;
            case "conversation.item.create":
                itemCreated(event.path("item"));
                break;
            case "response.create":
                respond(event.path("response").path("instructions").asText(""));
                break;
            case "conversation.item.truncate":
                emit(RealtimeServerEvents.truncated(event.path("item_id").asText(),
                        event.path("content_index").asInt(), event.path("audio_end_ms").asLong()));
                break;
            case "response.cancel":
                // Every response is sent whole at once, so none is ever still running to cancel.
                break;
            default:
                break;
        }
        return drain();
    }

    private void itemCreated(JsonNode item) {
        if ("function_call_output".equals(item.path("type").asText())) {
            return; // the bridge follows with response.create, answered by what the tool was
        }
        String text = item.path("content").path(0).path("text").asText("");
        int key = text.indexOf("keypad key ");
        if (key >= 0 && text.length() > key + 11) {
            pendingDigit = text.substring(key + 11, key + 12);
        }
    }

    private void respond(String instructions) {
        if (!greeted && instructions.startsWith("Greet")) {
            greeted = true;
            speak("greeting", "Hello, this is the ai-caller demo agent.");
            return;
        }
        if (lastTool != null) {
            String tool = lastTool;
            lastTool = null;
            if (tool.equals("send_sms")) {
                speak("sms-sent", "Done. I have sent you a text message.");
            } else {
                speak("transfer", "Transferring you now.");
            }
            return;
        }
        String digit = pendingDigit;
        pendingDigit = null;
        if ("1".equals(digit)) {
            callTool("send_sms", json.createObjectNode().put("body", "Hello from the ai-caller demo agent!"), null);
        } else if ("0".equals(digit)) {
            callTool("transfer_call", json.createObjectNode().put("to", transferNumber), null);
        } else if ("#".equals(digit)) {
            callTool("end_call", json.createObjectNode(), "goodbye");
        } else {
            speak("answer", "I heard you. I am the offline demo agent.");
        }
    }

    private void hear(byte[] mulaw) {
        for (int offset = 0; offset + FRAME_BYTES <= mulaw.length; offset += FRAME_BYTES) {
            boolean loud = level(mulaw, offset) >= LOUD_LEVEL;
            audioMs += 20;
            if (!speaking) {
                loudFrames = loud ? loudFrames + 1 : 0;
                if (loudFrames >= FRAMES_TO_START) {
                    speaking = true;
                    quietFrames = 0;
                    speechStartMs = audioMs - FRAMES_TO_START * 20L;
                    emit(RealtimeServerEvents.speechStarted(speechStartMs, callerItem()));
                }
            } else {
                quietFrames = loud ? 0 : quietFrames + 1;
                if (quietFrames >= FRAMES_TO_STOP) {
                    speaking = false;
                    loudFrames = 0;
                    String item = callerItem();
                    emit(RealtimeServerEvents.speechStopped(audioMs, item));
                    emit(RealtimeServerEvents.committed(item));
                    emit(RealtimeServerEvents.inputTranscriptCompleted(item,
                            "(the caller spoke for " + (audioMs - speechStartMs) + " ms)"));
                    items++;
                    // Server VAD answers a finished turn on its own.
                    respond("");
                }
            }
        }
    }

    private String callerItem() {
        return "item_caller_" + (items + 1);
    }

    /**
     * Loudness of one 20 ms mu-law frame, 0 (silence) to 127: mu-law bytes are sign plus a logarithmic magnitude,
     * inverted, so the magnitude is read without decoding to PCM.
     */
    static int level(byte[] mulaw, int offset) {
        int sum = 0;
        for (int i = offset; i < offset + FRAME_BYTES; i++) {
            sum += ~mulaw[i] & 0x7F;
        }
        return sum / FRAME_BYTES;
    }

    private void speak(String prompt, String transcript) {
        String responseId = "resp_demo_" + (++responses);
        String itemId = "item_agent_" + responses;
        emit(RealtimeServerEvents.responseCreated(responseId));
        byte[] audio = prompts.get(prompt);
        for (int offset = 0; offset < audio.length; offset += DELTA_BYTES) {
            byte[] chunk = java.util.Arrays.copyOfRange(audio, offset, Math.min(audio.length, offset + DELTA_BYTES));
            emit(RealtimeServerEvents.audioDelta(responseId, itemId, Base64.getEncoder().encodeToString(chunk)));
        }
        emit(RealtimeServerEvents.audioTranscriptDone(responseId, itemId, transcript));
        emit(RealtimeServerEvents.responseDone(responseId, "completed"));
    }

    private void callTool(String name, ObjectNode arguments, String promptFirst) {
        String responseId = "resp_demo_" + (++responses);
        if (promptFirst != null) {
            speak(promptFirst, "Thank you for calling. Goodbye.");
        }
        String callId = "call_demo_" + responses;
        emit(RealtimeServerEvents.responseCreated(responseId));
        emit(RealtimeServerEvents.functionCallDone(responseId, "item_fc_" + responses, callId, name,
                arguments.toString()));
        emit(RealtimeServerEvents.responseDone(responseId, "completed"));
        lastTool = name.equals("end_call") ? null : name;
    }

    private void emit(String event) {
        out.add(event);
    }

    private List<String> drain() {
        List<String> events = List.copyOf(out);
        out.clear();
        return events;
    }
}
