package io.aicaller.gateway.analysis;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.DataSchema;

/**
 * The chat-completions request that analyses one call, and the check of its answer: a JSON object with
 * {@code summary} (when the agent has a summary prompt), {@code success} (with a rubric) and {@code data} (valid
 * against the agent's data schema). Pure: no I/O.
 */
public final class AnalysisPrompt {

    /** An answer read: what it held, and why it cannot be used (empty when it can). */
    public record Verdict(String summary, JsonNode data, Boolean success, List<String> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final AgentDefinition.Analysis settings;
    private final ObjectMapper json;

    public AnalysisPrompt(AgentDefinition.Analysis settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /**
     * @param earlierProblems why the previous answer was refused (empty on the first attempt); the model is told
     */
    public ObjectNode request(String model, String transcript, List<String> earlierProblems) {
        ObjectNode request = json.createObjectNode().put("model", model).put("temperature", 0);
        request.putObject("response_format").put("type", "json_object");
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", instructions());
        messages.addObject().put("role", "user").put("content", "The call's transcript:\n" + transcript);
        if (!earlierProblems.isEmpty()) {
            messages.addObject()
                    .put("role", "user")
                    .put("content", "Your previous answer was not usable: "
                            + String.join("; ", earlierProblems) + ". Answer again with one JSON object as described.");
        }
        return request;
    }

    String instructions() {
        StringBuilder text = new StringBuilder("You analyse a finished phone call between a caller and an AI agent."
                + " Answer with one JSON object and nothing else, with these members:\n");
        if (settings.summaryPrompt() != null) {
            text.append("- \"summary\": a string. ").append(settings.summaryPrompt()).append('\n');
        }
        if (settings.successRubric() != null) {
            text.append("- \"success\": true or false: whether the call met this rubric: ")
                    .append(settings.successRubric())
                    .append('\n');
        }
        if (settings.dataSchema() != null) {
            text.append("- \"data\": an object valid against this JSON Schema (use null where the call did not say):\n")
                    .append(settings.dataSchema().toString())
                    .append('\n');
        }
        return text.append("Turns marked [interrupted] were cut off by the other side.").toString();
    }

    /** Reads the model's message content. */
    public Verdict read(String content) {
        List<String> problems = new ArrayList<>();
        JsonNode answer;
        try {
            answer = json.readTree(content == null ? "" : content);
        } catch (Exception e) {
            return new Verdict(null, null, null, List.of("not JSON"));
        }
        if (answer == null || !answer.isObject()) {
            return new Verdict(null, null, null, List.of("not a JSON object"));
        }
        String summary = null;
        if (settings.summaryPrompt() != null) {
            JsonNode s = answer.get("summary");
            if (s == null || !s.isTextual() || s.asText().isBlank()) {
                problems.add("summary: a non-empty string is required");
            } else {
                summary = s.asText();
            }
        }
        Boolean success = null;
        if (settings.successRubric() != null) {
            JsonNode s = answer.get("success");
            if (s == null || !s.isBoolean()) {
                problems.add("success: true or false is required");
            } else {
                success = s.asBoolean();
            }
        }
        JsonNode data = null;
        if (settings.dataSchema() != null) {
            JsonNode d = answer.get("data");
            if (d == null) {
                problems.add("data: required");
            } else {
                problems.addAll(DataSchema.violations(settings.dataSchema(), d, "data"));
                data = d;
            }
        }
        return new Verdict(summary, data, success, problems);
    }
}
