package io.aicaller.bridge.model;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI Realtime API, GA shape ({@code gpt-realtime}): {@code audio/pcmu} both ways, so Twilio's mu-law passes
 * through untouched, and {@code response.output_audio.delta} for the model's voice.
 */
public final class OpenAiRealtimeProtocol implements RealtimeProtocol {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public ModelEvent parse(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            return new ModelEvent.Unknown("unparseable", text);
        }
        if (root == null || !root.isObject()) {
            return new ModelEvent.Unknown("not-an-object", text);
        }
        String type = root.path("type").asText("");
        switch (type) {
            case "response.output_audio.delta":
                return new ModelEvent.AudioDelta(text(root, "response_id"), text(root, "item_id"),
                        root.path("content_index").asInt(0), text(root, "delta"));
            case "input_audio_buffer.speech_started":
                return new ModelEvent.SpeechStarted(text(root, "item_id"), root.path("audio_start_ms").asLong());
            case "input_audio_buffer.speech_stopped":
                return new ModelEvent.SpeechStopped(text(root, "item_id"), root.path("audio_end_ms").asLong());
            case "response.created":
                return new ModelEvent.ResponseCreated(text(root.path("response"), "id"));
            case "response.done":
                return new ModelEvent.ResponseDone(text(root.path("response"), "id"),
                        text(root.path("response"), "status"));
            case "response.output_audio_transcript.done":
                return new ModelEvent.AudioTranscriptDone(text(root, "item_id"), text(root, "transcript"));
            case "conversation.item.input_audio_transcription.completed":
                return new ModelEvent.InputTranscriptDone(text(root, "item_id"), text(root, "transcript"));
            case "response.output_item.done":
                JsonNode item = root.path("item");
                if ("function_call".equals(text(item, "type"))) {
                    return new ModelEvent.FunctionCallDone(text(item, "id"), text(item, "call_id"),
                            text(item, "name"), text(item, "arguments"), text(item, "status"));
                }
                return new ModelEvent.Unknown(type, text);
            case "session.created":
            case "session.updated":
                return new ModelEvent.SessionReady(type);
            case "error":
                JsonNode error = root.path("error");
                return new ModelEvent.Error(text(error, "type"), text(error, "code"), text(error, "message"));
            default:
                return new ModelEvent.Unknown(type, text);
        }
    }

    @Override
    public String sessionUpdate(AgentProfile profile) {
        ObjectNode session = json.createObjectNode();
        session.put("type", "realtime");
        session.put("model", profile.model());
        session.putArray("output_modalities").add("audio");
        ObjectNode audio = session.putObject("audio");
        ObjectNode input = audio.putObject("input");
        format(input.putObject("format"), profile);
        input.putObject("turn_detection").put("type", profile.turnDetection());
        if (profile.transcriptionModel() != null && !profile.transcriptionModel().isBlank()) {
            input.putObject("transcription").put("model", profile.transcriptionModel());
        }
        ObjectNode output = audio.putObject("output");
        format(output.putObject("format"), profile);
        output.put("voice", profile.voice());
        session.put("instructions", profile.instructions());
        ArrayNode tools = session.putArray("tools");
        for (String tool : profile.tools()) {
            ObjectNode definition = toolDefinition(tool);
            if (definition != null) {
                tools.add(definition);
            }
        }
        ObjectNode event = json.createObjectNode();
        event.put("type", "session.update");
        event.set("session", session);
        return event.toString();
    }

    private static void format(ObjectNode format, AgentProfile profile) {
        if (profile.transcodes()) {
            format.put("type", AgentProfile.PCM).put("rate", 24000);
        } else {
            format.put("type", AgentProfile.PCMU);
        }
    }

    private ObjectNode toolDefinition(String tool) {
        ObjectNode function = json.createObjectNode();
        function.put("type", "function");
        function.put("name", tool);
        ObjectNode parameters = json.createObjectNode();
        parameters.put("type", "object");
        ObjectNode properties = parameters.putObject("properties");
        switch (tool) {
            case AgentProfile.END_CALL:
                function.put("description", "End the phone call, after saying goodbye.");
                break;
            case AgentProfile.TRANSFER_CALL:
                function.put("description", "Transfer the caller to a human at the given phone number.");
                properties.putObject("to").put("type", "string").put("description", "E.164 number, e.g. +14155550123");
                parameters.putArray("required").add("to");
                break;
            case AgentProfile.SEND_SMS:
                function.put("description", "Send a text message, by default to the caller's number.");
                properties.putObject("to")
                        .put("type", "string")
                        .put("description",
                                "E.164 number; omit to text the caller");
                properties.putObject("body").put("type", "string").put("description", "The message text");
                parameters.putArray("required").add("body");
                break;
            default:
                return null;
        }
        function.set("parameters", parameters);
        return function;
    }

    @Override
    public String appendAudio(String base64Audio) {
        return new StringBuilder(base64Audio.length() + 48)
                .append("{\"type\":\"input_audio_buffer.append\",\"audio\":\"")
                .append(base64Audio)
                .append("\"}")
                .toString();
    }

    @Override
    public String userText(String text) {
        ObjectNode event = json.createObjectNode();
        event.put("type", "conversation.item.create");
        ObjectNode item = event.putObject("item");
        item.put("type", "message");
        item.put("role", "user");
        item.putArray("content").addObject().put("type", "input_text").put("text", text);
        return event.toString();
    }

    @Override
    public String responseCreate(String instructions) {
        ObjectNode event = json.createObjectNode();
        event.put("type", "response.create");
        if (instructions != null) {
            event.putObject("response").put("instructions", instructions);
        }
        return event.toString();
    }

    @Override
    public String responseCancel() {
        return "{\"type\":\"response.cancel\"}";
    }

    @Override
    public String truncate(String itemId, int contentIndex, long audioEndMs) {
        ObjectNode event = json.createObjectNode();
        event.put("type", "conversation.item.truncate");
        event.put("item_id", itemId);
        event.put("content_index", contentIndex);
        event.put("audio_end_ms", audioEndMs);
        return event.toString();
    }

    @Override
    public String functionCallOutput(String callId, String outputJson) {
        ObjectNode event = json.createObjectNode();
        event.put("type", "conversation.item.create");
        ObjectNode item = event.putObject("item");
        item.put("type", "function_call_output");
        item.put("call_id", callId);
        item.put("output", outputJson);
        return event.toString();
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
