package io.aicaller.numbers.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The subscriptions file the chart renders from its {@code webhooks} values. */
class DeclaredSubscriptionsTest {

    @Test
    void theChartsShapeIsReadAndMistakesNameTheEntryAndField() throws Exception {
        Path file = Files.createTempFile("webhooks", ".json");
        Files.writeString(file, """
                [{"id": "crm", "url": "https://crm.example.com/ai-caller/events",
                  "events": ["call.ended", "call.analyzed", "message.*"], "secretEnv": "CRM_WEBHOOK_SECRET"}]
                """);
        var declared = DeclaredSubscriptions.read(file, false);
        assertThat(declared).containsOnlyKeys("crm");
        assertThat(declared.get("crm").events()).containsExactly("call.ended", "call.analyzed", "message.*");
        assertThat(declared.get("crm").enabled()).isTrue();

        Files.writeString(file,
                "[{\"id\": \"crm\", \"url\": \"https://crm.example.com/x\", \"events\": [\"call.ended\"]}]");
        assertThatThrownBy(() -> DeclaredSubscriptions.read(file, false))
                .hasMessageContaining("subscription [0] crm: secretEnv: required");
        Files.writeString(file, "[{\"id\": \"crm\", \"url\": \"https://crm.example.com/x\", \"events\": [\"calls.*\"],"
                + " \"secretEnv\": \"K\"}]");
        assertThatThrownBy(() -> DeclaredSubscriptions.read(file, false))
                .hasMessageContaining("subscription [0] crm: events[0]: no deliverable event type matches 'calls.*'");
        Files.writeString(file, "[{\"url\": \"https://crm.example.com/x\", \"events\": [\"call.ended\"],"
                + " \"secretEnv\": \"K\"}]");
        assertThatThrownBy(() -> DeclaredSubscriptions.read(file, false)).hasMessageContaining("id: required");
        Files.delete(file);
    }
}
