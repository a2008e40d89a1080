package io.aicaller.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class AgentRulesTest {

    static String example() throws IOException {
        try (InputStream in = AgentRulesTest.class.getResourceAsStream("/agents/support.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static ObjectNode exampleTree() throws IOException {
        return (ObjectNode) AgentRules.json().readTree(example());
    }

    static InvalidAgent refused(ObjectNode tree) {
        try {
            AgentRules.parse(tree.toString());
        } catch (InvalidAgent e) {
            return e;
        }
        throw new AssertionError("accepted: " + tree);
    }

    @Test
    void theDocumentedExampleIsValidAndSurvivesStorage() throws IOException {
        AgentDefinition agent = AgentRules.parse(example());
        assertThat(agent.httpTools()).singleElement()
                .satisfies(t -> assertThat(t.headers().get("X-Api-Key").secretEnv()).isEqualTo("CRM_API_KEY"));
        assertThat(agent.turnDetection().threshold()).isEqualTo(0.6);

        AgentDefinition stored = agent.stored(3, Instant.parse("2026-12-02T10:00:00Z"));
        AgentDefinition read = AgentRules.readStored(AgentRules.toJson(stored));
        assertThat(read).isEqualTo(stored);
        // What is stored passes the same rules: a reader never meets a definition a writer could not have written.
        assertThat(AgentRules.parse(AgentRules.toJson(stored))).isEqualTo(stored);
    }

    @Test
    void unknownFieldsAreRefusedWithTheirPath() throws IOException {
        ObjectNode tree = exampleTree();
        tree.put("temprature", 0.8);
        assertThat(refused(tree).problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("temprature");
            assertThat(p.message()).contains("unknown field").contains("instructions");
        });

        tree = exampleTree();
        ((ObjectNode) tree.withArray("httpTools").get(0)).put("method", "GET");
        assertThat(refused(tree).problems()).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("httpTools[0].method"));
    }

    @Test
    void aRecordedAgentWithADisclosureIsValidAndItsSettingsAreChecked() throws IOException {
        ObjectNode tree = exampleTree();
        tree.putObject("recording").put("enabled", true).put("retentionDays", 30);
        tree.put("disclosure", "This call is recorded and I am an AI assistant.");
        tree.putArray("redact").add("card-numbers").add("phone-numbers");
        AgentDefinition agent = AgentRules.parse(tree.toString());
        assertThat(agent.redact()).containsExactly("card-numbers", "phone-numbers");
        assertThat(agent.recorded()).isTrue();
        assertThat(agent.recording().retentionDays()).isEqualTo(30);
        assertThat(agent.disclosure()).startsWith("This call is recorded");

        tree.putObject("recording").put("enabled", true).put("retention", "forever").put("retentionDays", 0);
        tree.put("disclosure", " ");
        tree.putArray("redact").add("names");
        assertThatThrownBy(() -> AgentRules.parse(tree.toString()))
                .isInstanceOfSatisfying(InvalidAgent.class, e -> assertThat(e.problems())
                        .extracting(InvalidAgent.Problem::field)
                        .contains("recording.retention", "recording.retentionDays", "disclosure", "redact[0]"));
        tree.remove("redact");
        tree.putObject("recording");
        tree.remove("disclosure");
        assertThatThrownBy(() -> AgentRules.parse(tree.toString()))
                .isInstanceOfSatisfying(InvalidAgent.class, e -> assertThat(e.problems())
                        .extracting(InvalidAgent.Problem::field)
                        .containsExactly("recording.enabled"));
    }

    @Test
    void analysisSettingsAreChecked() throws IOException {
        ObjectNode tree = exampleTree();
        ObjectNode analysis = tree.putObject("analysis");
        analysis.put("summaryPrompt", "Two sentences: what the caller wanted and what was agreed.");
        analysis.put("successRubric", "An appointment was booked or moved.");
        analysis.set("dataSchema", new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type": "object", "properties": {"appointment": {"type": "string"}}}"""));
        assertThat(AgentRules.parse(tree.toString()).analysed()).isTrue();

        analysis.set("dataSchema", new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type": "array", "items": {"type": "string", "pattern": "x"}}"""));
        assertThatThrownBy(() -> AgentRules.parse(tree.toString()))
                .isInstanceOfSatisfying(InvalidAgent.class, e -> assertThat(e.problems())
                        .extracting(InvalidAgent.Problem::field)
                        .containsExactlyInAnyOrder("analysis.dataSchema.type", "analysis.dataSchema.items.pattern"));
        tree.putObject("analysis");
        assertThatThrownBy(() -> AgentRules.parse(tree.toString()))
                .isInstanceOfSatisfying(InvalidAgent.class, e -> assertThat(e.problems())
                        .extracting(InvalidAgent.Problem::field)
                        .containsExactly("analysis"));
    }

    @Test
    void valuesTheModelApiWouldRefuseAreRefusedAtWriteTime() throws IOException {
        ObjectNode tree = exampleTree();
        tree.with("turnDetection").put("threshold", 1.5);
        assertThat(refused(tree).getMessage()).isEqualTo("turnDetection: threshold must be between 0 and 1");

        tree = exampleTree();
        tree.put("voice", "robot")
                .put("noiseReduction", "studio")
                .put("audioFormat", "audio/wav")
                .put("maxCallDurationSeconds", 7200);
        assertThat(refused(tree).problems()).extracting(InvalidAgent.Problem::field)
                .containsExactly("voice", "noiseReduction", "audioFormat", "maxCallDurationSeconds");

        tree = exampleTree();
        tree.put("maxCallDurationSeconds", "long");
        assertThat(refused(tree).problems()).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("maxCallDurationSeconds"));
    }

    @Test
    void everyProblemIsReportedAtOnceEvenWhenSomeFieldsCannotBeRead() throws IOException {
        ObjectNode tree = exampleTree();
        tree.with("turnDetection").put("eagerness", "eager");
        tree.put("maxCallDurationSeconds", "long").put("colour", "blue").put("voice", "robot");
        ((ObjectNode) tree.withArray("httpTools").get(0)).put("method", "GET").put("url", "ftp://x");
        assertThat(refused(tree).problems()).extracting(InvalidAgent.Problem::field)
                .containsExactlyInAnyOrder("turnDetection", "maxCallDurationSeconds", "colour",
                        "httpTools[0].method", "voice", "httpTools[0].url");
    }

    @Test
    void toolsMustBeCallableAndKeepSecretsOut() throws IOException {
        ObjectNode tree = exampleTree();
        ObjectNode tool = (ObjectNode) tree.withArray("httpTools").get(0);
        tool.put("name", "end_call").put("url", "http://crm.example.com/x").put("timeoutMs", 60000);
        tool.with("headers").putObject("Authorization").put("value", "Bearer sk-live-123");
        tool.with("parameters").put("type", "string");
        assertThat(refused(tree).problems()).extracting(InvalidAgent.Problem::field)
                .containsExactlyInAnyOrder("httpTools[0].name", "httpTools[0].parameters", "httpTools[0].url",
                        "httpTools[0].timeoutMs", "httpTools[0].headers.Authorization");
        assertThat(refused(tree).getMessage()).contains("keep it in a Secret").doesNotContain("sk-live-123");

        tree = exampleTree();
        tree.remove("signingSecretEnv");
        assertThat(refused(tree).problems()).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("signingSecretEnv"));

        tree = exampleTree();
        ((ObjectNode) tree.withArray("httpTools").get(0)).put("url", "http://127.0.0.1:8089/tool");
        assertThat(AgentRules.parse(tree.toString()).httpTools().get(0).url()).startsWith("http://127.0.0.1");
    }

    @Test
    void placeholdersNeedADefaultOrABuiltIn() throws IOException {
        ObjectNode tree = exampleTree();
        tree.put("instructions", "Hi {{customerName}}, you called {{to}} about {{lastOrder}}.");
        assertThat(refused(tree).problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("instructions");
            assertThat(p.message()).startsWith("{{lastOrder}} has no default");
        });
    }

    @Test
    void mcpServersTakeTheApisApprovalPolicies() throws IOException {
        ObjectNode tree = exampleTree();
        ((ObjectNode) tree.withArray("mcpServers").get(0)).put("requireApproval", "sometimes")
                .put("url",
                        "http://mcp.example.com");
        assertThat(refused(tree).problems()).extracting(InvalidAgent.Problem::field)
                .containsExactly("mcpServers[0].url", "mcpServers[0].requireApproval");
    }

    @Test
    void notJsonIsRefusedPlainly() {
        assertThatThrownBy(() -> AgentRules.parse("{\"name\": ")).isInstanceOf(InvalidAgent.class)
                .hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> AgentRules.parse("{}")).isInstanceOf(InvalidAgent.class)
                .hasMessageContaining("name: required")
                .hasMessageContaining("instructions: required");
    }
}
