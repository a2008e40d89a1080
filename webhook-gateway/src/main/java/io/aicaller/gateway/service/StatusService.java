package io.aicaller.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentsReader;
import io.aicaller.events.CallEnded;
import io.aicaller.events.CallRecordingStatusChanged;
import io.aicaller.events.CallStatusChanged;
import io.aicaller.events.CallStreamStatusChanged;
import io.aicaller.events.MachineDetectionCompleted;
import io.aicaller.gateway.messaging.EventPublisher;
import io.aicaller.gateway.messaging.RecordingRetention;
import io.aicaller.gateway.twilio.TwilioValues;

/** Call progress, stream, recording and answering-machine callbacks, each turned into its event. */
@ApplicationScoped
public class StatusService {

    private final EventPublisher publisher;
    private final CallStates states;

    private final AgentsReader agents;
    private final RecordingRetention retention;

    StatusService(EventPublisher publisher, CallStates states, AgentsReader agents, RecordingRetention retention) {
        this.publisher = publisher;
        this.states = states;
        this.agents = agents;
        this.retention = retention;
    }

    public CompletionStage<Void> callStatus(TwilioWebhook webhook) {
        String callSid = webhook.required("CallSid");
        String status = webhook.required("CallStatus");
        Integer sequence = webhook.intParam("SequenceNumber");
        Integer duration = webhook.intParam("CallDuration");
        Instant timestamp = webhook.timestamp();
        CallStates.Transition transition = states.observe(callSid, status);
        String order = sequence != null ? sequence.toString() : Objects.toString(webhook.param("Timestamp"), "");
        CompletionStage<Void> changed = publisher.record(
                new CallStatusChanged(callSid, TwilioValues.listed(TwilioValues.CALL_STATUSES, status), sequence,
                        duration, webhook.param("AnsweredBy"), timestamp, TwilioValues.raw(TwilioValues.CALL_STATUSES,
                                status)),
                webhook.idParts(callSid, status, order));
        if (!transition.becameFinal()) {
            return changed;
        }
        // One call.ended per call: the id depends on the call alone, so replicas that both see a final status
        // publish the same id and consumers keep one.
        CallEnded ended = new CallEnded(callSid, transition.current(), duration, null, timestamp);
        return changed.thenCompose(ignored -> publisher.record(ended, callSid));
    }

    public CompletionStage<Void> streamStatus(TwilioWebhook webhook) {
        String callSid = webhook.required("CallSid");
        String streamSid = webhook.required("StreamSid");
        String streamEvent = webhook.required("StreamEvent");
        Instant timestamp = webhook.timestamp();
        String[] id = webhook.idParts(streamSid, streamEvent);
        // The bridge publishes the one stream-started/stream-ended of each stream; this is Twilio's side of it.
        String error = streamEvent.equals("stream-error") ? Objects.toString(webhook.param("StreamError"), "unknown")
                : null;
        return publisher.record(new CallStreamStatusChanged(callSid, streamSid,
                TwilioValues.listed(TwilioValues.STREAM_EVENTS, streamEvent), error, timestamp,
                TwilioValues.raw(TwilioValues.STREAM_EVENTS, streamEvent)), id);
    }

    /** @param agent the agent whose call was recorded (from the callback URL the gateway gave Twilio), or null */
    public CompletionStage<Void> recordingStatus(TwilioWebhook webhook, String agent) {
        String callSid = webhook.required("CallSid");
        String recordingSid = webhook.required("RecordingSid");
        String status = webhook.required("RecordingStatus");
        if ("completed".equals(status) && agent != null) {
            agents.get(agent)
                    .map(AgentDefinition::recording)
                    .map(AgentDefinition.Recording::retentionDays)
                    .ifPresent(days -> retention.schedule(new RecordingRetention.Due(recordingSid, callSid, agent,
                            Instant.now().plus(Duration.ofDays(days)))));
        }
        return publisher.record(new CallRecordingStatusChanged(callSid, recordingSid,
                TwilioValues.listed(TwilioValues.RECORDING_STATUSES, status), webhook.param("RecordingUrl"),
                webhook.intParam("RecordingDuration"), webhook.intParam("RecordingChannels"),
                webhook.intParam("ErrorCode"), webhook.timestamp(), TwilioValues.raw(TwilioValues.RECORDING_STATUSES,
                        status)),
                webhook.idParts(recordingSid, status));
    }

    public CompletionStage<Void> machineDetection(TwilioWebhook webhook) {
        String callSid = webhook.required("CallSid");
        String answeredBy = webhook.required("AnsweredBy");
        return publisher.record(new MachineDetectionCompleted(callSid,
                TwilioValues.listed(TwilioValues.ANSWERED_BY, answeredBy), webhook.intParam("MachineDetectionDuration"),
                webhook.timestamp(), TwilioValues.raw(TwilioValues.ANSWERED_BY, answeredBy)),
                webhook.idParts(callSid, "amd"));
    }
}
