package io.aicaller.agents;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads and checks agent definitions. The limits are the Realtime API's (voices, formats, turn detection, tool names,
 * the 60-minute session), so a definition that passes cannot make the model refuse {@code session.update}; the
 * others keep a definition to what the bridge can carry out (reachable HTTPS endpoints, secrets by reference only).
 */
public final class AgentRules {

    /** Agent names: what the gateway passes as a stream parameter and Kafka uses as the key. */
    public static final Pattern AGENT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The Realtime API's rule for function names and MCP server labels. */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern CREDENTIAL_HEADER = Pattern
            .compile("(?i).*(authorization|token|secret|api-?key|password|cookie).*");
    public static final Set<String> VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer",
            "verse", "marin", "cedar");
    private static final Set<String> NOISE = Set.of("near_field", "far_field", "off");
    private static final Set<String> APPROVAL = Set.of("never");
    /** Headers the bridge sets itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host",
            RequestSignature.SIGNATURE_HEADER.toLowerCase(Locale.ROOT),
            RequestSignature.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT));
    static final int MAX_INSTRUCTIONS = 32_000;
    static final int MAX_PARAMETERS_CHARS = 16_000;

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private AgentRules() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static String toJson(AgentDefinition agent) {
        try {
            return JSON.writeValueAsString(agent);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a definition as stored (already checked when written); null for an unreadable one. */
    public static AgentDefinition readStored(String json) {
        try {
            return JSON.readValue(json, AgentDefinition.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads and checks a definition a user wrote, reporting every problem at once: a field that cannot be bound
     * (unknown, wrong type, invalid turn detection) is noted and left out, and the rest is still checked.
     */
    public static AgentDefinition parse(String json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw invalid("", "not valid JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw invalid("", "a JSON object is required");
        }
        List<InvalidAgent.Problem> problems = new ArrayList<>();
        AgentDefinition agent = null;
        for (int attempt = 0; agent == null && attempt < 50; attempt++) {
            try {
                agent = JSON.treeToValue(tree, AgentDefinition.class);
            } catch (UnrecognizedPropertyException e) {
                problems.add(new InvalidAgent.Problem(path(e, e.getPropertyName()), "unknown field; known fields are "
                        + e.getKnownPropertyIds()
                                .stream()
                                .map(String::valueOf)
                                .sorted()
                                .collect(Collectors.joining(", "))));
                drop(tree, e);
            } catch (ValueInstantiationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                problems.add(new InvalidAgent.Problem(path(e, null), cause.getMessage()));
                drop(tree, e);
            } catch (JsonMappingException e) {
                problems.add(new InvalidAgent.Problem(path(e, null), e.getOriginalMessage()));
                drop(tree, e);
            } catch (IOException e) {
                throw invalid("", "not readable: " + firstLine(e.getMessage()));
            }
        }
        if (agent == null) {
            throw new InvalidAgent(problems);
        }
        try {
            check(agent);
        } catch (InvalidAgent e) {
            // A field left out above would be reported again as missing.
            Set<String> reported = problems.stream().map(InvalidAgent.Problem::field).collect(Collectors.toSet());
            e.problems().stream().filter(p -> !reported.contains(p.field())).forEach(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidAgent(problems);
        }
        return agent;
    }

    /** Removes the node a binding error points at, so the next attempt gets past it. */
    private static void drop(JsonNode tree, JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty()) {
            throw new InvalidAgent(List.of(new InvalidAgent.Problem("", e.getOriginalMessage())));
        }
        JsonNode parent = tree;
        for (int i = 0; i < path.size() - 1 && parent != null; i++) {
            JsonMappingException.Reference ref = path.get(i);
            parent = ref.getFieldName() != null ? parent.get(ref.getFieldName()) : parent.get(ref.getIndex());
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && last.getFieldName() != null) {
            object.remove(last.getFieldName());
        } else if (parent instanceof ArrayNode array && last.getIndex() >= 0) {
            array.set(last.getIndex(), NullNode.getInstance());
        } else {
            throw new InvalidAgent(List.of(new InvalidAgent.Problem(path(e, null), e.getOriginalMessage())));
        }
    }

    /** Checks every rule and reports every broken one; throws {@link InvalidAgent} if any is. */
    public static void check(AgentDefinition a) {
        List<InvalidAgent.Problem> problems = new ArrayList<>();
        Check c = new Check(problems);
        c.require("name", a.name() != null && AGENT_NAME.matcher(a.name()).matches(),
                "required: 1-64 letters, digits, '-' or '_'");
        c.require("model", a.model() == null || MODEL.matcher(a.model()).matches(),
                "1-64 letters, digits or . _ : -");
        c.require("instructions", a.instructions() != null && !a.instructions().isBlank(), "required");
        c.require("instructions", a.instructions() == null || a.instructions().length() <= MAX_INSTRUCTIONS,
                "at most " + MAX_INSTRUCTIONS + " characters");
        c.require("description", a.description() == null || a.description().length() <= 500,
                "at most 500 characters");
        for (String name : a.variables().keySet()) {
            c.require("variables." + name, Templates.NAME.matcher(name).matches(),
                    "variable names are letters, digits and '_', not starting with a digit");
            c.require("variables." + name, !Templates.BUILT_IN.contains(name),
                    "set by the bridge on every call: " + Templates.BUILT_IN);
            c.require("variables." + name, a.variables().get(name) != null
                    && a.variables().get(name).length() <= 2000, "a text of at most 2000 characters");
        }
        placeholders(c, "instructions", a.instructions(), a.variables());
        placeholders(c, "greeting", a.greeting(), a.variables());
        c.require("voice", a.voice() == null || VOICES.contains(a.voice()) || a.voice().matches("voice_[A-Za-z0-9_]+"),
                "one of " + VOICES.stream().sorted().collect(Collectors.toList()) + " or a custom voice id voice_...");
        c.require("greeting", a.greeting() == null || a.greeting().length() <= 1000, "at most 1000 characters");
        c.require("language", a.language() == null || LANGUAGE.matcher(a.language()).matches(),
                "an ISO-639-1 code such as en or de");
        c.require("noiseReduction", a.noiseReduction() == null || NOISE.contains(a.noiseReduction()),
                "near_field, far_field or off");
        c.require("transcriptionModel", a.transcriptionModel() == null
                || MODEL.matcher(a.transcriptionModel()).matches(), "a model id such as gpt-4o-mini-transcribe");
        c.require("language", a.language() == null || a.transcriptionModel() != null,
                "needs transcriptionModel: the language is a hint to input transcription");
        c.require("audioFormat", a.audioFormat() == null || AgentDefinition.PCMU.equals(a.audioFormat())
                || AgentDefinition.PCM.equals(a.audioFormat()), "audio/pcmu or audio/pcm");
        c.require("maxCallDurationSeconds", a.maxCallDurationSeconds() == null
                || a.maxCallDurationSeconds() >= 30 && a.maxCallDurationSeconds() <= 3600,
                "30 to 3600: a model session lasts at most 60 minutes");
        c.require("transferNumber", a.transferNumber() == null || E164.matcher(a.transferNumber()).matches(),
                "an E.164 number such as +14155550123");
        c.require("fallbackNumber", a.fallbackNumber() == null || E164.matcher(a.fallbackNumber()).matches(),
                "an E.164 number such as +14155550123");
        if (a.analysis() != null) {
            AgentDefinition.Analysis analysis = a.analysis();
            c.require("analysis", analysis.summaryPrompt() != null || analysis.dataSchema() != null
                    || analysis.successRubric() != null, "at least one of summaryPrompt, dataSchema, successRubric");
            c.require("analysis.summaryPrompt", analysis.summaryPrompt() == null
                    || !analysis.summaryPrompt().isBlank() && analysis.summaryPrompt().length() <= 2000,
                    "at most 2000 characters");
            c.require("analysis.successRubric", analysis.successRubric() == null
                    || !analysis.successRubric().isBlank() && analysis.successRubric().length() <= 2000,
                    "at most 2000 characters");
            if (analysis.dataSchema() != null) {
                c.require("analysis.dataSchema", analysis.dataSchema().toString().length() <= 16_000,
                        "at most 16000 characters of JSON");
                c.require("analysis.dataSchema.type", "object".equals(analysis.dataSchema().path("type").asText()),
                        "object: the data is a JSON object");
                for (String problem : DataSchema.problems(analysis.dataSchema(), "analysis.dataSchema")) {
                    int colon = problem.indexOf(": ");
                    c.require(problem.substring(0, colon), false, problem.substring(colon + 2));
                }
            }
        }
        c.require("recording.enabled", a.recording() == null || a.recording().enabled() != null,
                "true or false");
        c.require("recording.retentionDays", a.recording() == null || a.recording().retentionDays() == null
                || a.recording().retentionDays() >= 1 && a.recording().retentionDays() <= 3650, "1 to 3650 days");
        if (a.redact() != null) {
            for (int i = 0; i < a.redact().size(); i++) {
                c.require("redact[" + i + "]", Redaction.KINDS.contains(a.redact().get(i)),
                        "one of " + Redaction.KINDS);
            }
        }
        c.require("disclosure", a.disclosure() == null || !a.disclosure().isBlank() && a.disclosure().length() <= 500,
                "a sentence of at most 500 characters");
        c.require("signingSecretEnv", a.signingSecretEnv() == null || ENV_NAME.matcher(a.signingSecretEnv()).matches(),
                "an environment variable name such as AGENT_SUPPORT_SIGNING_KEY");
        boolean callsOut = !a.httpTools().isEmpty() || a.callStartWebhook() != null;
        c.require("signingSecretEnv", !callsOut || a.signingSecretEnv() != null,
                "required with httpTools or callStartWebhook: every request to them is signed");

        Set<String> toolNames = new HashSet<>();
        for (int i = 0; i < a.builtinTools().size(); i++) {
            String tool = a.builtinTools().get(i);
            c.require("builtinTools[" + i + "]", AgentDefinition.BUILTIN_TOOLS.contains(tool),
                    "one of " + AgentDefinition.BUILTIN_TOOLS);
            c.require("builtinTools[" + i + "]", toolNames.add(String.valueOf(tool)), "listed twice");
        }
        for (int i = 0; i < a.httpTools().size(); i++) {
            httpTool(c, "httpTools[" + i + "]", a.httpTools().get(i), toolNames);
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < a.mcpServers().size(); i++) {
            mcpServer(c, "mcpServers[" + i + "]", a.mcpServers().get(i), labels);
        }
        if (a.callStartWebhook() != null) {
            AgentDefinition.CallStartWebhook hook = a.callStartWebhook();
            endpoint(c, "callStartWebhook.url", hook.url());
            c.require("callStartWebhook.timeoutMs", hook.timeoutMs() == null
                    || hook.timeoutMs() >= 100 && hook.timeoutMs() <= 5000,
                    "100 to 5000: the caller waits for it");
        }
        if (!problems.isEmpty()) {
            throw new InvalidAgent(problems);
        }
    }

    private static void httpTool(Check c, String at, AgentDefinition.HttpTool tool, Set<String> names) {
        if (tool == null) {
            c.require(at, false, "a tool object is required");
            return;
        }
        c.require(at + ".name", tool.name() != null && TOOL_NAME.matcher(tool.name()).matches(),
                "required: 1-64 letters, digits, '-' or '_'");
        c.require(at + ".name", tool.name() == null || names.add(tool.name()), "another tool has this name");
        c.require(at + ".description", tool.description() != null && !tool.description().isBlank()
                && tool.description().length() <= 1024, "required, at most 1024 characters: the model decides by it");
        JsonNode parameters = tool.parameters();
        c.require(at + ".parameters", parameters == null || parameters.isObject()
                && "object".equals(parameters.path("type").asText()), "a JSON Schema with \"type\": \"object\"");
        c.require(at + ".parameters", parameters == null || parameters.toString().length() <= MAX_PARAMETERS_CHARS,
                "at most " + MAX_PARAMETERS_CHARS + " characters of JSON");
        endpoint(c, at + ".url", tool.url());
        c.require(at + ".timeoutMs", tool.timeoutMs() == null || tool.timeoutMs() >= 100 && tool.timeoutMs() <= 30000,
                "100 to 30000");
        c.require(at + ".filler", tool.filler() == null || !tool.filler().isBlank() && tool.filler().length() <= 300,
                "1 to 300 characters");
        for (Map.Entry<String, AgentDefinition.Header> header : tool.headers().entrySet()) {
            String field = at + ".headers." + header.getKey();
            String name = header.getKey();
            AgentDefinition.Header value = header.getValue();
            c.require(field, HEADER_NAME.matcher(name).matches(), "header names are letters, digits and '-'");
            c.require(field, !RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT)), "set by the bridge");
            if (value == null || (value.value() == null) == (value.secretEnv() == null)) {
                c.require(field, false, "exactly one of value or secretEnv");
                continue;
            }
            if (value.value() != null) {
                c.require(field, !CREDENTIAL_HEADER.matcher(name).matches(),
                        "looks like a credential: keep it in a Secret and name its environment variable in secretEnv");
                c.require(field, value.value().length() <= 1024 && value.value().chars().noneMatch(ch -> ch < 0x20),
                        "at most 1024 printable characters");
            } else {
                c.require(field + ".secretEnv", ENV_NAME.matcher(value.secretEnv()).matches(),
                        "an environment variable name such as CRM_API_KEY");
            }
        }
    }

    private static void mcpServer(Check c, String at, AgentDefinition.McpServer server, Set<String> labels) {
        if (server == null) {
            c.require(at, false, "a server object is required");
            return;
        }
        c.require(at + ".label", server.label() != null && TOOL_NAME.matcher(server.label()).matches(),
                "required: 1-64 letters, digits, '-' or '_'");
        c.require(at + ".label", server.label() == null || labels.add(server.label()), "another server has this label");
        c.require(at + ".url", https(server.url()), "required: an https:// URL the model's servers can reach");
        c.require(at + ".requireApproval", server.requireApproval() == null
                || APPROVAL.contains(server.requireApproval()),
                "never: nobody on a phone line can approve a tool"
                        + " call, so limit what the agent may use with allowedTools");
        c.require(at + ".authorizationEnv", server.authorizationEnv() == null
                || ENV_NAME.matcher(server.authorizationEnv()).matches(), "an environment variable name");
        if (server.allowedTools() != null) {
            for (int i = 0; i < server.allowedTools().size(); i++) {
                String tool = server.allowedTools().get(i);
                c.require(at + ".allowedTools[" + i + "]", tool != null && !tool.isBlank() && tool.length() <= 128,
                        "a tool name");
            }
        }
    }

    /**
     * HTTPS, or plain HTTP to this machine's loopback (the local run and its tests): tool requests carry the caller's
     * number, so they never cross a network in clear text.
     */
    private static void endpoint(Check c, String field, String url) {
        c.require(field, https(url) || loopbackHttp(url),
                "required: an https:// URL (http:// only to localhost, for local development)");
    }

    private static boolean https(String url) {
        URI uri = uri(url);
        return uri != null && "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
    }

    private static boolean loopbackHttp(String url) {
        URI uri = uri(url);
        return uri != null && "http".equals(uri.getScheme()) && uri.getUserInfo() == null
                && Set.of("localhost", "127.0.0.1", "[::1]").contains(String.valueOf(uri.getHost()));
    }

    private static URI uri(String url) {
        if (url == null || url.length() > 2048) {
            return null;
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void placeholders(Check c, String field, String text, Map<String, String> defaults) {
        for (String name : Templates.names(text)) {
            if (!Templates.NAME.matcher(name).matches()) {
                c.require(field, false, "{{" + name + "}} is not a variable name");
            } else {
                c.require(field, defaults.containsKey(name) || Templates.BUILT_IN.contains(name), "{{" + name
                        + "}} has no default in variables (built in: " + Templates.BUILT_IN.stream()
                                .sorted()
                                .collect(Collectors.toList())
                        + ")");
            }
        }
    }

    private static InvalidAgent invalid(String field, String message) {
        return new InvalidAgent(List.of(new InvalidAgent.Problem(field, message)));
    }

    private static String path(JsonMappingException e, String leaf) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (leaf != null && !path.toString().endsWith(leaf)) {
            path.append(path.length() > 0 ? "." : "").append(leaf);
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }

    private record Check(List<InvalidAgent.Problem> problems) {
        void require(String field, boolean ok, String message) {
            if (!ok) {
                problems.add(new InvalidAgent.Problem(field, message));
            }
        }
    }
}
