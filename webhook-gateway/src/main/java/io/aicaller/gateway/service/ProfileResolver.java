package io.aicaller.gateway.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.aicaller.gateway.config.GatewayConfig;

/**
 * Chooses the agent profile for a called number: the numbers-service's assignment (from
 * {@code numbers.lifecycle.v1}), else the configured one, else the default profile.
 */
@ApplicationScoped
public class ProfileResolver {

    private final GatewayConfig.Profiles profiles;
    private final Map<String, String> assigned = new ConcurrentHashMap<>();

    ProfileResolver(GatewayConfig config) {
        this.profiles = config.profiles();
    }

    public String forNumber(String calledNumber) {
        if (calledNumber == null) {
            return profiles.defaultProfile();
        }
        String fromTopic = assigned.get(calledNumber);
        return fromTopic != null ? fromTopic : profiles.numbers().getOrDefault(calledNumber, profiles.defaultProfile());
    }

    /** Records the numbers-service's assignment; a null profile forgets the number. */
    public void assign(String number, String profile) {
        if (profile == null || profile.isBlank()) {
            assigned.remove(number);
        } else {
            assigned.put(number, profile);
        }
    }
}
