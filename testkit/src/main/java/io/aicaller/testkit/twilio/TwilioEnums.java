package io.aicaller.testkit.twilio;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values Twilio's own OpenAPI spec lists for the fields our webhooks carry ({@code twilio-enums.json} beside
 * this class: extracted by schema name from {@code twilio_api_v2010.json}), so tests post every value Twilio
 * documents, not only those our code knows.
 */
public final class TwilioEnums {

    private static final JsonNode ENUMS = SpecJson.load("twilio-enums.json");

    private TwilioEnums() {
    }

    /** e.g. {@code call_enum_status}, {@code message_enum_status}, {@code call_recording_enum_status}. */
    public static List<String> values(String schemaName) {
        JsonNode values = ENUMS.get(schemaName);
        if (values == null) {
            throw new IllegalArgumentException("No enum " + schemaName + " in twilio-enums.json");
        }
        return SpecJson.texts(values);
    }
}
