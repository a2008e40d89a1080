package io.aicaller.numbers.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aicaller.agents.InvalidAgent.Problem;

/**
 * Reads what a user writes about a subscription, reporting every problem at once, and the stored form. A URL is
 * https, or plain http to this host (a local receiver) unless plain http is allowed everywhere.
 */
public final class SubscriptionRules {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    private static final Set<String> FIELDS = Set.of("id", "url", "events", "description", "secret", "secretEnv",
            "enabled");
    static final int MIN_SECRET = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What a user asked for, checked; id null when the service is to choose it. */
    public record Request(String id, String url, List<String> events, String description, String secret,
            String secretEnv, boolean enabled) {

        /** A stored subscription from this request; a generated secret when none was given. */
        public Subscription toSubscription(String newId, Instant createdAt, Instant now) {
            String key = secret == null && secretEnv == null ? generateSecret() : secret;
            return new Subscription(newId, url, events, description, key, secretEnv, enabled, null, createdAt, now);
        }
    }

    private SubscriptionRules() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static Request parse(String body, boolean plainHttpAnywhere) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new InvalidSubscription(List.of(new Problem("", "not valid JSON")));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidSubscription(List.of(new Problem("", "a JSON object is required")));
        }
        List<Problem> problems = new ArrayList<>();
        for (Iterator<String> names = tree.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new Problem(name, "unknown field"));
            }
        }
        String id = text(tree, "id", problems);
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(new Problem("id", "lowercase letters, digits, '-' and '_', at most 64"));
        }
        String url = text(tree, "url", problems);
        if (url == null) {
            problems.add(new Problem("url", "required"));
        } else {
            checkUrl(url, plainHttpAnywhere, problems);
        }
        List<String> events = new ArrayList<>();
        JsonNode list = tree.get("events");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(
                    new Problem("events", "a non-empty list of event types, e.g. [\"call.ended\", \"message.*\"]"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                String pattern = list.get(i).isTextual() ? list.get(i).asText() : "";
                if (!EventPatterns.selectsSomething(pattern)) {
                    problems.add(new Problem("events[" + i + "]", "no deliverable event type matches '" + pattern
                            + "'; deliverable: " + EventPatterns.DELIVERABLE.stream().sorted().toList()));
                } else if (!events.contains(pattern)) {
                    events.add(pattern);
                }
            }
        }
        String description = text(tree, "description", problems);
        if (description != null && description.length() > 500) {
            problems.add(new Problem("description", "at most 500 characters"));
        }
        String secret = text(tree, "secret", problems);
        if (secret != null && secret.length() < MIN_SECRET) {
            problems.add(new Problem("secret", "at least " + MIN_SECRET + " characters"));
        }
        String secretEnv = text(tree, "secretEnv", problems);
        if (secretEnv != null && !ENV_NAME.matcher(secretEnv).matches()) {
            problems.add(new Problem("secretEnv", "an environment variable name (A-Z, 0-9, _)"));
        }
        if (secret != null && secretEnv != null) {
            problems.add(new Problem("secret", "give secret or secretEnv, not both"));
        }
        JsonNode enabled = tree.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            problems.add(new Problem("enabled", "true or false"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubscription(problems);
        }
        return new Request(id, url, List.copyOf(events), description, secret, secretEnv,
                enabled == null || enabled.asBoolean());
    }

    private static void checkUrl(String url, boolean plainHttpAnywhere, List<Problem> problems) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null) {
                problems.add(new Problem("url", "an absolute http(s) URL"));
            } else if (scheme.equals("http")) {
                if (!plainHttpAnywhere && !isLoopback(uri.getHost())) {
                    problems.add(new Problem("url", "https is required (plain http only to this host)"));
                }
            } else if (!scheme.equals("https")) {
                problems.add(new Problem("url", "an absolute http(s) URL"));
            }
            if (uri.getUserInfo() != null) {
                problems.add(new Problem("url", "no credentials in the URL; the signature authenticates us"));
            }
        } catch (URISyntaxException e) {
            problems.add(new Problem("url", "not a URL: " + e.getReason()));
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static String text(JsonNode tree, String field, List<Problem> problems) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new Problem(field, "a string"));
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    public static String newId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return "sub_" + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(bytes)
                .toLowerCase()
                .replaceAll("[^a-z0-9]", "0");
    }

    static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A subscription as stored; null for an unreadable record. */
    public static Subscription readStored(String json) {
        try {
            return JSON.readValue(json, Subscription.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
