package io.aicaller.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.aicaller.gateway.config.GatewayConfig;

/** Chooses the agent profile for a called number: the configured assignment, else the default profile. */
@ApplicationScoped
public class ProfileResolver {

    private final GatewayConfig.Profiles profiles;

    ProfileResolver(GatewayConfig config) {
        this.profiles = config.profiles();
    }

    public String forNumber(String calledNumber) {
        if (calledNumber == null) {
            return profiles.defaultProfile();
        }
        return profiles.numbers().getOrDefault(calledNumber, profiles.defaultProfile());
    }
}
