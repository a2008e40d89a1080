package io.aicaller.bridge.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class CallStartTest {

    static final Set<String> KNOWN = Set.of("vip", "default");

    @Test
    void variablesAndAnotherAgentAreTaken() {
        CallStart.Answer answer = CallStart.parse("{\"agent\": \"vip\", \"variables\": {\"customerName\": \"Ann\","
                + " \"orders\": 3, \"from\": \"+1999\", \"bad name\": \"x\", \"nested\": {\"a\": 1}}}",
                KNOWN::contains);
        assertThat(answer.agent()).isEqualTo("vip");
        assertThat(answer.problem()).isNull();
        // Built-ins cannot be overridden, names must be names, values must be plain.
        assertThat(answer.variables()).containsOnlyKeys("customerName", "orders").containsEntry("orders", "3");
    }

    @Test
    void anUnknownAgentOrNonsenseKeepsTheCallsOwnAgent() {
        CallStart.Answer unknown = CallStart.parse("{\"agent\": \"ghost\", \"variables\": {\"a\": \"1\"}}",
                KNOWN::contains);
        assertThat(unknown.agent()).isNull();
        assertThat(unknown.variables()).containsEntry("a", "1");
        assertThat(unknown.problem()).contains("ghost");
        assertThat(CallStart.parse("<html>", KNOWN::contains).problem()).contains("not JSON");
        assertThat(CallStart.parse("[1]", KNOWN::contains).problem()).contains("not a JSON object");
        assertThat(CallStart.parse("", KNOWN::contains)).isEqualTo(CallStart.Answer.NONE);
        assertThat(CallStart.parse("{\"variables\": {\"note\": \"" + "x".repeat(5000) + "\"}}", KNOWN::contains)
                .variables()
                .get("note")).hasSize(2000);
    }
}
