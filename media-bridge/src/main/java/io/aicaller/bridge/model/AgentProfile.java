package io.aicaller.bridge.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.Redaction;
import io.aicaller.agents.Templates;
import io.aicaller.agents.TurnDetection;

/**
 * The agent one call runs: an agent definition at one version, its placeholders filled for this call. The call keeps
 * it to the end, whatever later versions say.
 *
 * @param version the definition's version; 0 for a profile from the bridge's own configuration
 * @param fallbackNumber where a call goes when the model fails; null hangs up instead
 * @param audioFormat {@code audio/pcmu} (Twilio's mu-law passes through) or {@code audio/pcm} (24 kHz PCM16, for
 *        models without G.711: the bridge transcodes)
 * @param tools the built-in tools ({@code end_call}, {@code transfer_call}, {@code send_sms})
 * @param language ISO-639-1 hint for input transcription; nullable
 * @param noiseReduction {@code near_field} or {@code far_field}; null or {@code off} for none
 * @param maxCallDurationSeconds the agent's own limit on a call's length; null for the bridge's
 * @param transferNumber where {@code transfer_call} sends the caller when the model names no number; nullable
 */
public record AgentProfile(String name, long version, String model, String instructions, String voice,
        String greeting, TurnDetection turnDetection, List<String> tools, String fallbackNumber,
        String transcriptionModel, String audioFormat, String language, String noiseReduction,
        List<AgentDefinition.HttpTool> httpTools, List<McpTool> mcpServers, String signingSecretEnv,
        Integer maxCallDurationSeconds, String transferNumber, Redaction redaction, boolean analysed) {

    public static final String PCMU = AgentDefinition.PCMU;
    public static final String PCM = AgentDefinition.PCM;

    public static final String END_CALL = AgentDefinition.END_CALL;
    public static final String TRANSFER_CALL = AgentDefinition.TRANSFER_CALL;
    public static final String SEND_SMS = AgentDefinition.SEND_SMS;

    public AgentProfile {
        tools = tools == null ? List.of() : List.copyOf(tools);
        httpTools = httpTools == null ? List.of() : List.copyOf(httpTools);
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
        turnDetection = turnDetection == null ? TurnDetection.serverVad() : turnDetection;
        redaction = redaction == null ? Redaction.NONE : redaction;
    }

    /** A profile from the bridge's configuration: built-in tools only. */
    public AgentProfile(String name, String model, String instructions, String voice, String greeting,
            TurnDetection turnDetection, List<String> tools, String fallbackNumber, String transcriptionModel,
            String audioFormat) {
        this(name, 0, model, instructions, voice, greeting, turnDetection, tools, fallbackNumber, transcriptionModel,
                audioFormat, null, null, List.of(), List.of(), null, null, null, Redaction.NONE, false);
    }

    /**
     * The definition for one call: placeholders filled from the call's variables over the definition's defaults,
     * with the built-ins ({@code from}, {@code to}, {@code direction}, {@code agent}) set by the bridge.
     */
    public static AgentProfile forCall(AgentDefinition agent, Map<String, String> callVariables,
            Map<String, String> builtIns, String defaultModel, Function<String, Optional<String>> secrets) {
        Map<String, String> values = new HashMap<>(agent.variables());
        callVariables.forEach((name, value) -> {
            if (value != null && Templates.NAME.matcher(name).matches() && !Templates.BUILT_IN.contains(name)) {
                values.put(name, value);
            }
        });
        values.putAll(builtIns);
        values.put("agent", agent.name());
        return new AgentProfile(agent.name(), agent.versionOrZero(),
                Optional.ofNullable(agent.model()).orElse(defaultModel),
                Templates.render(agent.instructions(), values), Optional.ofNullable(agent.voice()).orElse("marin"),
                Templates.render(agent.greeting(), values), agent.turnDetection(), agent.builtinTools(),
                agent.fallbackNumber(), agent.transcriptionModel(),
                Optional.ofNullable(agent.audioFormat()).orElse(PCMU), agent.language(), agent.noiseReduction(),
                agent.httpTools(), agent.mcpServers()
                        .stream()
                        .map(m -> new McpTool(m.label(), m.url(), m.description(),
                                m.allowedTools(), m.requireApproval(),
                                m.authorizationEnv() == null ? null : secrets.apply(m.authorizationEnv()).orElse(null)))
                        .collect(Collectors.toList()),
                agent.signingSecretEnv(), agent.maxCallDurationSeconds(), agent.transferNumber(),
                Redaction.of(agent.redact()), agent.analysed());
    }

    /** Whether audio must be transcoded between Twilio's mu-law and the model's PCM. */
    public boolean transcodes() {
        return PCM.equals(audioFormat);
    }

    /** The format asked of the model, both ways: what {@code session.updated} must confirm. */
    public String modelAudioFormat() {
        return transcodes() ? PCM : PCMU;
    }

    public boolean hasGreeting() {
        return greeting != null && !greeting.isBlank();
    }

    public Optional<AgentDefinition.HttpTool> httpTool(String toolName) {
        return httpTools.stream().filter(t -> t.name().equals(toolName)).findFirst();
    }
}
