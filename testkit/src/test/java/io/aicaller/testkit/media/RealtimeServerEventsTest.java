package io.aicaller.testkit.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.testkit.media.RealtimeSchemas.Side;

/** Every event our stand-in models can send conforms to OpenAI's official GA schemas, strictly. */
class RealtimeServerEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyBuiltEventConforms() {
        ObjectNode requested = JSON.createObjectNode().put("type", "realtime").put("model", "gpt-realtime");
        ObjectNode audio = requested.putObject("audio");
        audio.putObject("input").putNull("turn_detection").putObject("format").put("type", "audio/pcmu");
        audio.putObject("output").put("voice", "marin").putObject("format").put("type", "audio/pcmu");
        List<String> events = List.of(RealtimeServerEvents.sessionCreated(),
                RealtimeServerEvents.sessionUpdated(null),
                RealtimeServerEvents.sessionUpdated(requested),
                RealtimeServerEvents.responseCreated("resp_1"),
                RealtimeServerEvents.responseDone("resp_1", "cancelled"),
                RealtimeServerEvents.audioDelta("resp_1", "item_1", "AAAA"),
                RealtimeServerEvents.audioTranscriptDone("resp_1", "item_1", "Hello"),
                RealtimeServerEvents.speechStarted(10, "item_2"),
                RealtimeServerEvents.speechStopped(20, "item_2"),
                RealtimeServerEvents.committed("item_2"),
                RealtimeServerEvents.inputTranscriptCompleted("item_2", "Hi"),
                RealtimeServerEvents.functionCallDone("resp_2", "item_3", "call_1", "end_call", "{}"),
                RealtimeServerEvents.truncated("item_1", 0, 40),
                RealtimeServerEvents.error("invalid_request_error", "invalid_value", "no", "session.audio", "evt_1"),
                RealtimeServerEvents.error("server_error", null, "oops"));
        for (String event : events) {
            assertThat(RealtimeSchemas.violations(Side.SERVER, event)).as(event).isEmpty();
        }
    }

    @Test
    void theCheckIsStrictAboutFieldsTheSpecDoesNotDefine() {
        assertThat(RealtimeSchemas.violations(Side.SERVER,
                "{\"type\":\"input_audio_buffer.speech_stopped\",\"event_id\":\"e\",\"audio_end_ms\":1,"
                        + "\"item_id\":\"i\",\"extra\":1}"))
                .isNotEmpty();
        // A beta-era field in a session.update is refused, as the live API refuses the whole update.
        assertThat(RealtimeSchemas.violations(Side.CLIENT,
                "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"input_audio_format\":\"g711_ulaw\"}}"))
                .isNotEmpty();
        // mu-law takes no rate.
        assertThat(RealtimeSchemas.violations(Side.CLIENT, "{\"type\":\"session.update\",\"session\":{\"type\":"
                + "\"realtime\",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcmu\",\"rate\":8000}}}}}"))
                .isNotEmpty();
        assertThat(RealtimeSchemas.violations(Side.CLIENT, "{\"type\":\"session.update\",\"session\":{\"type\":"
                + "\"realtime\",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcmu\"},\"turn_detection\":null}}}}"))
                .isEmpty();
        assertThat(RealtimeSchemas.violations(Side.SERVER, "{\"type\":\"no.such.event\"}")).isNotEmpty();
        assertThat(RealtimeSchemas.violations(Side.CLIENT, "{\"type\":\"response.cancel\"}")).isEmpty();
    }
}
