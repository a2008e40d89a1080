package io.aicaller.bridge.session;

import static java.util.Objects.requireNonNullElse;

import java.util.List;

import io.aicaller.bridge.audio.Transcoder;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.bridge.model.RealtimeProtocol;
import io.aicaller.bridge.twilio.TwilioMessage;
import io.aicaller.events.Command;

/**
 * One call's state machine: Twilio messages and model events in, decisions out through the {@link Outbox}. No I/O,
 * no clock (callers pass epoch milliseconds, timers come back through {@link #onTimer}), one thread at a time.
 *
 * <p>
 * The model session is trusted only once {@code session.updated} confirms the audio formats asked for: until then
 * caller audio waits (up to a second of it), model audio is dropped and no response is asked for, and a refusal, a
 * wrong format or no answer at all fails the call over to the apology. The caller's audio goes through
 * {@link CallerAudio}, the agent's through {@link AgentAudio}; whose turn it is (barge-in included) is kept by
 * {@link Turns}, the tools by {@link ToolDispatch}, the model's failure by {@link ModelFailover}.
 */
public final class CallSession {

    /**
     * Marks awaiting their echo; beyond this the oldest is forgotten, so a peer that never echoes cannot grow the
     * call's memory. 1000 marks is minutes of queued audio; a forgotten mark only makes the played offset coarser.
     */
    static final int MAX_PENDING_MARKS = 1000;

    public static final String TIMER_SESSION = "session";
    public static final String TIMER_GOODBYE = "goodbye";
    public static final String TIMER_APOLOGY = "apology";
    public static final String TIMER_IDLE = "twilio-idle";

    private final Outbox out;
    private final ModelRequests requests;
    private final AgentAudio agentAudio;
    private final CallerAudio callerAudio;
    private final Turns turns;
    private final ToolDispatch tools;
    private final ModelFailover failover;
    private final CallFigures figures = new CallFigures();
    private final SessionGate gate = new SessionGate();
    private final StreamEvents events;
    private final SessionSettings settings;

    private String streamSid;
    private String callSid;
    private HttpToolCalls.CallContext context;
    private AgentProfile profile;
    private long lastMediaAt;

    /**
     * @param apologyChunks base64 mu-law chunks played when the model fails
     */
    public CallSession(RealtimeProtocol protocol, Outbox out, List<String> apologyChunks) {
        this(protocol, out, apologyChunks, SessionSettings.DEFAULTS);
    }

    public CallSession(RealtimeProtocol protocol, Outbox out, List<String> apologyChunks, SessionSettings settings) {
        this.out = out;
        this.requests = new ModelRequests(protocol, out);
        this.agentAudio = new AgentAudio(out, figures, MAX_PENDING_MARKS, settings.markIntervalMs());
        this.callerAudio = new CallerAudio(requests, gate);
        this.turns = new Turns(requests, agentAudio, figures);
        this.tools = new ToolDispatch(out, requests, turns.responses());
        this.failover = new ModelFailover(apologyChunks);
        this.events = new StreamEvents(out);
        this.settings = settings;
    }

    /** Twilio's {@code start}: the call is known and the model session is configured. */
    public void start(TwilioMessage.Start start, AgentProfile agent, long now) {
        if (events.isStarted()) {
            figures.unknownEvents++;
            return;
        }
        streamSid = start.streamSid();
        callSid = start.callSid();
        context = new HttpToolCalls.CallContext(callSid, start.customParameters().get("from"),
                start.customParameters().get("to"), start.customParameters().get("direction"));
        profile = agent;
        lastMediaAt = now;
        out.schedule(TIMER_IDLE, settings.twilioIdleTimeoutMs());
        events.agent(agent.redaction(), agent.analysed());
        events.started(callSid, streamSid, agent.name(), agent.version(), now);
        if (failover.failed()) {
            playApology(); // the model failed before the call was known
            return;
        }
        Transcoder transcoder = callerAudio.start(agent, settings.inputBatchMs());
        agentAudio.start(streamSid, transcoder); // one per call, for both directions, or none for mu-law models
        requests.sessionUpdate(agent);
        out.schedule(TIMER_SESSION, settings.sessionTimeoutMs());
    }

    public boolean started() {
        return events.isStarted();
    }

    public boolean ended() {
        return events.isEnded();
    }

    /** Whether the model confirmed the session as configured. */
    public boolean confirmed() {
        return gate.confirmed();
    }

    public void onTwilio(TwilioMessage message, long now) {
        if (events.isEnded()) {
            return;
        }
        if (message instanceof TwilioMessage.Media media) {
            if (!ours(media.streamSid())) {
                figures.framesDropped++;
                return;
            }
            figures.framesIn++;
            lastMediaAt = now;
            onCallerAudio(media.payload(), now);
        } else if (message instanceof TwilioMessage.Mark mark) {
            if (ours(mark.streamSid())) {
                onMarkEcho(mark.name());
            }
        } else if (message instanceof TwilioMessage.Dtmf dtmf) {
            if (!ours(dtmf.streamSid())) {
                figures.framesDropped++;
            } else if (!failover.failed()) {
                turns.keypad(dtmf.digit());
                askIfFree();
            }
        } else if (message instanceof TwilioMessage.Stop stop) {
            if (ours(stop.streamSid())) {
                end(requireNonNullElse(failover.reason(), "stop"), now);
            }
        } else if (message instanceof TwilioMessage.Unknown || message instanceof TwilioMessage.Start) {
            figures.unknownEvents++;
        }
    }

    /** Whether a message names this call's stream (one that started); others are not this call's to act on. */
    private boolean ours(String messageStreamSid) {
        return events.isStarted() && streamSid.equals(messageStreamSid);
    }

    private void onCallerAudio(String muLaw, long now) {
        if (failover.failed()) {
            return;
        }
        CallerTurns.Change change = callerAudio.onFrame(muLaw);
        if (change == CallerTurns.Change.STARTED) {
            onCallerSpeechStarted(now);
        } else if (change == CallerTurns.Change.STOPPED && gate.confirmed()) {
            turns.callerFinished(now);
            askIfFree();
        }
    }

    /** A frame that could not be parsed: counted, never fatal. */
    public void onMalformed() {
        figures.framesDropped++;
    }

    private void onMarkEcho(String name) {
        if (failover.apologyPlayed(name)) {
            handBack();
            return;
        }
        agentAudio.echoed(name);
        hangUpIfGoodbyePlayed();
    }

    public void onModel(ModelEvent event, long now) {
        if (events.isEnded() || failover.failed()) {
            return;
        }
        if (event instanceof ModelEvent.AudioDelta delta) {
            onAudio(delta, now);
        } else if (event instanceof ModelEvent.SpeechStarted) {
            onCallerSpeechStarted(now);
        } else if (event instanceof ModelEvent.SpeechStopped) {
            turns.callerStopped(now);
        } else if (event instanceof ModelEvent.ResponseCreated) {
            turns.responseCreated();
        } else if (event instanceof ModelEvent.ResponseDone done) {
            turns.responseDone();
            if ("completed".equals(done.status())) {
                failover.responseCompleted();
            }
            hangUpIfGoodbyePlayed();
            askIfFree();
        } else if (event instanceof ModelEvent.AudioTranscriptDone transcript) {
            events.transcript("agent", transcript.transcript(), agentAudio.interrupted(transcript.itemId()), now,
                    now);
        } else if (event instanceof ModelEvent.InputTranscriptDone transcript) {
            events.transcript("caller", transcript.transcript(), false, figures.callerFrom(now), figures.callerTo(now));
        } else if (event instanceof ModelEvent.FunctionCallDone call) {
            onFunctionCall(call, now);
        } else if (event instanceof ModelEvent.SessionReady ready) {
            onSessionReady(ready, now);
        } else if (event instanceof ModelEvent.Error error) {
            onError(error, now);
        } else {
            figures.unknownEvents++;
        }
    }

    private void onSessionReady(ModelEvent.SessionReady ready, long now) {
        if (!ready.updated() || gate.confirmed()) {
            return;
        }
        String refused = gate.confirm(ready, profile.modelAudioFormat());
        if (refused != null) {
            onModelFailed(refused, now);
            return;
        }
        callerAudio.release();
        if (profile.hasGreeting()) {
            turns.want("Greet the caller by saying exactly: " + profile.greeting());
        }
        askIfFree();
    }

    private void onAudio(ModelEvent.AudioDelta delta, long now) {
        if (!gate.confirmed()) {
            figures.unknownEvents++; // audio in a format nobody confirmed would play as noise
            return;
        }
        agentAudio.play(delta, now);
    }

    /** Barge-in (see {@link Turns#callerStarted}); a goodbye the caller spoke over counts as played. */
    private void onCallerSpeechStarted(long now) {
        turns.callerStarted(now);
        hangUpIfGoodbyePlayed();
    }

    private void onFunctionCall(ModelEvent.FunctionCallDone call, long now) {
        if (tools.onCall(call, profile, context, settings.goodbyeTimeoutMs(), now)) {
            askIfFree();
        }
        hangUpIfGoodbyePlayed();
    }

    private void hangUpIfGoodbyePlayed() {
        tools.hangUpIf(turns.agentDone());
    }

    /** The broker acknowledged (or refused) a tool's command; the model hears how it went. */
    public void onToolResult(String callId, Command command, String error) {
        if (!events.isEnded() && !failover.failed() && tools.onResult(callId, command, error)) {
            askIfFree();
        }
    }

    /** An HTTP tool answered or failed: its output goes to the model, which is asked to answer. */
    public void onToolReply(String callId, ToolReply reply, long now) {
        if (!events.isEnded() && !failover.failed() && tools.onReply(callId, reply, profile, context, now)) {
            askIfFree();
        }
    }

    /** Sends the wanted {@code response.create} once the session is confirmed and no response runs. */
    private void askIfFree() {
        if (!gate.confirmed() || failover.failed() || events.isEnded()) {
            return;
        }
        turns.ask();
    }

    private void onError(ModelEvent.Error error, long now) {
        ModelRequests.Sent cause = requests.cause(error.eventId());
        ModelErrors.Verdict verdict = ModelErrors.judge(error, cause, gate.confirmed());
        if (verdict == ModelErrors.Verdict.RESPONSE_REFUSED) {
            turns.responseRefused(error.code(), ModelErrors.isServerFault(error), cause.detail());
            askIfFree();
            return;
        }
        String fatal = failover.fatal(verdict, error);
        if (fatal != null) {
            onModelFailed(fatal, now);
        }
    }

    /**
     * The model is gone (could not connect, refused the session, dropped, or a fatal error): the caller hears the
     * apology, then the call goes to the profile's fallback number or is hung up.
     */
    public void onModelFailed(String reason, long now) {
        if (events.isEnded() || !failover.fail(reason)) {
            return;
        }
        gate.discard();
        out.closeModel();
        if (events.isStarted()) {
            playApology();
        }
    }

    private void playApology() {
        figures.framesOut += failover.playApology(out, streamSid);
    }

    /** A timer the session asked for through {@link Outbox#schedule} ran out. */
    public void onTimer(String timer, long now) {
        if (events.isEnded()) {
            return;
        }
        switch (timer) {
            case TIMER_SESSION:
                if (!gate.confirmed()) {
                    onModelFailed("no session.updated within " + settings.sessionTimeoutMs() + " ms", now);
                }
                break;
            case TIMER_GOODBYE:
                tools.hangUpNow();
                break;
            case TIMER_APOLOGY:
                handBack();
                break;
            case TIMER_IDLE:
                long silentFor = now - lastMediaAt;
                if (silentFor >= settings.twilioIdleTimeoutMs()) {
                    endAndClose("twilio-silent", now);
                } else {
                    out.schedule(TIMER_IDLE, settings.twilioIdleTimeoutMs() - silentFor);
                }
                break;
            default:
                if (!failover.failed() && tools.onTimer(timer)) {
                    askIfFree();
                }
                break;
        }
    }

    /** The apology has played, or the timer says it should have. */
    public void handBack() {
        Command command = events.isEnded() ? null : failover.handBack(callSid, profile);
        if (command != null) {
            out.publish(command, command.commandId());
        }
    }

    public boolean failed() {
        return failover.failed();
    }

    /** Why the model session was given up ({@code model-failed: ...}), or null. */
    public String failure() {
        return failover.reason();
    }

    public void onTwilioClosed(long now) {
        end(requireNonNullElse(failover.reason(), "socket-closed"), now);
    }

    public void onMaxDuration(long now) {
        endAndClose("max-duration", now);
    }

    /**
     * Twilio's side stopped reading: what the bridge queued for it passed the bound. The stream is ended (and
     * closed) rather than buffered without limit.
     */
    public void onTwilioBacklog(long now) {
        endAndClose("twilio-backlog", now);
    }

    /** The service is shutting down and the grace period ran out. */
    public void onDrainTimeout(long now) {
        endAndClose("drain", now);
    }

    /** Ends the stream from our side; with {@code <Connect><Stream>} closing it ends the call's TwiML. */
    private void endAndClose(String reason, long now) {
        if (events.end(reason, now, figures)) {
            out.closeModel();
            out.closeTwilio();
        }
    }

    private void end(String reason, long now) {
        if (events.end(reason, now, figures)) {
            out.closeModel();
        }
    }

    public String streamSid() {
        return streamSid;
    }

    public String callSid() {
        return callSid;
    }

    public CallCounts counts() {
        return new CallCounts(figures.framesIn, figures.framesOut, figures.framesDropped, figures.unknownEvents,
                figures.interruptions);
    }

    public AgentProfile profile() {
        return profile;
    }
}
