package io.aicaller.sandbox.agent;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The offline stand-in for the text model of post-call analysis: deterministic, no key. It answers what the gateway
 * asks for (the members its instructions list) from the transcript: the summary quotes the caller's first and the
 * agent's last turn, success is whether the agent spoke at all, and data fills the agent's schema with values of the
 * right types (the first allowed value of an enum, the minimum of a number, null where null is allowed, the caller's
 * first words for other strings). Good enough to run the whole flow locally; not an analysis. Pure.
 */
public final class DemoAnalysis {

    private static final String SCHEMA_MARKER = "JSON Schema";

    private final ObjectMapper json;

    public DemoAnalysis(ObjectMapper json) {
        this.json = json;
    }

    /** The answer's content for a chat-completions request made by the gateway's analyzer. */
    public String answer(JsonNode request) {
        String instructions = "";
        StringBuilder transcript = new StringBuilder();
        for (JsonNode message : request.path("messages")) {
            if (message.path("role").asText().equals("system")) {
                instructions = message.path("content").asText();
            } else if (message.path("content").asText().startsWith("The call's transcript:")) {
                transcript.append(message.path("content").asText());
            }
        }
        String firstCaller = null;
        String lastAgent = null;
        for (String line : transcript.toString().split("\n")) {
            if (line.startsWith("caller: ") && firstCaller == null) {
                firstCaller = line.substring(8).replace(" [interrupted]", "");
            } else if (line.startsWith("agent: ")) {
                lastAgent = line.substring(7).replace(" [interrupted]", "");
            }
        }
        ObjectNode answer = json.createObjectNode();
        if (instructions.contains("\"summary\"")) {
            answer.put("summary", "The caller said \"" + (firstCaller == null ? "nothing" : firstCaller)
                    + "\"; the agent ended with \"" + (lastAgent == null ? "nothing" : lastAgent) + "\".");
        }
        if (instructions.contains("\"success\"")) {
            answer.put("success", lastAgent != null);
        }
        int at = instructions.indexOf(SCHEMA_MARKER);
        if (at >= 0) {
            int start = instructions.indexOf('{', at);
            int end = instructions.indexOf('\n', start);
            try {
                JsonNode schema = json.readTree(instructions.substring(start, end < 0 ? instructions.length() : end));
                answer.set("data", fill(schema, firstCaller == null ? "" : firstCaller));
            } catch (Exception e) {
                answer.putNull("data");
            }
        }
        return answer.toString();
    }

    private JsonNode fill(JsonNode schema, String words) {
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(0);
        }
        JsonNode type = schema.path("type");
        String kind = type.isArray() ? first(type) : type.asText();
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (t.asText().equals("null")) {
                    return json.nullNode();
                }
            }
        }
        switch (kind) {
            case "object":
                ObjectNode object = json.createObjectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> property = it.next();
                    object.set(property.getKey(), fill(property.getValue(), words));
                }
                return object;
            case "array":
                return json.createArrayNode();
            case "integer":
                return json.getNodeFactory().numberNode(schema.path("minimum").asLong(0));
            case "number":
                return json.getNodeFactory().numberNode(schema.path("minimum").asDouble(0));
            case "boolean":
                return json.getNodeFactory().booleanNode(false);
            case "null":
                return json.nullNode();
            default:
                return json.getNodeFactory().textNode(words.length() > 80 ? words.substring(0, 80) : words);
        }
    }

    private static String first(JsonNode types) {
        for (JsonNode t : types) {
            if (!t.asText().equals("null")) {
                return t.asText();
            }
        }
        return "null";
    }
}
