package io.aicaller.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.agents.DataSchema;

class DemoAnalysisTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStandInFillsTheSchemaItIsGivenWithValidValues() throws Exception {
        JsonNode schema = JSON.readTree("""
                {"type": "object", "required": ["order", "status", "people"], "properties": {
                  "order": {"type": "string"}, "status": {"type": "string", "enum": ["found", "missing"]},
                  "people": {"type": "integer", "minimum": 1}, "email": {"type": ["string", "null"]},
                  "items": {"type": "array", "items": {"type": "string"}}}}""");
        ObjectNode request = JSON.createObjectNode();
        request.putArray("messages")
                .add(JSON.createObjectNode()
                        .put("role", "system")
                        .put("content", "Answer with:\n- \"summary\": a"
                                + " string.\n- \"success\": true or false.\n- \"data\": an object valid against this JSON"
                                + " Schema (use null where the call did not say):\n" + schema + "\nTurns marked..."))
                .add(JSON.createObjectNode()
                        .put("role", "user")
                        .put("content", "The call's transcript:\n"
                                + "agent: Hello.\ncaller: Where is order 42? [interrupted]\nagent: It ships Monday."));
        JsonNode answer = JSON.readTree(new DemoAnalysis(JSON).answer(request));
        assertThat(answer.get("summary").asText()).isEqualTo(
                "The caller said \"Where is order 42?\"; the agent ended with \"It ships Monday.\".");
        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(DataSchema.violations(schema, answer.get("data"), "data")).isEmpty();
        assertThat(answer.get("data").get("status").asText()).isEqualTo("found");
    }
}
