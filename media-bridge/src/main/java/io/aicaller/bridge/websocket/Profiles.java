package io.aicaller.bridge.websocket;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.agents.TurnDetection;

/**
 * Agent profiles from configuration, by the name the gateway passed as a stream parameter. The configured profiles
 * are checked at start-up, so a setting the model API would refuse stops the service instead of a call.
 */
@Startup
@ApplicationScoped
public class Profiles {

    private final BridgeConfig config;

    Profiles(BridgeConfig config) {
        this.config = config;
        config.profiles().keySet().forEach(this::forName);
        forName(config.defaultProfile());
    }

    public AgentProfile forName(String requested) {
        String name = requested == null || requested.isBlank() || !requested.matches("[A-Za-z0-9_-]{1,64}")
                ? config.defaultProfile()
                : requested;
        BridgeConfig.Profile p = config.profiles().get(name);
        TurnDetection turns;
        try {
            turns = new TurnDetection(p.turnDetection(), p.vadThreshold().orElse(null),
                    millis(p.vadPrefixPadding()), millis(p.vadSilenceDuration()), millis(p.vadIdleTimeout()),
                    p.vadEagerness().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bridge.profiles." + name + ": " + e.getMessage(), e);
        }
        return new AgentProfile(name, p.model(), p.instructions(), p.voice(), p.greeting().orElse(null),
                turns, p.tools(), p.fallbackNumber().orElse(null), p.transcriptionModel().orElse(null),
                p.audioFormat());
    }

    private static Integer millis(Optional<Duration> duration) {
        return duration.map(d -> (int) Math.min(Integer.MAX_VALUE, d.toMillis())).orElse(null);
    }
}
