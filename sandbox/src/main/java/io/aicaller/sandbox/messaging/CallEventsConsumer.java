package io.aicaller.sandbox.messaging;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import io.aicaller.sandbox.phone.PhoneNetwork;
import io.aicaller.sandbox.phone.SimulatedCall;

/**
 * Shows on each simulated call what the services published about it: lifecycle events, transcript turns, and the
 * messages it asked for with what became of them.
 */
@ApplicationScoped
public class CallEventsConsumer {

    private final PhoneNetwork network;
    private final ObjectMapper json;
    private final CallMessages messages = new CallMessages();

    CallEventsConsumer(PhoneNetwork network, ObjectMapper json) {
        this.network = network;
        this.json = json;
    }

    @Incoming("lifecycle")
    public CompletionStage<Void> lifecycle(Message<String> message) {
        observe(message, false);
        return message.ack();
    }

    @Incoming("transcripts")
    public CompletionStage<Void> transcripts(Message<String> message) {
        observe(message, true);
        return message.ack();
    }

    @Incoming("message-requests")
    public CompletionStage<Void> messageRequests(Message<String> message) {
        try {
            JsonNode request = json.readTree(message.getPayload());
            String body = request.path("body").asText("");
            show(messages.requested(request.path("requestId").asText(null), request.path("callSid").asText(null),
                    at(message), "to=" + request.path("to").asText() + " body=\""
                            + (body.length() > 80 ? body.substring(0, 80) + "..." : body) + "\""));
        } catch (Exception e) {
            // not a request this view can show
        }
        return message.ack();
    }

    @Incoming("message-events")
    public CompletionStage<Void> messageEvents(Message<String> message) {
        message.getMetadata(IncomingCloudEventMetadata.class).ifPresent(ce -> {
            String type = ce.getType().replaceFirst("^io\\.aicaller\\.", "").replaceFirst("\\.v1$", "");
            try {
                JsonNode data = json.readTree(message.getPayload());
                String summary = switch (type) {
                    case "message.sent" -> "sid=" + data.path("messageSid").asText() + " status="
                            + data.path("status").asText();
                    case "message.status-changed" -> "status=" + data.path("status").asText()
                            + (data.hasNonNull("errorCode") ? " error=" + data.get("errorCode").asText() : "");
                    case "message.refused" -> "reason=" + data.path("reason").asText() + " "
                            + data.path("message").asText("");
                    default -> null;
                };
                if (summary != null) {
                    show(messages.event(type, data.path("requestId").asText(null), data.path("messageSid")
                            .asText(null), at(message), summary));
                }
            } catch (Exception e) {
                // not an event this view can show
            }
        });
        return message.ack();
    }

    private void show(java.util.List<CallMessages.Line> lines) {
        for (CallMessages.Line line : lines) {
            network.call(line.callSid())
                    .ifPresent(call -> call.observed(new SimulatedCall.Observed(line.type(), line.at(),
                            line.summary()), false));
        }
    }

    private static Instant at(Message<String> message) {
        Optional<IncomingCloudEventMetadata> metadata = message.getMetadata(IncomingCloudEventMetadata.class);
        return metadata.flatMap(ce -> {
            IncomingCloudEventMetadata<?> event = ce;
            return event.getTimeStamp();
        }).map(java.time.ZonedDateTime::toInstant).orElse(Instant.now());
    }

    private void observe(Message<String> message, boolean transcript) {
        message.getMetadata(IncomingCloudEventMetadata.class).ifPresent(metadata -> {
            IncomingCloudEventMetadata<?> ce = metadata;
            String callSid = ce.getSubject().orElse(null);
            if (callSid == null) {
                return;
            }
            network.call(callSid).ifPresent(call -> {
                String type = ce.getType().replaceFirst("^io\\.aicaller\\.", "").replaceFirst("\\.v1$", "");
                call.observed(new SimulatedCall.Observed(type, at(message), summary(type, message.getPayload())),
                        transcript);
            });
        });
    }

    private String summary(String type, String payload) {
        try {
            JsonNode data = json.readTree(payload);
            if (type.equals("call.analyzed")) {
                return "status=" + data.path("status").asText() + " summary=" + data.path("summary").asText("")
                        + " success=" + data.path("success").asText("") + " data=" + data.path("data");
            }
            if (type.equals("tool.completed")) {
                return "tool=" + data.path("tool").asText() + " outcome=" + data.path("outcome").asText() + " latency="
                        + data.path("latencyMs").asLong() + " ms";
            }
            if (type.equals("tool.invoked")) {
                return "tool=" + data.path("tool").asText();
            }
            if (type.equals("call.stream-ended")) {
                // Per turn: from the caller's last word to the agent's first audio.
                return "reason=" + data.path("reason").asText() + " interruptions=" + data.path("interruptions").asInt()
                        + " turn latencies (caller stops -> agent audio)=" + data.path("turnLatenciesMs") + " ms";
            }
            if (type.equals("transcript.turn")) {
                return data.path("role").asText() + ": " + data.path("text").asText()
                        + (data.path("interrupted").asBoolean() ? " (interrupted)" : "");
            }
            for (String field : new String[]{"status", "reason", "mode", "outcome", "profile", "to"}) {
                if (data.hasNonNull(field)) {
                    return field + "=" + data.get(field).asText();
                }
            }
            return "";
        } catch (Exception e) {
            return "unreadable";
        }
    }
}
