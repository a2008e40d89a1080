package io.aicaller.bridge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.agents.TurnDetection;

class OpenAiRealtimeProtocolTest {

    static final AgentProfile PROFILE = new AgentProfile("support", "gpt-realtime", "Be brief.", "alloy", "Hi!",
            TurnDetection.serverVad(), List.of("end_call", "send_sms", "made_up"), null, "gpt-4o-mini-transcribe",
            null);

    private final OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void parsesEveryRecordedServerEvent() throws Exception {
        List<ModelEvent> events = Files.readAllLines(Path.of("src/test/resources/recorded/model-events.jsonl"))
                .stream()
                .map(protocol::parse)
                .toList();
        assertThat(events.get(0)).isEqualTo(new ModelEvent.SessionReady("session.created", "audio/pcm", "audio/pcm"));
        assertThat(events.get(1)).isEqualTo(new ModelEvent.ResponseCreated("resp_1"));
        assertThat(events.get(2)).isInstanceOfSatisfying(ModelEvent.AudioDelta.class, d -> {
            assertThat(d.itemId()).isEqualTo("item_1");
            assertThat(d.delta()).hasSize(208);
        });
        assertThat(events.get(3)).isEqualTo(new ModelEvent.SpeechStarted("item_2", 1000));
        assertThat(events.get(4)).isEqualTo(new ModelEvent.SpeechStopped("item_2", 2000));
        assertThat(events.get(5)).isEqualTo(new ModelEvent.FunctionCallDone("item_3", "call_1", "send_sms",
                "{\"body\":\"hi\"}", "completed"));
        assertThat(events.get(6)).isEqualTo(new ModelEvent.InputTranscriptDone("item_2", "Can you text me?"));
        assertThat(events.get(7)).isEqualTo(new ModelEvent.AudioTranscriptDone("item_1", "Sure."));
        assertThat(events.get(8)).isEqualTo(new ModelEvent.Error("invalid_request_error",
                "response_cancel_not_active", "Cancellation failed: no active response found", null, "c7"));
        assertThat(events.get(9)).isInstanceOfSatisfying(ModelEvent.Unknown.class,
                u -> assertThat(u.type()).isEqualTo("rate_limits.updated"));
        assertThat(events.get(10)).isEqualTo(new ModelEvent.ResponseDone("resp_1", "cancelled"));
        assertThat(protocol.parse("garbage")).isInstanceOf(ModelEvent.Unknown.class);
    }

    @Test
    void sessionUpdateAsksForMuLawBothWaysAndTheProfilesTools() throws Exception {
        JsonNode update = json.readTree(protocol.sessionUpdate("c1", PROFILE));
        assertThat(update.path("type").asText()).isEqualTo("session.update");
        assertThat(update.path("event_id").asText()).isEqualTo("c1");
        JsonNode session = update.path("session");
        assertThat(session.path("type").asText()).isEqualTo("realtime");
        assertThat(session.path("audio").path("input").path("format").path("type").asText()).isEqualTo("audio/pcmu");
        assertThat(session.path("audio").path("output").path("format").path("type").asText()).isEqualTo("audio/pcmu");
        assertThat(session.path("audio").path("input").path("turn_detection").path("type").asText())
                .isEqualTo("server_vad");
        assertThat(session.path("audio").path("output").path("voice").asText()).isEqualTo("alloy");
        assertThat(session.path("instructions").asText()).isEqualTo("Be brief.");
        assertThat(session.path("tools")).extracting(t -> t.path("name").asText())
                .containsExactly("end_call",
                        "send_sms");
        assertThat(session.path("tools").get(1).path("parameters").path("required").get(0).asText())
                .isEqualTo("body");
    }

    @Test
    void clientEventsHaveTheGaShape() throws Exception {
        JsonNode append = json.readTree(protocol.appendAudio("c9", "AAAA"));
        assertThat(append.path("audio").asText()).isEqualTo("AAAA");
        assertThat(append.path("event_id").asText()).isEqualTo("c9");
        JsonNode truncate = json.readTree(protocol.truncate("c2", "item_1", 0, 440));
        assertThat(truncate.path("type").asText()).isEqualTo("conversation.item.truncate");
        assertThat(truncate.path("audio_end_ms").asLong()).isEqualTo(440);
        JsonNode output = json.readTree(protocol.functionCallOutput("c3", "call_1", "{\"ok\":true}"));
        assertThat(output.path("item").path("type").asText()).isEqualTo("function_call_output");
        assertThat(output.path("item").path("output").asText()).isEqualTo("{\"ok\":true}");
        assertThat(json.readTree(protocol.userText("c4", "He said \"hi\""))
                .path("item")
                .path("content")
                .get(0)
                .path("text")
                .asText()).isEqualTo("He said \"hi\"");
        assertThat(json.readTree(protocol.responseCreate("c5", null)).has("response")).isFalse();
    }

    @Test
    void turnDetectionOffIsNullAndEachKindCarriesOnlyItsOwnSettings() throws Exception {
        JsonNode off = json.readTree(protocol.sessionUpdate("c1", withTurns(TurnDetection.off())));
        JsonNode input = off.path("session").path("audio").path("input");
        assertThat(input.has("turn_detection")).isTrue();
        assertThat(input.get("turn_detection").isNull()).isTrue();

        JsonNode server = json.readTree(protocol.sessionUpdate("c1",
                withTurns(new TurnDetection("server_vad", 0.7, 200, 600, 8000, null))))
                .path("session")
                .path("audio")
                .path("input")
                .path("turn_detection");
        assertThat(server.toString()).isEqualTo("{\"type\":\"server_vad\",\"threshold\":0.7,"
                + "\"prefix_padding_ms\":200,\"silence_duration_ms\":600,\"idle_timeout_ms\":8000}");

        JsonNode semantic = json.readTree(protocol.sessionUpdate("c1",
                withTurns(new TurnDetection("semantic_vad", null, null, null, null, "low"))))
                .path("session")
                .path("audio")
                .path("input")
                .path("turn_detection");
        assertThat(semantic.toString()).isEqualTo("{\"type\":\"semantic_vad\",\"eagerness\":\"low\"}");
    }

    static AgentProfile withTurns(TurnDetection turns) {
        return new AgentProfile("p", "gpt-realtime", "i", "marin", null, turns, List.of(), null, null, null);
    }
}
