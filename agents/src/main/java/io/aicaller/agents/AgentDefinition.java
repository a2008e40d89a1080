package io.aicaller.agents;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An agent as data: what the business configures and the bridge turns into a model session. Kept on the compacted
 * topic {@code agents.definitions.v1} under its name; {@code version} and {@code updatedAt} are set by the writer.
 * {@link AgentRules} checks every field with the limits the Realtime API applies.
 *
 * @param instructions the system prompt; {@code {{variable}}} placeholders are filled per call
 * @param variables defaults for the placeholders, overridden per call (call-start webhook, outbound call)
 * @param voice one of the Realtime API's voices or a custom voice id ({@code voice_...})
 * @param language ISO-639-1 code of the caller's language, given to input transcription
 * @param noiseReduction {@code near_field}, {@code far_field} or {@code off}
 * @param builtinTools any of {@code end_call}, {@code transfer_call}, {@code send_sms}
 * @param signingSecretEnv the environment variable (from a Kubernetes Secret) holding the key that signs requests
 *        to this agent's HTTP tools and call-start webhook; the key itself is never stored
 * @param analysis what a text model reports after each call (summary, data, success), see {@link Analysis}
 * @param recording whether this agent's calls are recorded (at Twilio, both parties on their own channel)
 * @param disclosure spoken to the caller before anything else (by Twilio, ahead of the Media Stream), e.g. "This
 *        call is recorded and I am an AI assistant"
 * @param redact personal data taken out of transcripts before they leave the suite: any of
 *        {@code card-numbers}, {@code email-addresses}, {@code phone-numbers} (see {@link Redaction})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentDefinition(String name, Long version, String description, String model, String instructions,
        Map<String, String> variables, String voice, String greeting, String language, TurnDetection turnDetection,
        String noiseReduction, String transcriptionModel, String audioFormat, Integer maxCallDurationSeconds,
        List<String> builtinTools, List<HttpTool> httpTools, List<McpServer> mcpServers, String signingSecretEnv,
        CallStartWebhook callStartWebhook, String transferNumber, String fallbackNumber, Analysis analysis,
        Recording recording, String disclosure, List<String> redact, Instant updatedAt) {

    public static final String PCMU = "audio/pcmu";
    public static final String PCM = "audio/pcm";
    public static final String END_CALL = "end_call";
    public static final String TRANSFER_CALL = "transfer_call";
    public static final String SEND_SMS = "send_sms";
    public static final List<String> BUILTIN_TOOLS = List.of(END_CALL, TRANSFER_CALL, SEND_SMS);

    public AgentDefinition {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        builtinTools = builtinTools == null ? List.of() : List.copyOf(builtinTools);
        httpTools = httpTools == null ? List.of() : List.copyOf(httpTools);
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
        redact = redact == null ? null : List.copyOf(redact);
    }

    /** The same definition as stored: a new version number and time. */
    public AgentDefinition stored(long newVersion, Instant at) {
        return stamped(newVersion, at);
    }

    private AgentDefinition stamped(Long newVersion, Instant at) {
        return new AgentDefinition(name, newVersion, description, model, instructions, variables, voice, greeting,
                language, turnDetection, noiseReduction, transcriptionModel, audioFormat, maxCallDurationSeconds,
                builtinTools, httpTools, mcpServers, signingSecretEnv, callStartWebhook, transferNumber,
                fallbackNumber, analysis, recording, disclosure, redact, at);
    }

    /** What the user defined, without the writer's stamp: equal content means nothing to write. */
    public AgentDefinition content() {
        return version == null && updatedAt == null ? this : stamped(null, null);
    }

    public long versionOrZero() {
        return version == null ? 0 : version;
    }

    /**
     * A tool on the business's side: the bridge POSTs the model's arguments and the call's context to {@code url},
     * signed, and gives the answer back to the model.
     *
     * @param parameters the JSON Schema of the arguments, as the model sees it
     * @param filler what the agent says when the tool has not answered within a second; null says nothing
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HttpTool(String name, String description, JsonNode parameters, String url, Integer timeoutMs,
            Map<String, Header> headers, String filler) {

        public static final int DEFAULT_TIMEOUT_MS = 5000;

        public HttpTool {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public int timeoutOrDefault() {
            return timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        }
    }

    /**
     * Post-call analysis: after each call, a text model reads the transcript and reports a summary (as
     * {@code summaryPrompt} asks), data valid against {@code dataSchema} ({@link DataSchema}'s subset) and whether
     * the call met {@code successRubric}. Any of the three; the event {@code call.analyzed} carries the result.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Analysis(String summaryPrompt, JsonNode dataSchema, String successRubric) {
    }

    /** Whether calls of this agent are analysed after they end. */
    public boolean analysed() {
        return analysis != null;
    }

    /**
     * Whether the agent's calls are recorded; {@code enabled: true} records every call it answers or places.
     *
     * @param retentionDays after this many days a recording is deleted at Twilio; null keeps it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recording(Boolean enabled, Integer retentionDays) {

        public boolean on() {
            return Boolean.TRUE.equals(enabled);
        }
    }

    /** Whether calls of this agent are recorded. */
    public boolean recorded() {
        return recording != null && recording.on();
    }

    /** A static header: a literal value, or the name of the environment variable (from a Secret) that holds it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Header(String value, String secretEnv) {
    }

    /**
     * A remote MCP server the model calls by itself (the Realtime API's {@code mcp} tool).
     *
     * @param requireApproval {@code never} (the default): over a phone line nobody can approve a call, so
     *        {@code allowedTools} is how a definition limits what the model may use
     * @param authorizationEnv the environment variable holding the OAuth token sent as {@code authorization}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record McpServer(String label, String url, String description, List<String> allowedTools,
            String requireApproval, String authorizationEnv) {

        public McpServer {
            allowedTools = allowedTools == null ? null : List.copyOf(allowedTools);
        }
    }

    /**
     * Asked when a call starts, before the agent speaks: returns variables for the instructions or another agent.
     * The call does not wait for it beyond {@code timeoutMs}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CallStartWebhook(String url, Integer timeoutMs) {

        public static final int DEFAULT_TIMEOUT_MS = 1500;

        public int timeoutOrDefault() {
            return timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        }
    }
}
