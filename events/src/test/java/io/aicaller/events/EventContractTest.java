package io.aicaller.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Record, schema and golden sample of each event type agree with each other. */
class EventContractTest {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static JsonSchema compile(JsonNode schema) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return SCHEMAS.getSchema(schema, config);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleValidatesAgainstTheSchema(EventType type) {
        Set<ValidationMessage> errors = compile(Contracts.schema(type)).validate(Contracts.sample(type));
        assertThat(errors).as(type.sampleResource()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordRoundTripsToItsGoldenSample(EventType type) throws Exception {
        JsonNode sample = Contracts.sample(type);
        Event event = Contracts.sampleRecord(type);
        assertThat(event).isInstanceOf(type.recordClass());
        assertThat(event.eventType()).isEqualTo(type);
        assertThat(event.subject()).isNotBlank();
        // Parsed from text, as a consumer sees it (valueToTree would keep Java's long/int distinction).
        JsonNode written = EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(event));
        assertThat(written).isEqualTo(sample);
        // What the record writes is itself valid against the schema.
        assertThat(compile(Contracts.schema(type)).validate(written)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordComponentsMatchSchemaPropertiesByNameTypeAndPresence(EventType type) {
        JsonNode schema = Contracts.schema(type);
        JsonNode properties = schema.get("properties");
        Set<String> required = new HashSet<>();
        schema.get("required").forEach(n -> required.add(n.asText()));

        List<String> componentNames = new ArrayList<>();
        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            String name = component.getName();
            componentNames.add(name);
            JsonNode property = properties.get(name);
            assertThat(property).as("%s.%s in schema", type.shortName(), name).isNotNull();
            assertThat(jsonType(property)).as("%s.%s type", type.shortName(), name)
                    .isEqualTo(expectedJsonType(component.getGenericType()));
            if (component.getType().isPrimitive() || List.class.equals(component.getType())) {
                // Primitives and lists always serialize: they are required.
                assertThat(required).as("%s.%s required", type.shortName(), name).contains(name);
            }
            boolean nullable = property.get("type").isArray();
            assertThat(nullable).as("%s.%s nullable iff optional", type.shortName(), name)
                    .isEqualTo(!required.contains(name) && !Instant.class.equals(component.getType()));
        }
        List<String> propertyNames = new ArrayList<>();
        properties.fieldNames().forEachRemaining(propertyNames::add);
        assertThat(propertyNames).as("schema properties of %s", type.shortName())
                .containsExactlyElementsOf(componentNames);
        assertThat(schema.get("title").asText()).isEqualTo(type.recordClass().getSimpleName());
        assertThat(schema.get("$id").asText()).endsWith("/" + type.shortName() + ".v1.json");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void namesFollowTheConventions(EventType type) {
        assertThat(type.ceType()).matches("io\\.aicaller\\.[a-z]+\\.[a-z]+(-[a-z]+)*\\.v1");
        assertThat(EventType.fromCeType(type.ceType())).isEqualTo(type);
        assertThat(EventType.of(type.recordClass())).isEqualTo(type);
        assertThat(Topics.ALL).contains(type.topic());
        assertThat(type.topic()).matches("[a-z]+\\.[a-z-]+\\.v1");
    }

    @org.junit.jupiter.api.Test
    void everyTopicCarriesAtLeastOneEventType() {
        // State topics (agent definitions, call-request outcomes) hold no events: their contracts live with their owners.
        assertThat(Arrays.stream(EventType.values()).map(EventType::topic).distinct())
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().filter(t -> !Topics.STATE.contains(t)).toList());
    }

    static String jsonType(JsonNode property) {
        JsonNode type = property.get("type");
        return type.isArray() ? type.get(0).asText() : type.asText();
    }

    private static String expectedJsonType(Type javaType) {
        if (javaType instanceof ParameterizedType p && List.class.equals(p.getRawType())) {
            return "array";
        }
        if (javaType == String.class || javaType == Instant.class) {
            return "string";
        }
        if (javaType == int.class || javaType == long.class || javaType == Integer.class || javaType == Long.class) {
            return "integer";
        }
        if (javaType == boolean.class || javaType == Boolean.class) {
            return "boolean";
        }
        if (javaType == com.fasterxml.jackson.databind.JsonNode.class) {
            return "object";
        }
        throw new AssertionError("No JSON type for " + javaType);
    }
}
