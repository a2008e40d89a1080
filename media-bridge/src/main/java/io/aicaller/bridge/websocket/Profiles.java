package io.aicaller.bridge.websocket;

import jakarta.enterprise.context.ApplicationScoped;

import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.bridge.model.AgentProfile;

/** Agent profiles from configuration, by the name the gateway passed as a stream parameter. */
@ApplicationScoped
public class Profiles {

    private final BridgeConfig config;

    Profiles(BridgeConfig config) {
        this.config = config;
    }

    public AgentProfile forName(String requested) {
        String name = requested == null || requested.isBlank() || !requested.matches("[A-Za-z0-9_-]{1,64}")
                ? config.defaultProfile()
                : requested;
        BridgeConfig.Profile p = config.profiles().get(name);
        return new AgentProfile(name, p.model(), p.instructions(), p.voice(), p.greeting().orElse(null),
                p.turnDetection(), p.tools(), p.fallbackNumber().orElse(null), p.transcriptionModel().orElse(null),
                p.audioFormat());
    }
}
