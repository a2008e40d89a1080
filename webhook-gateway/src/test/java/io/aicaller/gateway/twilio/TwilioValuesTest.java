package io.aicaller.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The values the gateway publishes as they are are exactly those the event schemas list. */
class TwilioValuesTest {

    static Set<String> schemaEnum(String event, String field) throws Exception {
        try (InputStream in = TwilioValuesTest.class.getResourceAsStream("/schemas/" + event + ".v1.json")) {
            JsonNode values = new ObjectMapper().readTree(in).path("properties").path(field).path("enum");
            Set<String> set = new HashSet<>();
            values.forEach(v -> set.add(v.asText()));
            return set;
        }
    }

    static Set<String> plusUnknown(Set<String> values) {
        Set<String> set = new HashSet<>(values);
        set.add(TwilioValues.UNKNOWN);
        return set;
    }

    @ParameterizedTest
    @CsvSource({"call.status-changed,status,CALL_STATUSES", "call.received,direction,CALL_DIRECTIONS",
            "call.recording-status-changed,status,RECORDING_STATUSES",
            "call.machine-detection-completed,answeredBy,ANSWERED_BY",
            "call.stream-status-changed,streamEvent,STREAM_EVENTS", "message.status-changed,status,MESSAGE_STATUSES"})
    @SuppressWarnings("unchecked")
    void theListsAreTheSchemasEnums(String event, String field, String constant) throws Exception {
        Set<String> listed = (Set<String>) TwilioValues.class.getField(constant).get(null);
        assertThat(plusUnknown(listed)).isEqualTo(schemaEnum(event, field));
        assertThat(TwilioValues.listed(listed, "something-new")).isEqualTo("unknown");
        assertThat(TwilioValues.raw(listed, "something-new")).isEqualTo("something-new");
        String known = listed.iterator().next();
        assertThat(TwilioValues.listed(listed, known)).isEqualTo(known);
        assertThat(TwilioValues.raw(listed, known)).isNull();
    }
}
