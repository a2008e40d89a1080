package io.aicaller.bridge.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.bridge.audio.Transcoder;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.bridge.model.RealtimeProtocol;
import io.aicaller.bridge.twilio.Base64Check;
import io.aicaller.bridge.twilio.TwilioMessage;
import io.aicaller.bridge.twilio.TwilioMessages;
import io.aicaller.events.CallStreamEnded;
import io.aicaller.events.CallStreamStarted;
import io.aicaller.events.Command;
import io.aicaller.events.HangUpCall;
import io.aicaller.events.MessageSendRequested;
import io.aicaller.events.TranscriptTurn;
import io.aicaller.events.TransferCall;

/**
 * One call's state machine: Twilio messages and model events in, decisions out through the {@link Outbox}. No I/O,
 * no clock (callers pass epoch milliseconds), one thread at a time.
 *
 * <p>
 * Barge-in knows what was heard: a Twilio mark follows every chunk of model audio (or, with a mark interval, the
 * chunk that completes each interval and the last chunk of a response), and an echoed mark proves the audio before it
 * played. When the caller starts speaking, the response is cancelled (if one is running), the item is
 * truncated at the audio actually played, Twilio's buffer is cleared, and late chunks of that item are dropped.
 * {@code clear} makes Twilio echo the marks still pending; those are forgotten first so they do not count as played.
 */
public final class CallSession {

    /** mu-law at 8 kHz: 8 bytes per millisecond. */
    private static final int BYTES_PER_MS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APOLOGY_MARK = "apology";
    /**
     * Marks awaiting their echo; beyond this the oldest is forgotten, so a peer that never echoes cannot grow the
     * call's memory. 1000 marks is minutes of queued audio; a forgotten mark only makes the played offset coarser.
     */
    static final int MAX_PENDING_MARKS = 1000;

    private final RealtimeProtocol protocol;
    private final Outbox out;
    private final List<String> apologyChunks;
    private final long markEveryBytes;

    private String streamSid;
    private String callSid;
    private String caller;
    private String called;
    private AgentProfile profile;
    private long startedAt = -1;
    private boolean ended;
    private String failure;
    private boolean handedBack;

    private long framesIn;
    private long framesOut;
    private long framesDropped;
    private long unknownEvents;
    private int interruptions;
    private final List<Long> turnLatencies = new ArrayList<>();
    private int turns;

    private boolean responseActive;
    private String currentItem;
    private int currentContentIndex;
    private long sentBytes;
    private long playedBytes;
    private long markSeq;
    /** Of {@link #sentBytes}, how much a mark already follows. */
    private long markedBytes;
    /** Marks sent and not yet echoed; a mark's name is {@code m<seq>}. */
    private final PendingMarks pendingMarks = new PendingMarks(MAX_PENDING_MARKS);
    private String mutedItem;
    private final Set<String> interruptedItems = new HashSet<>();
    private long speechStoppedAt = -1;
    private long callerSpeechStartedAt = -1;

    /**
     * @param apologyChunks base64 mu-law chunks played when the model fails
     */
    public CallSession(RealtimeProtocol protocol, Outbox out, List<String> apologyChunks) {
        this(protocol, out, apologyChunks, 0);
    }

    /**
     * @param markIntervalMs 0 for a mark after every chunk of model audio; otherwise a mark follows the chunk that
     *        completes each interval of audio, and the last chunk of every response. Fewer marks mean fewer messages
     *        both ways on every call; the played offset a barge-in truncates at is then up to one interval short.
     */
    public CallSession(RealtimeProtocol protocol, Outbox out, List<String> apologyChunks, long markIntervalMs) {
        this.protocol = protocol;
        this.out = out;
        this.apologyChunks = List.copyOf(apologyChunks);
        this.markEveryBytes = Math.max(0, markIntervalMs) * BYTES_PER_MS;
    }

    /** Twilio's {@code start}: the call is known, the model session is configured and the greeting asked for. */
    public void start(TwilioMessage.Start start, AgentProfile agent, long now) {
        if (startedAt >= 0) {
            unknownEvents++;
            return;
        }
        streamSid = start.streamSid();
        callSid = start.callSid();
        caller = start.customParameters().get("from");
        called = start.customParameters().get("to");
        profile = agent;
        startedAt = now;
        out.publish(new CallStreamStarted(callSid, streamSid, agent.name(), "bridge", Instant.ofEpochMilli(now)),
                streamSid, "started");
        out.toModel(protocol.sessionUpdate(agent));
        if (agent.hasGreeting()) {
            out.toModel(protocol.responseCreate("Greet the caller by saying exactly: " + agent.greeting()));
        }
    }

    public boolean started() {
        return startedAt >= 0;
    }

    public boolean ended() {
        return ended;
    }

    public void onTwilio(TwilioMessage message, long now) {
        if (ended) {
            return;
        }
        if (message instanceof TwilioMessage.Media media) {
            if (startedAt < 0 || !streamSid.equals(media.streamSid())) {
                framesDropped++;
                return;
            }
            framesIn++;
            out.toModel(protocol.appendAudio(profile.transcodes() ? Transcoder.muLaw8kToPcm24k(media.payload())
                    : media.payload()));
        } else if (message instanceof TwilioMessage.Mark mark) {
            if (startedAt >= 0 && streamSid.equals(mark.streamSid())) {
                onMarkEcho(mark.name(), now);
            }
        } else if (message instanceof TwilioMessage.Dtmf dtmf) {
            if (startedAt < 0 || !streamSid.equals(dtmf.streamSid())) {
                framesDropped++;
                return;
            }
            out.toModel(protocol.userText("The caller pressed the keypad key " + dtmf.digit() + "."));
            if (!responseActive) {
                out.toModel(protocol.responseCreate(null));
            }
        } else if (message instanceof TwilioMessage.Stop stop) {
            if (startedAt >= 0 && streamSid.equals(stop.streamSid())) {
                end(failure != null ? failure : "stop", now);
            }
        } else if (message instanceof TwilioMessage.Unknown || message instanceof TwilioMessage.Start) {
            unknownEvents++;
        }
    }

    /** A frame that could not be parsed: counted, never fatal. */
    public void onMalformed() {
        framesDropped++;
    }

    private void onMarkEcho(String name, long now) {
        if (APOLOGY_MARK.equals(name) && failure != null) {
            handBack();
            return;
        }
        long bytes = pendingMarks.echoed(markSeq(name));
        if (bytes < 0) {
            return; // flushed by a clear, forgotten, or not ours
        }
        playedBytes = Math.max(playedBytes, bytes);
    }

    /** The sequence number in one of our mark names ({@code m<seq>}), or -1. */
    private static long markSeq(String name) {
        if (name.length() < 2 || name.length() > 19 || name.charAt(0) != 'm') {
            return -1;
        }
        long seq = 0;
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq;
    }

    public void onModel(ModelEvent event, long now) {
        if (ended || failure != null) {
            return;
        }
        if (event instanceof ModelEvent.AudioDelta delta) {
            onAudio(delta, now);
        } else if (event instanceof ModelEvent.SpeechStarted) {
            callerSpeechStartedAt = now;
            bargeIn();
        } else if (event instanceof ModelEvent.SpeechStopped) {
            speechStoppedAt = now;
        } else if (event instanceof ModelEvent.ResponseCreated) {
            responseActive = true;
        } else if (event instanceof ModelEvent.ResponseDone) {
            responseActive = false;
            if (sentBytes > markedBytes && currentItem != null && !currentItem.equals(mutedItem)) {
                mark(); // the response's last audio, so its end is known to have played
            }
        } else if (event instanceof ModelEvent.AudioTranscriptDone transcript) {
            transcript("agent", transcript.transcript(), interruptedItems.contains(transcript.itemId()), now, now);
        } else if (event instanceof ModelEvent.InputTranscriptDone transcript) {
            long from = callerSpeechStartedAt >= 0 ? callerSpeechStartedAt : now;
            transcript("caller", transcript.transcript(), false, from, speechStoppedAt >= 0 ? speechStoppedAt : now);
        } else if (event instanceof ModelEvent.FunctionCallDone call) {
            onFunctionCall(call);
        } else if (event instanceof ModelEvent.Error error) {
            if (isFatal(error)) {
                onModelFailed("model-error: " + error.code(), now);
            }
        }
    }

    private void onAudio(ModelEvent.AudioDelta delta, long now) {
        if (delta.itemId() != null && delta.itemId().equals(mutedItem)) {
            return; // late audio of an item the caller interrupted
        }
        if (delta.delta() == null || !Base64Check.isValid(delta.delta())) {
            return;
        }
        if (!delta.itemId().equals(currentItem)) {
            currentItem = delta.itemId();
            currentContentIndex = delta.contentIndex();
            sentBytes = 0;
            playedBytes = 0;
            markedBytes = 0;
            pendingMarks.clear();
        }
        String audio = profile.transcodes() ? Transcoder.pcm24kToMuLaw8k(delta.delta()) : delta.delta();
        sentBytes += Base64Check.decodedLength(audio);
        out.toTwilio(TwilioMessages.media(streamSid, audio));
        framesOut++;
        if (sentBytes - markedBytes >= markEveryBytes) {
            mark();
        }
        if (speechStoppedAt >= 0) {
            turnLatencies.add(now - speechStoppedAt);
            speechStoppedAt = -1;
        }
    }

    private void mark() {
        pendingMarks.add(++markSeq, sentBytes);
        markedBytes = sentBytes;
        out.toTwilio(TwilioMessages.mark(streamSid, "m" + markSeq));
    }

    private void bargeIn() {
        if (responseActive) {
            out.toModel(protocol.responseCancel());
        }
        boolean queuedAtTwilio = sentBytes > playedBytes;
        // A running response may still be producing this item even when all that was sent has played.
        if (currentItem != null && !currentItem.equals(mutedItem) && (queuedAtTwilio || responseActive)) {
            long heardMs = Math.min(playedBytes, sentBytes) / BYTES_PER_MS;
            out.toModel(protocol.truncate(currentItem, currentContentIndex, heardMs));
            if (queuedAtTwilio) {
                out.toTwilio(TwilioMessages.clear(streamSid));
                pendingMarks.clear();
            }
            mutedItem = currentItem;
            interruptedItems.add(currentItem);
            interruptions++;
        }
    }

    private void onFunctionCall(ModelEvent.FunctionCallDone call) {
        if (!"completed".equals(call.status()) || call.callId() == null) {
            return; // an interrupted call may carry cut-off arguments
        }
        String name = call.name();
        if (!profile.tools().contains(name)) {
            toolOutput(call.callId(), "{\"error\":\"unknown tool " + jsonEscape(name) + "\"}", true);
            return;
        }
        JsonNode args;
        try {
            args = call.arguments() == null || call.arguments().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(call.arguments());
        } catch (IOException e) {
            toolOutput(call.callId(), "{\"error\":\"arguments are not JSON\"}", true);
            return;
        }
        String commandId = UUID.nameUUIDFromBytes((callSid + "|" + call.callId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        Instant at = Instant.now();
        Command command;
        switch (name) {
            case AgentProfile.END_CALL:
                command = new HangUpCall(commandId, callSid, "the agent ended the call", at);
                break;
            case AgentProfile.TRANSFER_CALL:
                String to = args.path("to").asText("");
                if (!to.matches("\\+[1-9][0-9]{6,14}")) {
                    toolOutput(call.callId(), "{\"error\":\"to must be an E.164 number such as +14155550123\"}",
                            true);
                    return;
                }
                command = new TransferCall(commandId, callSid, to, "the agent transferred the call", at);
                break;
            case AgentProfile.SEND_SMS:
                String smsTo = args.path("to").asText("");
                if (smsTo.isBlank()) {
                    smsTo = caller;
                }
                String body = args.path("body").asText("");
                if (smsTo == null || !smsTo.matches("\\+[1-9][0-9]{6,14}")) {
                    toolOutput(call.callId(), "{\"error\":\"no E.164 number to send the message to\"}", true);
                    return;
                }
                if (body.isBlank() || body.length() > 1600) {
                    toolOutput(call.callId(), "{\"error\":\"body must be 1 to 1600 characters\"}", true);
                    return;
                }
                command = new MessageSendRequested(commandId, smsTo, called, null, body, List.of(), callSid, at);
                break;
            default:
                toolOutput(call.callId(), "{\"error\":\"unsupported tool\"}", true);
                return;
        }
        out.runTool(call.callId(), command);
    }

    /** The broker acknowledged (or refused) a tool's command; the model hears how it went. */
    public void onToolResult(String callId, Command command, String error) {
        if (ended) {
            return;
        }
        boolean endsCall = command instanceof HangUpCall;
        String output = error == null
                ? "{\"status\":\"requested\",\"id\":\"" + command.commandId() + "\"}"
                : "{\"error\":\"" + jsonEscape(error) + "\"}";
        toolOutput(callId, output, !endsCall || error != null);
    }

    private void toolOutput(String callId, String outputJson, boolean respond) {
        out.toModel(protocol.functionCallOutput(callId, outputJson));
        if (respond) {
            out.toModel(protocol.responseCreate(null));
        }
    }

    /**
     * The model is gone (could not connect, dropped, or a fatal error): the caller hears the apology, then the call
     * goes to the profile's fallback number or is hung up.
     */
    public void onModelFailed(String reason, long now) {
        if (ended || failure != null) {
            return;
        }
        failure = "model-failed: " + reason;
        out.closeModel();
        if (startedAt < 0) {
            return;
        }
        out.toTwilio(TwilioMessages.clear(streamSid));
        pendingMarks.clear();
        for (String chunk : apologyChunks) {
            out.toTwilio(TwilioMessages.media(streamSid, chunk));
            framesOut++;
        }
        out.toTwilio(TwilioMessages.mark(streamSid, APOLOGY_MARK));
    }

    /** The apology has played, or the adapter's timer says it should have. */
    public void handBack() {
        if (ended || failure == null || handedBack || callSid == null) {
            return;
        }
        String commandId = UUID.nameUUIDFromBytes((callSid + "|hand-back").getBytes(StandardCharsets.UTF_8))
                .toString();
        Command command = profile.fallbackNumber() != null && !profile.fallbackNumber().isBlank()
                ? new TransferCall(commandId, callSid, profile.fallbackNumber(), failure, Instant.now())
                : new HangUpCall(commandId, callSid, failure, Instant.now());
        out.publish(command, commandId);
        handedBack = true;
    }

    public boolean failed() {
        return failure != null;
    }

    public void onTwilioClosed(long now) {
        end(failure != null ? failure : "socket-closed", now);
    }

    public void onMaxDuration(long now) {
        if (!ended) {
            end("max-duration", now);
            out.closeTwilio();
        }
    }

    /** The service is shutting down and the grace period ran out. */
    public void onDrainTimeout(long now) {
        if (!ended) {
            end("drain", now);
            out.closeTwilio();
        }
    }

    private void end(String reason, long now) {
        if (ended) {
            return;
        }
        ended = true;
        if (startedAt >= 0) {
            out.publish(new CallStreamEnded(callSid, streamSid, reason, now - startedAt, framesIn, framesOut,
                    framesDropped, interruptions, List.copyOf(turnLatencies), "bridge", Instant.ofEpochMilli(now)),
                    streamSid, "ended");
        }
        out.closeModel();
    }

    private void transcript(String role, String text, boolean interrupted, long from, long to) {
        if (text == null || text.isBlank() || startedAt < 0) {
            return;
        }
        turns++;
        out.publish(new TranscriptTurn(callSid, streamSid, turns, role, text.trim(), Math.max(0, from - startedAt),
                Math.max(0, to - startedAt), interrupted), streamSid, String.valueOf(turns));
    }

    private static boolean isFatal(ModelEvent.Error error) {
        // Request-level mistakes (cancelling nothing, truncating a finished item) are routine in a barge-in race.
        return !"invalid_request_error".equals(error.type());
    }

    private static String jsonEscape(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    public String streamSid() {
        return streamSid;
    }

    public String callSid() {
        return callSid;
    }

    public long framesIn() {
        return framesIn;
    }

    public long framesOut() {
        return framesOut;
    }

    public long framesDropped() {
        return framesDropped;
    }

    public long unknownEvents() {
        return unknownEvents;
    }

    public int interruptions() {
        return interruptions;
    }

    public AgentProfile profile() {
        return profile;
    }
}
