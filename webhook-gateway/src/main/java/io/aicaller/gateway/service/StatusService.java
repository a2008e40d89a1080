package io.aicaller.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import io.aicaller.events.CallEnded;
import io.aicaller.events.CallRecordingStatusChanged;
import io.aicaller.events.CallStatusChanged;
import io.aicaller.events.CallStreamEnded;
import io.aicaller.events.CallStreamStarted;
import io.aicaller.events.MachineDetectionCompleted;
import io.aicaller.gateway.messaging.EventPublisher;

/** Call progress, stream, recording and answering-machine callbacks, each turned into its event. */
@ApplicationScoped
public class StatusService {

    private final EventPublisher publisher;
    private final CallStates states;

    StatusService(EventPublisher publisher, CallStates states) {
        this.publisher = publisher;
        this.states = states;
    }

    public Uni<Void> callStatus(TwilioWebhook webhook) {
        String callSid = webhook.required("CallSid");
        String status = webhook.required("CallStatus");
        Integer sequence = webhook.intParam("SequenceNumber");
        Integer duration = webhook.intParam("CallDuration");
        Instant timestamp = webhook.timestamp();
        CallStates.Transition transition = states.observe(callSid, status);
        String order = sequence != null ? sequence.toString() : Objects.toString(webhook.param("Timestamp"), "");
        Uni<Void> changed = publisher.publish(
                new CallStatusChanged(callSid, status, sequence, duration, webhook.param("AnsweredBy"), timestamp),
                webhook.idParts(callSid, status, order));
        if (!transition.becameFinal()) {
            return changed;
        }
        // One call.ended per call: the id depends on the call alone, so replicas that both see a final status
        // publish the same id and consumers keep one.
        CallEnded ended = new CallEnded(callSid, transition.current(), duration, null, timestamp);
        return changed.chain(() -> publisher.publish(ended, callSid));
    }

    public Uni<Void> streamStatus(TwilioWebhook webhook) {
        String callSid = webhook.required("CallSid");
        String streamSid = webhook.required("StreamSid");
        String streamEvent = webhook.required("StreamEvent");
        Instant timestamp = webhook.timestamp();
        String[] id = webhook.idParts(streamSid, streamEvent);
        switch (streamEvent) {
            case "stream-started":
                return publisher.publish(new CallStreamStarted(callSid, streamSid, null, "twilio", timestamp), id);
            case "stream-stopped":
            case "stream-error":
                String reason = streamEvent.equals("stream-error")
                        ? "stream-error: " + Objects.toString(webhook.param("StreamError"), "unknown")
                        : "stream-stopped";
                return publisher.publish(
                        new CallStreamEnded(callSid, streamSid, reason, 0, 0, 0, 0, 0, List.of(), "twilio", timestamp),
                        id);
            default:
                throw new WebhookGuard.Refused(400, "Unknown StreamEvent " + streamEvent);
        }
    }

    public Uni<Void> recordingStatus(TwilioWebhook webhook) {
        String callSid = webhook.required("CallSid");
        String recordingSid = webhook.required("RecordingSid");
        String status = webhook.required("RecordingStatus");
        return publisher.publish(new CallRecordingStatusChanged(callSid, recordingSid, status,
                webhook.param("RecordingUrl"), webhook.intParam("RecordingDuration"),
                webhook.intParam("RecordingChannels"), webhook.intParam("ErrorCode"), webhook.timestamp()),
                webhook.idParts(recordingSid, status));
    }

    public Uni<Void> machineDetection(TwilioWebhook webhook) {
        String callSid = webhook.required("CallSid");
        String answeredBy = webhook.required("AnsweredBy");
        return publisher.publish(new MachineDetectionCompleted(callSid, answeredBy,
                webhook.intParam("MachineDetectionDuration"), webhook.timestamp()),
                webhook.idParts(callSid, "amd"));
    }
}
