package io.aicaller.agents;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON Schema subset an agent's analysis data is described with, and a validator for it: {@code type} (one or a
 * list of object, array, string, number, integer, boolean, null), {@code properties}, {@code required},
 * {@code additionalProperties} (false), {@code items}, {@code enum}, {@code minimum}, {@code maximum},
 * {@code description}. The same subset text models' structured outputs understand; anything else is refused when the
 * agent is written, so a schema never silently checks less than it says. Pure.
 */
public final class DataSchema {

    static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties", "items",
            "enum", "minimum", "maximum", "description");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean",
            "null");

    private DataSchema() {
    }

    /** What is wrong with a schema itself, each with its path below {@code at}. */
    public static List<String> problems(JsonNode schema, String at) {
        List<String> problems = new ArrayList<>();
        check(schema, at, problems);
        return problems;
    }

    private static void check(JsonNode schema, String at, List<String> problems) {
        if (schema == null || !schema.isObject()) {
            problems.add(at + ": a JSON Schema object");
            return;
        }
        for (Iterator<String> names = schema.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYWORDS.contains(name)) {
                problems.add(at + "." + name + ": not supported (supported: " + KEYWORDS.stream().sorted().toList()
                        + ")");
            }
        }
        JsonNode type = schema.get("type");
        if (type == null || !(type.isTextual() && TYPES.contains(type.asText()) || type.isArray() && type.size() > 0
                && allTypes(type))) {
            problems.add(at + ".type: one of " + TYPES.stream().sorted().toList() + " or a list of them");
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (!properties.isObject()) {
                problems.add(at + ".properties: an object");
            } else {
                for (Map.Entry<String, JsonNode> p : properties.properties()) {
                    check(p.getValue(), at + ".properties." + p.getKey(), problems);
                }
            }
        }
        if (schema.has("items")) {
            check(schema.get("items"), at + ".items", problems);
        }
        JsonNode required = schema.get("required");
        if (required != null && (!required.isArray() || properties == null)) {
            problems.add(at + ".required: a list of the names in properties");
        }
        if (schema.has("additionalProperties") && !schema.get("additionalProperties").isBoolean()) {
            problems.add(at + ".additionalProperties: true or false");
        }
        if (schema.has("enum") && (!schema.get("enum").isArray() || schema.get("enum").isEmpty())) {
            problems.add(at + ".enum: a non-empty list");
        }
    }

    private static boolean allTypes(JsonNode list) {
        for (JsonNode t : list) {
            if (!t.isTextual() || !TYPES.contains(t.asText())) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code value} breaks {@code schema} (a schema {@link #problems} found nothing wrong with). */
    public static List<String> violations(JsonNode schema, JsonNode value, String at) {
        List<String> violations = new ArrayList<>();
        validate(schema, value, at, violations);
        return violations;
    }

    private static void validate(JsonNode schema, JsonNode value, String at, List<String> out) {
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(type, value)) {
            out.add(at + ": expected " + type + ", got " + kind(value));
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                out.add(at + ": not one of " + schema.get("enum"));
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                out.add(at + ": below " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                out.add(at + ": above " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode name : schema.path("required")) {
                if (!value.has(name.asText())) {
                    out.add(at + "." + name.asText() + ": required");
                }
            }
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode sub = properties.get(field.getKey());
                if (sub != null) {
                    validate(sub, field.getValue(), at + "." + field.getKey(), out);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    out.add(at + "." + field.getKey() + ": not allowed");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), at + "[" + i + "]", out);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (is(t.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return is(type.asText(), value);
    }

    private static boolean is(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value
                    .asDouble());
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }

    private static String kind(JsonNode value) {
        return value.isObject() ? "object"
                : value.isArray() ? "array"
                        : value.isTextual() ? "string"
                                : value.isNumber() ? "number" : value.isBoolean() ? "boolean" : "null";
    }
}
