package io.aicaller.bridge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class OpenAiRealtimeProtocolTest {

    static final AgentProfile PROFILE = new AgentProfile("support", "gpt-realtime", "Be brief.", "alloy", "Hi!",
            "server_vad", List.of("end_call", "send_sms", "made_up"), null, "gpt-4o-mini-transcribe", null);

    private final OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void parsesEveryRecordedServerEvent() throws Exception {
        List<ModelEvent> events = Files.readAllLines(Path.of("src/test/resources/recorded/model-events.jsonl"))
                .stream()
                .map(protocol::parse)
                .toList();
        assertThat(events.get(0)).isInstanceOf(ModelEvent.SessionReady.class);
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
                "response_cancel_not_active", "Cancellation failed: no active response found"));
        assertThat(events.get(9)).isInstanceOfSatisfying(ModelEvent.Unknown.class,
                u -> assertThat(u.type()).isEqualTo("rate_limits.updated"));
        assertThat(events.get(10)).isEqualTo(new ModelEvent.ResponseDone("resp_1", "cancelled"));
        assertThat(protocol.parse("garbage")).isInstanceOf(ModelEvent.Unknown.class);
    }

    @Test
    void sessionUpdateAsksForMuLawBothWaysAndTheProfilesTools() throws Exception {
        JsonNode update = json.readTree(protocol.sessionUpdate(PROFILE));
        assertThat(update.path("type").asText()).isEqualTo("session.update");
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
        assertThat(json.readTree(protocol.appendAudio("AAAA")).path("audio").asText()).isEqualTo("AAAA");
        JsonNode truncate = json.readTree(protocol.truncate("item_1", 0, 440));
        assertThat(truncate.path("type").asText()).isEqualTo("conversation.item.truncate");
        assertThat(truncate.path("audio_end_ms").asLong()).isEqualTo(440);
        JsonNode output = json.readTree(protocol.functionCallOutput("call_1", "{\"ok\":true}"));
        assertThat(output.path("item").path("type").asText()).isEqualTo("function_call_output");
        assertThat(output.path("item").path("output").asText()).isEqualTo("{\"ok\":true}");
        assertThat(json.readTree(protocol.userText("He said \"hi\""))
                .path("item")
                .path("content")
                .get(0)
                .path("text")
                .asText()).isEqualTo("He said \"hi\"");
        assertThat(json.readTree(protocol.responseCreate(null)).has("response")).isFalse();
    }
}
