package io.aicaller.numbers.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import io.aicaller.numbers.support.NumbersTestResource;

/** Agents declared in a file (what the chart renders from its values) are there once the service is up. */
@QuarkusTest
@WithTestResource(NumbersTestResource.class)
@TestProfile(DeclaredAgentsTest.FromFile.class)
class DeclaredAgentsTest {

    static final String DECLARED = "[{\"name\": \"declared-reception\", \"instructions\": \"Greet and route.\","
            + " \"voice\": \"cedar\", \"builtinTools\": [\"transfer_call\"], \"transferNumber\": \"+14155550100\"}]";

    public static class FromFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("numbers.agents.file", write(DECLARED).toString());
        }
    }

    static Path write(String content) {
        try {
            Path file = Files.createTempFile("agents", ".json");
            Files.writeString(file, content);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void declaredAgentsAreAppliedAtStartUp() {
        given().auth()
                .oauth2(NumbersTestResource.API_TOKEN)
                .get("/api/agents/declared-reception")
                .then()
                .statusCode(200)
                .body("voice", equalTo("cedar"))
                .body("transferNumber", equalTo("+14155550100"));
    }

    @Test
    void anInvalidFileNamesTheAgentAndTheField() {
        Path file = write(
                "[{\"name\": \"ok\", \"instructions\": \"x\"}, {\"name\": \"broken\", \"instructions\": \"x\","
                        + " \"audioFormat\": \"audio/wav\"}]");
        assertThatThrownBy(() -> DeclaredAgents.read(file)).hasMessageContaining("agent [1] broken")
                .hasMessageContaining("audioFormat: audio/pcmu or audio/pcm");
        assertThatThrownBy(() -> DeclaredAgents.read(write("{\"name\": \"x\"}"))).hasMessageContaining("JSON array");
    }
}
