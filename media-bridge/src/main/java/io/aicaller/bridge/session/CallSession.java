package io.aicaller.bridge.session;

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
 * wrong format or no answer at all fails the call over to the apology. What the caller heard is kept by
 * {@link Playout}, when the model may speak by {@link Responses}, the tools' commands by {@link ToolCalls}.
 */
public final class CallSession {

    /**
     * Marks awaiting their echo; beyond this the oldest is forgotten, so a peer that never echoes cannot grow the
     * call's memory. 1000 marks is minutes of queued audio; a forgotten mark only makes the played offset coarser.
     */
    static final int MAX_PENDING_MARKS = 1000;

    private static final int MU_LAW_BYTES_PER_MS = 8;
    /** 24 kHz, 16 bits. */
    private static final int PCM_BYTES_PER_MS = 48;

    public static final String TIMER_SESSION = "session";
    public static final String TIMER_GOODBYE = "goodbye";
    public static final String TIMER_APOLOGY = "apology";
    public static final String TIMER_IDLE = "twilio-idle";

    private final Outbox out;
    private final ModelRequests requests;
    private final AgentAudio agentAudio;
    private final Responses responses = new Responses();
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
    private CallerTurns callerTurns;
    private Transcoder transcoder;
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
        this.tools = new ToolDispatch(out, requests, responses);
        this.agentAudio = new AgentAudio(out, figures, MAX_PENDING_MARKS, settings.markIntervalMs());
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
        transcoder = agent.transcodes() ? new Transcoder() : null;
        requests.batchAudio(
                (int) settings.inputBatchMs() * (transcoder != null ? PCM_BYTES_PER_MS : MU_LAW_BYTES_PER_MS));
        agentAudio.start(streamSid, transcoder);
        callerTurns = agent.turnDetection().isOff() ? new CallerTurns(agent.turnDetection().silenceMs()) : null;
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
            if (!events.isStarted() || !streamSid.equals(media.streamSid())) {
                figures.framesDropped++;
                return;
            }
            figures.framesIn++;
            lastMediaAt = now;
            onCallerAudio(media.payload(), now);
        } else if (message instanceof TwilioMessage.Mark mark) {
            if (events.isStarted() && streamSid.equals(mark.streamSid())) {
                onMarkEcho(mark.name());
            }
        } else if (message instanceof TwilioMessage.Dtmf dtmf) {
            if (!events.isStarted() || !streamSid.equals(dtmf.streamSid())) {
                figures.framesDropped++;
                return;
            }
            if (!failover.failed()) {
                requests.userText("The caller pressed the keypad key " + dtmf.digit() + ".");
                responses.want(null);
                askIfFree();
            }
        } else if (message instanceof TwilioMessage.Stop stop) {
            if (events.isStarted() && streamSid.equals(stop.streamSid())) {
                end(failover.failed() ? failover.reason() : "stop", now);
            }
        } else if (message instanceof TwilioMessage.Unknown || message instanceof TwilioMessage.Start) {
            figures.unknownEvents++;
        }
    }

    private void onCallerAudio(String muLaw, long now) {
        if (failover.failed()) {
            return;
        }
        String audio = transcoder != null ? transcoder.muLaw8kToPcm24k(muLaw) : muLaw;
        if (!gate.confirmed()) {
            gate.hold(audio);
        } else {
            requests.append(audio);
        }
        if (callerTurns != null) {
            CallerTurns.Change change = callerTurns.onFrame(muLaw);
            if (change == CallerTurns.Change.STARTED) {
                onCallerSpeechStarted(now);
            } else if (change == CallerTurns.Change.STOPPED && gate.confirmed()) {
                figures.callerStopped(now);
                requests.commit();
                responses.want(null);
                askIfFree();
            }
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
            figures.callerStopped(now);
        } else if (event instanceof ModelEvent.ResponseCreated) {
            responses.created();
        } else if (event instanceof ModelEvent.ResponseDone done) {
            responses.done();
            if ("completed".equals(done.status())) {
                failover.responseCompleted();
            }
            agentAudio.responseDone();
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
        gate.release().forEach(requests::append);
        if (profile.hasGreeting()) {
            responses.want("Greet the caller by saying exactly: " + profile.greeting());
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

    /**
     * Barge-in: cancel the running response, truncate every item at what the caller heard of it, clear what Twilio
     * still holds. What was waiting to be asked is dropped: the caller's turn comes first.
     */
    private void onCallerSpeechStarted(long now) {
        figures.callerStarted(now);
        responses.forget();
        boolean running = responses.active();
        if (running) {
            requests.responseCancel();
        }
        agentAudio.interrupt(running).forEach(requests::truncate);
        hangUpIfGoodbyePlayed();
    }

    private void onFunctionCall(ModelEvent.FunctionCallDone call, long now) {
        if (tools.onCall(call, profile, context, settings.goodbyeTimeoutMs(), now)) {
            askIfFree();
        }
        hangUpIfGoodbyePlayed();
    }

    private void hangUpIfGoodbyePlayed() {
        tools.hangUpIf(!responses.active() && agentAudio.allPlayed());
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
        String instructions = responses.next();
        if (instructions != null) {
            requests.responseCreate(instructions);
        }
    }

    private void onError(ModelEvent.Error error, long now) {
        ModelRequests.Sent cause = requests.cause(error.eventId());
        switch (ModelErrors.judge(error, cause, gate.confirmed())) {
            case SESSION_EXPIRED:
                onModelFailed("session expired", now);
                break;
            case SESSION_REFUSED:
                onModelFailed("session refused: " + ModelErrors.describe(error), now);
                break;
            case RESPONSE_REFUSED:
                responses.refused(error.code(), ModelErrors.isServerFault(error), cause.detail());
                askIfFree();
                break;
            case SERVER_FAULT:
                if (failover.serverFault()) {
                    onModelFailed("repeated server errors: " + ModelErrors.describe(error), now);
                }
                break;
            default:
                break;
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
        end(failover.failed() ? failover.reason() : "socket-closed", now);
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
