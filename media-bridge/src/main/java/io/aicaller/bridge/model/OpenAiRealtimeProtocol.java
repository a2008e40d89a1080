package io.aicaller.bridge.model;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.TurnDetection;

/**
 * OpenAI Realtime API, GA shape ({@code gpt-realtime}): {@code audio/pcmu} both ways, so Twilio's mu-law passes
 * through untouched, and {@code response.output_audio.delta} for the model's voice.
 */
public final class OpenAiRealtimeProtocol implements RealtimeProtocol {

    private final ObjectMapper json = new ObjectMapper();

    /**
     * One streaming pass over the top-level fields; only the nested {@code response}, {@code item} and {@code error}
     * objects become trees. Audio deltas, the bulk of the traffic, build no tree at all.
     */
    @Override
    public ModelEvent parse(String text) {
        String type = null;
        String itemId = null;
        String responseId = null;
        String delta = null;
        String transcript = null;
        int contentIndex = 0;
        long audioStartMs = 0;
        long audioEndMs = 0;
        JsonNode response = null;
        JsonNode item = null;
        JsonNode error = null;
        JsonNode session = null;
        try (JsonParser parser = json.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new ModelEvent.Unknown("not-an-object", text);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type":
                        type = parser.getValueAsString();
                        break;
                    case "item_id":
                        itemId = parser.getValueAsString();
                        break;
                    case "response_id":
                        responseId = parser.getValueAsString();
                        break;
                    case "delta":
                        delta = parser.getValueAsString();
                        break;
                    case "transcript":
                        transcript = parser.getValueAsString();
                        break;
                    case "content_index":
                        contentIndex = parser.getValueAsInt();
                        break;
                    case "audio_start_ms":
                        audioStartMs = parser.getValueAsLong();
                        break;
                    case "audio_end_ms":
                        audioEndMs = parser.getValueAsLong();
                        break;
                    case "response":
                        response = tree(parser, value);
                        break;
                    case "item":
                        item = tree(parser, value);
                        break;
                    case "error":
                        error = tree(parser, value);
                        break;
                    case "session":
                        session = tree(parser, value);
                        break;
                    default:
                        parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return new ModelEvent.Unknown("unparseable", text);
        }
        if (type == null) {
            return new ModelEvent.Unknown("", text);
        }
        switch (type) {
            case "response.output_audio.delta":
                return new ModelEvent.AudioDelta(responseId, itemId, contentIndex, delta);
            case "input_audio_buffer.speech_started":
                return new ModelEvent.SpeechStarted(itemId, audioStartMs);
            case "input_audio_buffer.speech_stopped":
                return new ModelEvent.SpeechStopped(itemId, audioEndMs);
            case "response.created":
                return new ModelEvent.ResponseCreated(text(response, "id"));
            case "response.done":
                return new ModelEvent.ResponseDone(text(response, "id"), text(response, "status"));
            case "response.output_audio_transcript.done":
                return new ModelEvent.AudioTranscriptDone(itemId, transcript);
            case "conversation.item.input_audio_transcription.completed":
                return new ModelEvent.InputTranscriptDone(itemId, transcript);
            case "response.output_item.done":
                if ("function_call".equals(text(item, "type"))) {
                    return new ModelEvent.FunctionCallDone(text(item, "id"), text(item, "call_id"),
                            text(item, "name"), text(item, "arguments"), text(item, "status"));
                }
                return new ModelEvent.Unknown(type, text);
            case "session.created":
            case "session.updated":
                JsonNode audio = session == null ? null : session.path("audio");
                return new ModelEvent.SessionReady(type,
                        audio == null ? null : text(audio.path("input").path("format"), "type"),
                        audio == null ? null : text(audio.path("output").path("format"), "type"));
            case "error":
                return new ModelEvent.Error(text(error, "type"), text(error, "code"), text(error, "message"),
                        text(error, "param"), text(error, "event_id"));
            default:
                return new ModelEvent.Unknown(type, text);
        }
    }

    private static JsonNode tree(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            return parser.readValueAsTree();
        }
        parser.skipChildren();
        return null;
    }

    @Override
    public String sessionUpdate(String eventId, AgentProfile profile) {
        ObjectNode session = json.createObjectNode();
        session.put("type", "realtime");
        session.put("model", profile.model());
        session.putArray("output_modalities").add("audio");
        ObjectNode audio = session.putObject("audio");
        ObjectNode input = audio.putObject("input");
        format(input.putObject("format"), profile);
        if (profile.noiseReduction() != null && !"off".equals(profile.noiseReduction())) {
            input.putObject("noise_reduction").put("type", profile.noiseReduction());
        }
        turnDetection(input, profile.turnDetection());
        if (profile.transcriptionModel() != null && !profile.transcriptionModel().isBlank()) {
            ObjectNode transcription = input.putObject("transcription").put("model", profile.transcriptionModel());
            if (profile.language() != null) {
                transcription.put("language", profile.language());
            }
        }
        ObjectNode output = audio.putObject("output");
        format(output.putObject("format"), profile);
        if (profile.voice() != null && profile.voice().startsWith("voice_")) {
            output.putObject("voice").put("id", profile.voice()); // a custom voice goes by id
        } else {
            output.put("voice", profile.voice());
        }
        session.put("instructions", profile.instructions());
        ArrayNode tools = session.putArray("tools");
        for (String tool : profile.tools()) {
            ObjectNode definition = toolDefinition(tool, profile.transferNumber() != null);
            if (definition != null) {
                tools.add(definition);
            }
        }
        for (AgentDefinition.HttpTool tool : profile.httpTools()) {
            ObjectNode function = tools.addObject()
                    .put("type", "function")
                    .put("name", tool.name())
                    .put("description", tool.description());
            if (tool.parameters() != null) {
                function.set("parameters", tool.parameters());
            } else {
                function.putObject("parameters").put("type", "object").putObject("properties");
            }
        }
        for (McpTool server : profile.mcpServers()) {
            ObjectNode mcp = tools.addObject()
                    .put("type", "mcp")
                    .put("server_label", server.label())
                    .put("server_url", server.url());
            if (server.description() != null) {
                mcp.put("server_description", server.description());
            }
            if (server.authorization() != null) {
                mcp.put("authorization", server.authorization());
            }
            if (server.allowedTools() != null) {
                ArrayNode allowed = mcp.putArray("allowed_tools");
                server.allowedTools().forEach(allowed::add);
            }
            // The API's default is "always", and nobody on a phone line can approve: allowed_tools is the limit.
            mcp.put("require_approval", "never");
        }
        ObjectNode event = event(eventId, "session.update");
        event.set("session", session);
        return event.toString();
    }

    /** GA turns detection off with {@code null}; each kind takes only its own settings. */
    private static void turnDetection(ObjectNode input, TurnDetection turns) {
        if (turns.isOff()) {
            input.putNull("turn_detection");
            return;
        }
        ObjectNode node = input.putObject("turn_detection").put("type", turns.type());
        if (turns.threshold() != null) {
            node.put("threshold", turns.threshold());
        }
        if (turns.prefixPaddingMs() != null) {
            node.put("prefix_padding_ms", turns.prefixPaddingMs());
        }
        if (turns.silenceDurationMs() != null) {
            node.put("silence_duration_ms", turns.silenceDurationMs());
        }
        if (turns.idleTimeoutMs() != null) {
            node.put("idle_timeout_ms", turns.idleTimeoutMs());
        }
        if (turns.eagerness() != null) {
            node.put("eagerness", turns.eagerness());
        }
    }

    private ObjectNode event(String eventId, String type) {
        ObjectNode event = json.createObjectNode();
        event.put("type", type);
        event.put("event_id", eventId);
        return event;
    }

    private static void format(ObjectNode format, AgentProfile profile) {
        if (profile.transcodes()) {
            format.put("type", AgentProfile.PCM).put("rate", 24000);
        } else {
            format.put("type", AgentProfile.PCMU);
        }
    }

    /** @param transferNumberKnown the agent has a transfer number: {@code transfer_call} needs no {@code to} */
    private ObjectNode toolDefinition(String tool, boolean transferNumberKnown) {
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
                if (transferNumberKnown) {
                    function.put("description", "Transfer the caller to a human colleague.");
                    properties.putObject("to")
                            .put("type", "string")
                            .put("description",
                                    "Only if the caller asked for a specific E.164 number; omit to reach the usual colleague");
                } else {
                    function.put("description", "Transfer the caller to a human at the given phone number.");
                    properties.putObject("to")
                            .put("type", "string")
                            .put("description",
                                    "E.164 number, e.g. +14155550123");
                    parameters.putArray("required").add("to");
                }
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
    public String appendAudio(String eventId, String base64Audio) {
        // By hand: 50 times a second per call, and no tree is needed for two fields of plain ASCII.
        return new StringBuilder(base64Audio.length() + 80)
                .append("{\"type\":\"input_audio_buffer.append\",\"event_id\":\"")
                .append(eventId)
                .append("\",\"audio\":\"")
                .append(base64Audio)
                .append("\"}")
                .toString();
    }

    @Override
    public String commitAudio(String eventId) {
        return event(eventId, "input_audio_buffer.commit").toString();
    }

    @Override
    public String userText(String eventId, String text) {
        ObjectNode event = event(eventId, "conversation.item.create");
        ObjectNode item = event.putObject("item");
        item.put("type", "message");
        item.put("role", "user");
        item.putArray("content").addObject().put("type", "input_text").put("text", text);
        return event.toString();
    }

    @Override
    public String responseCreate(String eventId, String instructions) {
        ObjectNode event = event(eventId, "response.create");
        if (instructions != null) {
            event.putObject("response").put("instructions", instructions);
        }
        return event.toString();
    }

    @Override
    public String responseCancel(String eventId) {
        return event(eventId, "response.cancel").toString();
    }

    @Override
    public String truncate(String eventId, String itemId, int contentIndex, long audioEndMs) {
        ObjectNode event = event(eventId, "conversation.item.truncate");
        event.put("item_id", itemId);
        event.put("content_index", contentIndex);
        event.put("audio_end_ms", audioEndMs);
        return event.toString();
    }

    @Override
    public String functionCallOutput(String eventId, String callId, String outputJson) {
        ObjectNode event = event(eventId, "conversation.item.create");
        ObjectNode item = event.putObject("item");
        item.put("type", "function_call_output");
        item.put("call_id", callId);
        item.put("output", outputJson);
        return event.toString();
    }

    private static String text(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
