package io.aicaller.agents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DataSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static final String APPOINTMENT = """
            {"type": "object", "additionalProperties": false, "required": ["reason"],
             "properties": {
               "name": {"type": ["string", "null"], "description": "The caller's name"},
               "appointment": {"type": "string"},
               "reason": {"type": "string", "enum": ["new", "reschedule", "cancel"]},
               "people": {"type": "integer", "minimum": 1, "maximum": 8},
               "topics": {"type": "array", "items": {"type": "string"}}}}
            """;

    @Test
    void dataIsCheckedAgainstTheSubset() throws Exception {
        JsonNode schema = json(APPOINTMENT);
        assertThat(DataSchema.problems(schema, "s")).isEmpty();
        assertThat(DataSchema.violations(schema, json("""
                {"name": null, "appointment": "Friday 10:00", "reason": "reschedule", "people": 2, "topics": ["x"]}
                """), "data")).isEmpty();
        assertThat(DataSchema.violations(schema, json("""
                {"name": 5, "reason": "later", "people": 9, "topics": [1], "extra": true}
                """), "data")).containsExactlyInAnyOrder("data.name: expected [\"string\",\"null\"], got number",
                "data.reason: not one of [\"new\",\"reschedule\",\"cancel\"]", "data.people: above 8",
                "data.topics[0]: expected \"string\", got number", "data.extra: not allowed");
        assertThat(DataSchema.violations(schema, json("{}"), "data")).containsExactly("data.reason: required");
        assertThat(DataSchema.violations(schema, json("[]"), "data")).containsExactly(
                "data: expected \"object\", got array");
    }

    @Test
    void keywordsOutsideTheSubsetAreRefusedSoNothingIsCheckedLessThanItSays() throws Exception {
        assertThat(DataSchema.problems(json("""
                {"type": "object", "properties": {"email": {"type": "string", "format": "email"},
                 "n": {"type": "int"}}, "oneOf": []}
                """), "s")).containsExactlyInAnyOrder("s.oneOf: not supported (supported: [additionalProperties,"
                + " description, enum, items, maximum, minimum, properties, required, type])",
                "s.properties.email.format: not supported (supported: [additionalProperties, description, enum,"
                        + " items, maximum, minimum, properties, required, type])",
                "s.properties.n.type: one of [array, boolean, integer, null, number, object, string] or a list of"
                        + " them");
    }
}
