package io.aicaller.bridge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aicaller.agents.AgentRules;
import io.aicaller.agents.TurnDetection;
import io.aicaller.testkit.media.RealtimeSchemas;
import io.aicaller.testkit.media.RealtimeSchemas.Side;

/**
 * What the bridge sends and what it was tested with, checked against OpenAI's official GA event schemas (strictly: no
 * field the spec does not define), never only against our own fakes.
 */
class RealtimeConformanceTest {

    private final OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();

    @Test
    void theRecordedServerEventsAreTheRealApisShape() throws Exception {
        for (String line : Files.readAllLines(Path.of("src/test/resources/recorded/model-events.jsonl"))) {
            assertThat(RealtimeSchemas.violations(Side.SERVER, line)).as(line).isEmpty();
        }
    }

    @Test
    void everyClientEventTheProtocolBuildsConforms() {
        List<AgentProfile> profiles = List.of(
                new AgentProfile("mulaw", "gpt-realtime", "Be brief.", "marin", "Hi!", TurnDetection.serverVad(),
                        List.of("end_call", "transfer_call", "send_sms"), "+14155550142", "gpt-4o-mini-transcribe",
                        AgentProfile.PCMU),
                new AgentProfile("pcm", "gpt-realtime", "", "alloy", null,
                        new TurnDetection("server_vad", 0.6, 250, 700, 10000, null), List.of(), null, null,
                        AgentProfile.PCM),
                new AgentProfile("semantic", "gpt-realtime", "x", "cedar", null,
                        new TurnDetection("semantic_vad", null, null, null, null, "high"), List.of("end_call"), null,
                        null, null),
                new AgentProfile("off", "gpt-realtime", "x", "ash", null, TurnDetection.off(), List.of(), null, null,
                        null),
                // An agent as data: HTTP tools, an MCP server, noise reduction and a transcription language.
                AgentProfile.forCall(AgentRules.parse("""
                        {"name": "data", "instructions": "Hi {{who}}", "variables": {"who": "there"},
                         "voice": "voice_1234", "language": "de", "transcriptionModel": "gpt-4o-transcribe",
                         "noiseReduction": "far_field", "signingSecretEnv": "K",
                         "httpTools": [{"name": "t", "description": "d", "url": "https://x.example/t"}],
                         "mcpServers": [{"label": "docs", "url": "https://mcp.example/sse", "allowedTools": ["a"],
                           "authorizationEnv": "MCP_TOKEN"}]}
                        """), java.util.Map.of(), java.util.Map.of(), "gpt-realtime",
                        env -> java.util.Optional.of("token-for-" + env)));
        List<String> events = new ArrayList<>();
        profiles.forEach(p -> events.add(protocol.sessionUpdate("c1", p)));
        events.add(protocol.appendAudio("c2", "AAAA"));
        events.add(protocol.commitAudio("c3"));
        events.add(protocol.userText("c4", "The caller pressed the keypad key 5."));
        events.add(protocol.responseCreate("c5", null));
        events.add(protocol.responseCreate("c6", "Greet the caller by saying exactly: Hi!"));
        events.add(protocol.responseCancel("c7"));
        events.add(protocol.truncate("c8", "item_1", 0, 1780));
        events.add(protocol.functionCallOutput("c9", "call_1", "{\"status\":\"requested\"}"));
        for (String event : events) {
            assertThat(RealtimeSchemas.violations(Side.CLIENT, event)).as(event).isEmpty();
        }
    }
}
