package io.aicaller.messaging.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import io.aicaller.events.EventType;
import io.aicaller.events.MessageSendRequested;
import io.aicaller.messaging.service.MessagingService;

/**
 * Sends what {@code messages.send-requests.v1} asks for (the media-bridge's {@code send_sms} tool, other services),
 * through the same path as the API, so a redelivered record sends nothing new. A record that cannot be read, or that
 * Twilio would not take after retries, goes to the dead-letter topic with the failure in its headers; a refusal is an
 * outcome, published as {@code message.refused}, not a failure.
 */
@ApplicationScoped
public class SendRequestConsumer {

    private static final Logger LOG = Logger.getLogger(SendRequestConsumer.class);

    private final MessagingService messaging;
    private final ObjectMapper json;

    SendRequestConsumer(MessagingService messaging, ObjectMapper json) {
        this.messaging = messaging;
        this.json = json;
    }

    @Incoming("send-requests")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        try {
            IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                    .orElseThrow(() -> new IllegalArgumentException("Send request is not a CloudEvent"));
            if (EventType.fromCeType(ce.getType()) != EventType.MESSAGE_SEND_REQUESTED) {
                throw new IllegalArgumentException("Not a send request: " + ce.getType());
            }
            MessageSendRequested request = json.readValue(message.getPayload(), MessageSendRequested.class);
            if (request.requestId() == null || request.requestId().isBlank()) {
                throw new IllegalArgumentException("Send request without a requestId");
            }
            messaging.send(new MessagingService.SendRequest(request.requestId(), request.to(), request.from(),
                    request.messagingServiceSid(), request.body(), request.mediaUrls(), request.callSid(), null));
            return message.ack();
        } catch (Exception e) {
            LOG.warnf("Send request failed, sending it to the dead-letter topic: %s", e.toString());
            return message.nack(e);
        }
    }
}
