package io.aicaller.gateway.config;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Recording;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Start;
import com.twilio.twiml.voice.Stream;
import com.twilio.type.PhoneNumber;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.TurnDetection;
import io.aicaller.events.CallAnalysisRequested;
import io.aicaller.events.CallAnalyzed;
import io.aicaller.events.CallDialed;
import io.aicaller.events.CallEnded;
import io.aicaller.events.CallReceived;
import io.aicaller.events.CallRecordingStatusChanged;
import io.aicaller.events.CallStatusChanged;
import io.aicaller.events.CallStreamEnded;
import io.aicaller.events.CallStreamStarted;
import io.aicaller.events.CallStreamStatusChanged;
import io.aicaller.events.DialCall;
import io.aicaller.events.HangUpCall;
import io.aicaller.events.MachineDetectionCompleted;
import io.aicaller.events.MessageReceived;
import io.aicaller.events.MessageRefused;
import io.aicaller.events.MessageSendRequested;
import io.aicaller.events.MessageSent;
import io.aicaller.events.MessageStatusChanged;
import io.aicaller.events.NumberConfigured;
import io.aicaller.events.NumberPurchased;
import io.aicaller.events.NumberReleased;
import io.aicaller.events.OptOutChanged;
import io.aicaller.events.ToolCompleted;
import io.aicaller.events.ToolInvoked;
import io.aicaller.events.TranscriptTurn;
import io.aicaller.events.TransferCall;
import io.aicaller.gateway.messaging.RecordingRetention;
import io.aicaller.gateway.service.CallControlService;

/**
 * What a native image must keep for reflection: the twilio-java resources and TwiML the SDK reads and writes with
 * Jackson, and the event records read from Kafka (commands by their type, so all of them). A test checks this list
 * against the sources.
 */
@RegisterForReflection(registerFullHierarchy = true, targets = {Call.class, Recording.class, AgentDefinition.class,
        AgentDefinition.HttpTool.class,
        AgentDefinition.Header.class, AgentDefinition.McpServer.class, AgentDefinition.CallStartWebhook.class,
        AgentDefinition.Recording.class, AgentDefinition.Analysis.class, TurnDetection.class,
        RecordingRetention.Due.class, PhoneNumber.class,
        VoiceResponse.class,
        MessagingResponse.class, Connect.class, Dial.class, Gather.class, Hangup.class, Parameter.class, Say.class,
        Start.class, com.twilio.twiml.voice.Recording.class,
        Stream.class, CallReceived.class, CallDialed.class, CallStatusChanged.class, CallStreamStarted.class,
        CallAnalysisRequested.class, CallAnalyzed.class,
        ToolInvoked.class, ToolCompleted.class, CallControlService.Outcome.class,
        CallStreamEnded.class, CallStreamStatusChanged.class, CallEnded.class, CallRecordingStatusChanged.class,
        MachineDetectionCompleted.class, TranscriptTurn.class, HangUpCall.class, TransferCall.class, DialCall.class,
        MessageSendRequested.class, MessageReceived.class, MessageSent.class, MessageStatusChanged.class,
        MessageRefused.class, OptOutChanged.class, NumberPurchased.class, NumberConfigured.class,
        NumberReleased.class})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
