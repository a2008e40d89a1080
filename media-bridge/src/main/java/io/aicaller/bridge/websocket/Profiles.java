package io.aicaller.bridge.websocket;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.Startup;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentRules;
import io.aicaller.agents.TurnDetection;
import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.bridge.messaging.AgentsConsumer;
import io.aicaller.bridge.model.AgentProfile;

/**
 * The agent a call runs, by the name the gateway passed as a stream parameter: the agent of that name on the agents
 * topic (the version current when the call starts), else the profile of that name in the bridge's configuration,
 * else the default profile. Configured profiles are checked at start-up, so a setting the model API would refuse
 * stops the service instead of a call.
 */
@Startup
@ApplicationScoped
public class Profiles {

    /** Stream parameters with this prefix are the call's variables, e.g. {@code var_customerName}. */
    public static final String VARIABLE_PREFIX = "var_";

    private final BridgeConfig config;
    private final AgentsConsumer agents;
    private final Config secrets;

    Profiles(BridgeConfig config, AgentsConsumer agents, Config secrets) {
        this.config = config;
        this.agents = agents;
        this.secrets = secrets;
        config.profiles().keySet().forEach(this::configured);
        configured(config.defaultProfile());
    }

    /** The agent for a call, from its stream parameters ({@code profile}, {@code from}, {@code to}, ...). */
    public AgentProfile forCall(Map<String, String> parameters) {
        return forCall(parameters.get("profile"), parameters, Map.of());
    }

    /**
     * @param variables the call's own values (e.g. from the call-start webhook), over the stream's {@code var_}
     *        parameters, over the definition's defaults
     */
    public AgentProfile forCall(String requested, Map<String, String> parameters, Map<String, String> variables) {
        String name = requested == null || !AgentRules.AGENT_NAME.matcher(requested).matches() ? null : requested;
        Optional<AgentDefinition> stored = agents.get(name);
        if (stored.isPresent()) {
            Map<String, String> values = new HashMap<>();
            parameters.forEach((key, value) -> {
                if (key.startsWith(VARIABLE_PREFIX)) {
                    values.put(key.substring(VARIABLE_PREFIX.length()), value);
                }
            });
            values.putAll(variables);
            Map<String, String> builtIns = new HashMap<>();
            for (String key : new String[]{"from", "to", "direction"}) {
                builtIns.put(key, parameters.getOrDefault(key, ""));
            }
            return AgentProfile.forCall(stored.get(), values, builtIns, "gpt-realtime",
                    env -> secrets.getOptionalValue(env, String.class));
        }
        return configured(name);
    }

    /** The agent of that name on the agents topic, if there is one. */
    public Optional<AgentDefinition> stored(String name) {
        return agents.get(name);
    }

    /** A secret named by an agent definition (an environment variable from a Kubernetes Secret). */
    public Optional<String> secret(String envName) {
        return envName == null ? Optional.empty() : secrets.getOptionalValue(envName, String.class);
    }

    AgentProfile configured(String requested) {
        String name = requested == null || requested.isBlank() || !AgentRules.AGENT_NAME.matcher(requested).matches()
                ? config.defaultProfile()
                : requested;
        BridgeConfig.Profile p = config.profiles().get(name);
        TurnDetection turns;
        try {
            turns = new TurnDetection(p.turnDetection(), p.vadThreshold().orElse(null),
                    millis(p.vadPrefixPadding()), millis(p.vadSilenceDuration()), millis(p.vadIdleTimeout()),
                    p.vadEagerness().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bridge.profiles." + name + " turn detection: " + e.getMessage(), e);
        }
        return new AgentProfile(name, p.model(), p.instructions(), p.voice(), p.greeting().orElse(null),
                turns, p.tools(), p.fallbackNumber().orElse(null), p.transcriptionModel().orElse(null),
                p.audioFormat());
    }

    private static Integer millis(Optional<Duration> duration) {
        return duration.map(d -> (int) Math.min(Integer.MAX_VALUE, d.toMillis())).orElse(null);
    }
}
