package io.aicaller.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The emulated Recording resource has the shape Twilio's OpenAPI gives it, so twilio-java reads it as it would. */
class RecordingResourceTest {

    /**
     * The properties of {@code api.v2010.account.recording} in twilio_api_v2010.json (twilio-oai 2.6.7, the commit
     * named in twilio-enums.json).
     */
    static final List<String> SPEC_PROPERTIES = List.of("account_sid", "api_version", "call_sid", "conference_sid",
            "date_created", "date_updated", "start_time", "duration", "sid", "price", "price_unit", "status",
            "channels", "source", "error_code", "uri", "encryption_details", "subresource_uris", "media_url");

    @Test
    void aKeptRecordingHasTheSpecsFieldsAndValues() {
        TwilioRestFake twilio = TwilioRestFake.start("AC" + "0".repeat(32), "token");
        try {
            ObjectNode recording = twilio.addRecording("CA" + "1".repeat(32), 12, 2, "OutboundAPI");
            List<String> fields = new ArrayList<>();
            recording.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyInAnyOrderElementsOf(SPEC_PROPERTIES);
            assertThat(TwilioEnums.values("recording_enum_status")).contains(recording.get("status").asText());
            assertThat(recording.get("sid").asText()).matches("RE[0-9a-f]{32}");
            assertThat(recording.get("source").asText()).isIn("DialVerb", "Conference", "OutboundAPI", "Trunking",
                    "RecordVerb", "StartCallRecordingAPI", "StartConferenceRecordingAPI");
        } finally {
            twilio.close();
        }
    }
}
