package io.aicaller.numbers.messaging;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import io.aicaller.events.EventType;
import io.aicaller.events.NumberConfigured;
import io.aicaller.events.NumberPurchased;
import io.aicaller.events.NumberReleased;

/**
 * Which agent profile answers which number, rebuilt at start from {@code numbers.lifecycle.v1} (each replica reads
 * the whole topic in its own consumer group), so every replica and a restarted one agree.
 */
@ApplicationScoped
public class ProfileAssignments {

    private final Map<String, String> profileBySid = new ConcurrentHashMap<>();
    private final ObjectMapper json;

    ProfileAssignments(ObjectMapper json) {
        this.json = json;
    }

    public Optional<String> profile(String phoneNumberSid) {
        return Optional.ofNullable(profileBySid.get(phoneNumberSid));
    }

    /** The numbers (SIDs) an agent answers, sorted. */
    public List<String> numbersUsing(String agent) {
        return profileBySid.entrySet()
                .stream()
                .filter(e -> e.getValue().equals(agent))
                .map(Map.Entry::getKey)
                .sorted()
                .collect(Collectors.toList());
    }

    public void assign(String phoneNumberSid, String profile) {
        if (profile == null) {
            profileBySid.remove(phoneNumberSid);
        } else {
            profileBySid.put(phoneNumberSid, profile);
        }
    }

    @Incoming("numbers-lifecycle")
    public java.util.concurrent.CompletionStage<Void> consume(Message<String> message) {
        try {
            message.getMetadata(IncomingCloudEventMetadata.class)
                    .ifPresent(ce -> apply(ce.getType(),
                            message.getPayload()));
        } catch (RuntimeException e) {
            // An event this version cannot read does not stop the others.
        }
        return message.ack();
    }

    private void apply(String ceType, String payload) {
        try {
            switch (EventType.fromCeType(ceType)) {
                case NUMBER_PURCHASED:
                    NumberPurchased purchased = json.readValue(payload, NumberPurchased.class);
                    assign(purchased.phoneNumberSid(), purchased.profile());
                    break;
                case NUMBER_CONFIGURED:
                    NumberConfigured configured = json.readValue(payload, NumberConfigured.class);
                    assign(configured.phoneNumberSid(), configured.profile());
                    break;
                case NUMBER_RELEASED:
                    assign(json.readValue(payload, NumberReleased.class).phoneNumberSid(), null);
                    break;
                default:
                    break;
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
