package io.aicaller.gateway.messaging;

import java.io.IOException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import io.aicaller.events.EventType;
import io.aicaller.events.NumberConfigured;
import io.aicaller.events.NumberPurchased;
import io.aicaller.events.NumberReleased;
import io.aicaller.gateway.service.ProfileResolver;

/**
 * Keeps the number-to-profile assignments the numbers-service publishes. Every replica reads the whole topic (its
 * own consumer group, from the beginning), so each one answers a call with the same profile.
 */
@ApplicationScoped
public class NumberAssignmentConsumer {

    private static final Logger LOG = Logger.getLogger(NumberAssignmentConsumer.class);

    private final ProfileResolver profiles;
    private final ObjectMapper json;

    NumberAssignmentConsumer(ProfileResolver profiles, ObjectMapper json) {
        this.profiles = profiles;
        this.json = json;
    }

    @Incoming("numbers-lifecycle")
    public CompletionStage<Void> consume(Message<String> message) {
        message.getMetadata(IncomingCloudEventMetadata.class).ifPresent(ce -> {
            try {
                apply(EventType.fromCeType(ce.getType()), message.getPayload());
            } catch (IOException | IllegalArgumentException e) {
                LOG.warnf("Skipped an unreadable number lifecycle event: %s", e.toString());
            }
        });
        return message.ack();
    }

    private void apply(EventType type, String payload) throws IOException {
        switch (type) {
            case NUMBER_PURCHASED:
                NumberPurchased purchased = json.readValue(payload, NumberPurchased.class);
                profiles.assign(purchased.phoneNumber(), purchased.profile());
                break;
            case NUMBER_CONFIGURED:
                NumberConfigured configured = json.readValue(payload, NumberConfigured.class);
                profiles.assign(configured.phoneNumber(), configured.profile());
                break;
            case NUMBER_RELEASED:
                profiles.assign(json.readValue(payload, NumberReleased.class).phoneNumber(), null);
                break;
            default:
                break;
        }
    }
}
