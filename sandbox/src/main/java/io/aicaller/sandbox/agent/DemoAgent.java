package io.aicaller.sandbox.agent;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.testkit.media.RealtimeServerEvents;

/**
 * The offline demo agent: one realtime session, speaking the OpenAI Realtime GA events the bridge uses, with no model
 * behind it. It follows the agent it is given: it says what it is asked to say exactly (the agent's greeting, a
 * tool's filler sentence) with a bundled prompt of that text or, through {@code voice}, synthesised speech. It hears
 * the caller by energy (emitting {@code speech_started} and {@code speech_stopped}, so barge-in works), answers with
 * bundled prompts, and calls tools on keypad digits: 1 {@code send_sms}, 0 {@code transfer_call}, # {@code end_call},
 * 2 to 9 the agent's own tools in the order its session lists them, and then says what the tool answered. Pure:
 * client events in, server events out.
 */
public final class DemoAgent {

    /** Speech is a few loud 20 ms frames in a row; it ends after 400 ms of quiet. */
    static final int LOUD_LEVEL = 40;
    static final int FRAMES_TO_START = 3;
    static final int FRAMES_TO_STOP = 20;
    private static final int FRAME_BYTES = 160;
    private static final int DELTA_BYTES = 800;

    private static final Pattern SAY_EXACTLY = Pattern.compile("(?s).*?\\bexactly(?: this and nothing else)?: (.+)");
    private static final List<String> BUILT_IN_TOOLS = List.of("send_sms", "transfer_call", "end_call");
    private static final int MAX_SPOKEN_OUTPUT = 200;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, byte[]> prompts;
    private final String transferNumber;
    private final Function<String, byte[]> voice;
    /** The agent's own function tools, from its {@code session.update}: name and parameters. */
    private final List<JsonNode> agentTools = new ArrayList<>();
    private String toolOutput;
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
        this(prompts, transferNumber, text -> null);
    }

    /** @param voice text to raw mu-law, or null when it cannot say it (then a bundled prompt is played) */
    public DemoAgent(Map<String, byte[]> prompts, String transferNumber, Function<String, byte[]> voice) {
        this.prompts = prompts;
        this.transferNumber = transferNumber;
        this.voice = voice;
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
                agentTools.clear();
                for (JsonNode tool : event.path("session").path("tools")) {
                    if ("function".equals(tool.path("type").asText())
                            && !BUILT_IN_TOOLS.contains(tool.path("name").asText())) {
                        agentTools.add(tool);
                    }
                }
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
            toolOutput = item.path("output").asText(""); // the bridge follows with response.create
            return;
        }
        String text = item.path("content").path(0).path("text").asText("");
        int key = text.indexOf("keypad key ");
        if (key >= 0 && text.length() > key + 11) {
            pendingDigit = text.substring(key + 11, key + 12);
        }
    }

    private void respond(String instructions) {
        Matcher exactly = SAY_EXACTLY.matcher(instructions);
        if (exactly.matches()) {
            String text = exactly.group(1).trim();
            boolean greeting = !greeted && instructions.startsWith("Greet");
            greeted |= greeting;
            say(text, greeting ? "greeting" : "answer");
            return;
        }
        if (lastTool != null && !BUILT_IN_TOOLS.contains(lastTool)) {
            String output = toolOutput == null ? "nothing" : toolOutput.replaceAll("\\s+", " ");
            lastTool = null;
            toolOutput = null;
            say("The tool answered: " + (output.length() > MAX_SPOKEN_OUTPUT
                    ? output.substring(0, MAX_SPOKEN_OUTPUT)
                    : output), "answer");
            return;
        }
        if (lastTool != null) {
            String tool = lastTool;
            String output = toolOutput;
            lastTool = null;
            toolOutput = null;
            String refusal = output == null ? null : refusal(output);
            if (tool.equals("send_sms") && refusal != null) {
                say("Sorry, I could not send you a text message: " + refusal, "answer");
            } else if (tool.equals("send_sms")) {
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
        } else if (digit != null && digit.matches("[2-9]") && digit.charAt(0) - '2' < agentTools.size()) {
            JsonNode tool = agentTools.get(digit.charAt(0) - '2');
            callTool(tool.path("name").asText(), arguments(tool.path("parameters")), null);
        } else {
            speak("answer", "I heard you. I am the offline demo agent.");
        }
    }

    /** The error a tool's output reports, or null when it succeeded. */
    private String refusal(String output) {
        try {
            JsonNode error = json.readTree(output).path("error");
            return error.isMissingNode() || error.isNull() ? null : error.asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Demo values for the required arguments of a tool's JSON Schema. */
    private ObjectNode arguments(JsonNode schema) {
        ObjectNode arguments = json.createObjectNode();
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            switch (schema.path("properties").path(name).path("type").asText("string")) {
                case "integer":
                case "number":
                    arguments.put(name, 1);
                    break;
                case "boolean":
                    arguments.put(name, true);
                    break;
                default:
                    arguments.put(name, "demo");
                    break;
            }
        }
        return arguments;
    }

    /**
     * Says a text: its bundled prompt if one was recorded with exactly these words, else synthesised speech, else the
     * {@code fallback} prompt (the transcript still says what was meant).
     */
    private void say(String text, String fallback) {
        String bundled = Prompts.named(text);
        byte[] audio = bundled != null ? prompts.get(bundled) : voice.apply(text);
        speak(audio != null ? audio : prompts.get(fallback), text);
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
        speak(prompts.get(prompt), transcript);
    }

    private void speak(byte[] audio, String transcript) {
        String responseId = "resp_demo_" + (++responses);
        String itemId = "item_agent_" + responses;
        emit(RealtimeServerEvents.responseCreated(responseId));
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
        toolOutput = null;
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
