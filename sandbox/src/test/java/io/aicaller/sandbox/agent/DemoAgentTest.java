package io.aicaller.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.testkit.media.RealtimeSchemas;

class DemoAgentTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, byte[]> PROMPTS = Map.of("greeting", filled(1600, 0x11), "answer", filled(800, 0x22),
            "sms-sent", filled(800, 0x33), "transfer", filled(800, 0x44), "goodbye", filled(800, 0x55));

    final DemoAgent agent = new DemoAgent(PROMPTS, "+14155550111");

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Every event the demo agent sent in a test, checked against OpenAI's official schemas afterwards. */
    final List<String> sent = new java.util.ArrayList<>();

    List<JsonNode> send(String event) {
        List<String> events = agent.onClientEvent(event);
        sent.addAll(events);
        return events.stream().map(DemoAgentTest::parse).toList();
    }

    @AfterEach
    void everyEventItSentIsTheRealApisShape() {
        sent.addAll(agent.opened());
        assertThat(sent).isNotEmpty();
        for (String event : sent) {
            assertThat(RealtimeSchemas.violations(RealtimeSchemas.Side.SERVER, event)).as(event).isEmpty();
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    static byte[] audio(List<JsonNode> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.stream()
                .filter(e -> e.path("type").asText().equals("response.output_audio.delta"))
                .forEach(e -> out.writeBytes(Base64.getDecoder().decode(e.path("delta").asText())));
        return out.toByteArray();
    }

    List<JsonNode> append(int frames, int value) {
        return send("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                + Base64.getEncoder().encodeToString(filled(160 * frames, value)) + "\"}");
    }

    @Test
    void greetsWithTheGreetingPromptWhenAskedTo() {
        assertThat(types(agent.opened().stream().map(DemoAgentTest::parse).toList()))
                .containsExactly("session.created");
        assertThat(types(send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\"}}")))
                .containsExactly("session.updated");
        List<JsonNode> greeting = send(
                "{\"type\":\"response.create\",\"response\":{\"instructions\":\"Greet the caller by saying exactly: Hi\"}}");
        assertThat(types(greeting)).startsWith("response.created", "response.output_audio.delta")
                .endsWith("response.output_audio_transcript.done", "response.done");
        assertThat(audio(greeting)).isEqualTo(PROMPTS.get("greeting"));
    }

    @Test
    void loudCallerAudioIsSpeechThatStartsAndStopsAndIsAnswered() {
        // 0xFF and 0x7F are mu-law silence; 0x00 is a full-scale sample.
        assertThat(append(50, 0xFF)).isEmpty();
        List<JsonNode> started = append(3, 0x00);
        assertThat(types(started)).containsExactly("input_audio_buffer.speech_started");
        assertThat(started.get(0).path("audio_start_ms").asLong()).isEqualTo(1000);
        assertThat(append(19, 0x7F)).isEmpty();
        List<JsonNode> stopped = append(1, 0xFF);
        assertThat(types(stopped)).startsWith("input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
                "conversation.item.input_audio_transcription.completed", "response.created");
        assertThat(stopped.get(0).path("audio_end_ms").asLong()).isEqualTo(1460);
        assertThat(audio(stopped)).isEqualTo(PROMPTS.get("answer"));
    }

    @Test
    void quietNoiseIsNotSpeech() {
        assertThat(append(100, 0xF0)).isEmpty();
    }

    @Test
    void aTextTheBridgeRefusedIsReportedNotClaimed() {
        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"The caller pressed the keypad key 1.\"}]}}");
        JsonNode call = send("{\"type\":\"response.create\"}").stream()
                .filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst()
                .orElseThrow()
                .path("item");
        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\""
                + call.path("call_id").asText() + "\",\"output\":\"{\\\"error\\\":\\\"not sent: the recipient replied"
                + " STOP\\\"}\"}}");
        List<JsonNode> answer = send("{\"type\":\"response.create\"}");
        assertThat(answer.stream().map(e -> e.path("transcript").asText()))
                .contains("Sorry, I could not send you a text message: not sent: the recipient replied STOP");
        assertThat(audio(answer)).isNotEqualTo(PROMPTS.get("sms-sent"));
    }

    @Test
    void keypadDigitsCallTheTools() {
        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"The caller pressed the keypad key 1.\"}]}}");
        List<JsonNode> sms = send("{\"type\":\"response.create\"}");
        JsonNode call = sms.stream()
                .filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst()
                .orElseThrow()
                .path("item");
        assertThat(call.path("type").asText()).isEqualTo("function_call");
        assertThat(call.path("status").asText()).isEqualTo("completed");
        assertThat(call.path("name").asText()).isEqualTo("send_sms");
        assertThat(parse(call.path("arguments").asText()).path("body").asText()).isNotBlank();
        // The bridge reports the tool's result, then asks for a response: the agent says it is done.
        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\""
                + call.path("call_id").asText() + "\",\"output\":\"{}\"}}");
        assertThat(audio(send("{\"type\":\"response.create\"}"))).isEqualTo(PROMPTS.get("sms-sent"));

        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"The caller pressed the keypad key 0.\"}]}}");
        JsonNode transfer = send("{\"type\":\"response.create\"}").stream()
                .filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst()
                .orElseThrow();
        assertThat(transfer.path("item").path("name").asText()).isEqualTo("transfer_call");
        assertThat(transfer.path("item").path("arguments").asText()).contains("+14155550111");

        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"The caller pressed the keypad key #.\"}]}}");
        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\"x\","
                + "\"output\":\"{}\"}}");
        List<JsonNode> goodbye = send("{\"type\":\"response.create\"}");
        assertThat(audio(goodbye)).startsWith(PROMPTS.get("transfer"));
        List<JsonNode> end = send("{\"type\":\"response.create\"}");
        assertThat(audio(end)).isEqualTo(PROMPTS.get("goodbye"));
        assertThat(end.stream()
                .filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst()
                .orElseThrow()
                .path("item")
                .path("name")
                .asText()).isEqualTo("end_call");
    }

    static final byte[] SYNTHESISED = filled(1200, 0x66);

    @Test
    void itSaysWhatTheAgentAsksForWithItsRecordingOrSynthesisedSpeech() {
        DemoAgent voiced = new DemoAgent(PROMPTS, "+14155550111", text -> text.startsWith("Welcome") ? SYNTHESISED
                : null);
        List<String> events = voiced.onClientEvent("{\"type\":\"response.create\",\"response\":{\"instructions\":"
                + "\"Greet the caller by saying exactly: Welcome to Acme.\"}}");
        sent.addAll(events);
        List<JsonNode> greeting = events.stream().map(DemoAgentTest::parse).toList();
        assertThat(audio(greeting)).isEqualTo(SYNTHESISED);
        assertThat(greeting).filteredOn(e -> e.path("type").asText().equals("response.output_audio_transcript.done"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("transcript").asText()).isEqualTo(
                        "Welcome to Acme."));

        // Text it has a recording of is played from the recording; text it cannot synthesise gets a bundled prompt.
        List<JsonNode> recorded = send("{\"type\":\"response.create\",\"response\":{\"instructions\":"
                + "\"While a tool runs, say exactly this and nothing else: Thank you for calling. Goodbye.\"}}");
        assertThat(audio(recorded)).isEqualTo(PROMPTS.get("goodbye"));
        List<JsonNode> filler = send("{\"type\":\"response.create\",\"response\":{\"instructions\":"
                + "\"While a tool runs, say exactly this and nothing else: One moment.\"}}");
        assertThat(audio(filler)).isEqualTo(PROMPTS.get("answer"));
        assertThat(filler.toString()).contains("One moment.");
    }

    @Test
    void keypadDigitsFromTwoCallTheAgentsOwnToolsAndItSaysTheAnswer() {
        send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"tools\":["
                + "{\"type\":\"function\",\"name\":\"end_call\",\"description\":\"x\",\"parameters\":{\"type\":\"object\"}},"
                + "{\"type\":\"function\",\"name\":\"lookup_order\",\"description\":\"x\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"},\"count\":{\"type\":\"integer\"}},"
                + "\"required\":[\"order\",\"count\"]}},"
                + "{\"type\":\"function\",\"name\":\"book_visit\",\"description\":\"x\",\"parameters\":{\"type\":\"object\"}}]}}");
        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"The caller pressed the keypad key 2.\"}]}}");
        JsonNode call = send("{\"type\":\"response.create\"}").stream()
                .filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst()
                .orElseThrow()
                .path("item");
        assertThat(call.path("name").asText()).isEqualTo("lookup_order");
        assertThat(parse(call.path("arguments").asText()).toString()).isEqualTo("{\"order\":\"demo\",\"count\":1}");

        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\""
                + call.path("call_id").asText() + "\",\"output\":\"{\\\"status\\\":\\\"shipped\\\"}\"}}");
        List<JsonNode> answer = send("{\"type\":\"response.create\"}");
        assertThat(answer.toString()).contains("The tool answered: {\\\"status\\\":\\\"shipped\\\"}");

        send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"The caller pressed the keypad key 9.\"}]}}");
        assertThat(audio(send("{\"type\":\"response.create\"}"))).as("no ninth tool: an ordinary answer")
                .isEqualTo(PROMPTS.get("answer"));
    }

    @Test
    void badJsonIsAnErrorEventAndTruncateIsAcknowledged() {
        assertThat(types(send("{oops"))).containsExactly("error");
        List<JsonNode> truncated = send(
                "{\"type\":\"conversation.item.truncate\",\"item_id\":\"item_agent_1\",\"content_index\":0,\"audio_end_ms\":640}");
        assertThat(types(truncated)).containsExactly("conversation.item.truncated");
        assertThat(truncated.get(0).path("audio_end_ms").asLong()).isEqualTo(640);
    }
}
