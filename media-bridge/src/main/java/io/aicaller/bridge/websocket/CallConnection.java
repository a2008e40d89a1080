package io.aicaller.bridge.websocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.bridge.client.RealtimeModel;
import io.aicaller.bridge.client.ToolEndpoints;
import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.bridge.messaging.BridgePublisher;
import io.aicaller.bridge.messaging.OptOutList;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.ModelEvent;
import io.aicaller.bridge.session.CallSession;
import io.aicaller.bridge.session.Outbox;
import io.aicaller.bridge.session.SessionSettings;
import io.aicaller.bridge.session.ToolReply;
import io.aicaller.bridge.twilio.MalformedMessage;
import io.aicaller.bridge.twilio.TwilioMessage;
import io.aicaller.bridge.twilio.TwilioMessages;
import io.aicaller.events.CallStreamEnded;
import io.aicaller.events.Command;
import io.aicaller.events.Event;
import io.aicaller.events.MessageSendRequested;

/**
 * One call's I/O: the Twilio socket, the model socket, timers and Kafka, around its {@link CallSession}. Everything
 * runs on the Twilio connection's event-loop context, so the session sees one message at a time.
 */
final class CallConnection implements Outbox, RealtimeModel.ModelListener {

    private static final Logger LOG = Logger.getLogger(CallConnection.class);
    private static final ThrottledLog NO_START = new ThrottledLog(LOG, 10_000);
    /** Policy violation: Twilio logs it as our server closing the stream. */
    private static final int CLOSE_POLICY = 1008;

    private final WebSocketConnection twilio;
    private final Context context;
    private final Vertx vertx;
    private final RealtimeModel model;
    private final Profiles profiles;
    private final BridgePublisher publisher;
    private final BridgeConfig config;
    private final CallRegistry registry;
    private final CallSession session;
    private final List<Long> turnLatencies = new ArrayList<>();
    private final ToolEndpoints endpoints;
    private final OptOutList optOuts;
    private final CallStart callStart;
    /** One of the bridge's own warm-up calls: it publishes nothing, counts nowhere, logs nothing. */
    private final boolean warmup;
    private AgentProfile agent;
    private boolean closed;
    private boolean startSettled;

    private RealtimeModel.ModelConnection modelConnection;
    /** Known from {@code start}, for the logs, before the session has taken it. */
    private String callSid;
    private String streamSid;
    private long startTimer = -1;
    private long maxDurationTimer = -1;
    private boolean recorded;
    private final long maxBacklog;
    /** Bytes handed to the Twilio socket and not yet written out: grows only while the peer does not read. */
    private final AtomicLong backlog = new AtomicLong();

    CallConnection(WebSocketConnection twilio, Context context, Vertx vertx, RealtimeModel model, Profiles profiles,
            BridgePublisher publisher, ApologyPrompt apology, BridgeConfig config, CallRegistry registry,
            ToolEndpoints endpoints, OptOutList optOuts, boolean warmup) {
        this.warmup = warmup;
        this.endpoints = endpoints;
        this.optOuts = optOuts;
        this.callStart = new CallStart(endpoints, profiles);
        this.twilio = twilio;
        this.context = context;
        this.vertx = vertx;
        this.model = model;
        this.profiles = profiles;
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
        this.session = new CallSession(model.protocol(), this, apology.chunks(),
                new SessionSettings(config.markInterval().toMillis(), config.modelSessionTimeout().toMillis(),
                        config.goodbyeTimeout().toMillis(), config.twilioIdleTimeout().toMillis(),
                        config.inputBatch().toMillis()));
        this.maxBacklog = config.twilioMaxBacklog().asLongValue();
        this.startTimer = vertx.setTimer(config.startTimeout().toMillis(), id -> context.runOnContext(v -> {
            if (!session.started()) {
                NO_START.warn("No start within " + config.startTimeout() + "; closing the stream");
                twilio.close(new CloseReason(CLOSE_POLICY, "no start")).subscribe().with(ok -> {
                }, failure -> {
                });
            }
        }));
    }

    void onText(String text) {
        long now = System.currentTimeMillis();
        TwilioMessage message;
        try {
            message = TwilioMessages.parse(text);
        } catch (MalformedMessage e) {
            session.onMalformed();
            LOG.debugf("Skipped a malformed Media Streams message: %s", e.getMessage());
            return;
        }
        if (message instanceof TwilioMessage.Start start && !session.started() && callSid == null) {
            begin(start, now);
        } else {
            session.onTwilio(message, now);
        }
    }

    void onBinary() {
        // Twilio never sends binary frames (its error 31950 is about receiving them); count and skip.
        session.onMalformed();
    }

    private void begin(TwilioMessage.Start start, long now) {
        vertx.cancelTimer(startTimer);
        settleStart();
        callSid = start.callSid();
        streamSid = start.streamSid();
        Map<String, String> parameters = start.customParameters();
        Optional<AgentDefinition> stored = profiles.stored(parameters.get("profile"));
        if (stored.isPresent() && stored.get().callStartWebhook() != null && !warmup) {
            // The caller hears nothing until the webhook answers or its (short) timeout passes.
            callStart.ask(stored.get(), start).onComplete(done -> context.runOnContext(v -> {
                CallStart.Answer answer = done.succeeded() ? done.result() : CallStart.Answer.NONE;
                if (answer.problem() != null) {
                    log("Call-start webhook of agent " + stored.get().name() + ": " + answer.problem()
                            + "; the call goes on with the defaults");
                }
                open(start, profiles.forCall(answer.agent() != null ? answer.agent() : parameters.get("profile"),
                        parameters, answer.variables()), System.currentTimeMillis());
            }));
        } else {
            open(start, profiles.forCall(parameters), now);
        }
    }

    private void open(TwilioMessage.Start start, AgentProfile profile, long now) {
        if (closed || session.ended()) {
            return;
        }
        agent = profile;
        // A model that fails at once (no network) reports before start: the session then apologises as it starts.
        modelConnection = model.connect(profile, this);
        session.start(start, profile, now);
        long maxDuration = config.maxCallDuration().toMillis();
        if (profile.maxCallDurationSeconds() != null) {
            maxDuration = Math.min(maxDuration, profile.maxCallDurationSeconds() * 1000L);
        }
        maxDurationTimer = vertx.setTimer(maxDuration,
                id -> context.runOnContext(v -> session.onMaxDuration(System.currentTimeMillis())));
        log("Stream started with agent " + profile.name() + " version " + profile.version());
    }

    void onClosed() {
        closed = true;
        vertx.cancelTimer(startTimer);
        settleStart();
        if (maxDurationTimer >= 0) {
            vertx.cancelTimer(maxDurationTimer);
        }
        session.onTwilioClosed(System.currentTimeMillis());
        record();
    }

    /**
     * This stream no longer counts against the pending-start limit: once, at its {@code start} or its close, whichever
     * comes first. (The session counts as started only once {@code open} ran, which a call-start webhook delays, so
     * "not started" at the close does not mean "not settled".)
     */
    private void settleStart() {
        if (!startSettled) {
            startSettled = true;
            registry.startSettled();
        }
    }

    void drainTimeout() {
        context.runOnContext(v -> session.onDrainTimeout(System.currentTimeMillis()));
    }

    private void record() {
        if (!recorded && !warmup) {
            recorded = true;
            registry.record(session, turnLatencies);
        }
    }

    // Outbox

    @Override
    public void toTwilio(String message) {
        long size = message.length();
        if (backlog.addAndGet(size) > maxBacklog) {
            backlog.addAndGet(-size);
            if (!session.ended()) {
                log("Twilio's side stopped reading: " + backlog.get() + " bytes unsent; ending the stream");
                session.onTwilioBacklog(System.currentTimeMillis());
            }
            return;
        }
        twilio.sendText(message).subscribe().with(ok -> backlog.addAndGet(-size), failure -> {
            backlog.addAndGet(-size);
            LOG.debugf("Could not send to Twilio: %s", failure.toString());
        });
    }

    @Override
    public void toModel(String message) {
        if (modelConnection != null) {
            modelConnection.send(message);
        }
    }

    @Override
    public void publish(Event event, String... idParts) {
        if (warmup) {
            return;
        }
        if (event instanceof CallStreamEnded ended) {
            turnLatencies.addAll(ended.turnLatenciesMs());
            log("Stream ended: " + ended.reason() + ", " + ended.framesIn() + " frames in, " + ended.framesOut()
                    + " out, " + ended.framesDropped() + " dropped, " + ended.interruptions() + " interruptions");
        }
        publisher.publish(event, idParts).subscribe().with(ok -> {
        }, failure -> LOG.errorf("Could not publish %s for call %s: %s", event.eventType().shortName(),
                callSid, failure.toString()));
    }

    @Override
    public void runTool(String callId, Command command) {
        log("Tool call " + command.eventType().shortName());
        if (command instanceof MessageSendRequested text && optOuts.isOptedOut(text.to())) {
            log("Text not sent: the recipient has opted out");
            context.runOnContext(v -> session.onToolResult(callId, command, "not sent: the recipient replied STOP and"
                    + " has opted out of text messages; tell the caller no text can be sent"));
            return;
        }
        publisher.publish(command, command.commandId())
                .subscribe()
                .with(
                        ok -> context.runOnContext(v -> session.onToolResult(callId, command, null)),
                        failure -> context.runOnContext(v -> session.onToolResult(callId, command,
                                "the request could not be queued, please try again")));
    }

    @Override
    public void callTool(String callId, AgentDefinition.HttpTool tool, String body) {
        AgentProfile running = agent;
        Optional<String> key = profiles.secret(running.signingSecretEnv());
        Map<String, String> headers = new HashMap<>();
        String missing = key.isEmpty() ? running.signingSecretEnv() : null;
        for (Map.Entry<String, AgentDefinition.Header> header : tool.headers().entrySet()) {
            AgentDefinition.Header value = header.getValue();
            String resolved = value.value() != null ? value.value() : profiles.secret(value.secretEnv()).orElse(null);
            if (resolved == null) {
                missing = value.secretEnv();
            } else {
                headers.put(header.getKey(), resolved);
            }
        }
        if (missing != null) {
            String unset = missing;
            log("Tool " + tool.name() + " of agent " + running.name() + " not called: environment variable " + unset
                    + " is not set");
            context.runOnContext(v -> session.onToolReply(callId, new ToolReply(ToolReply.NOT_CONFIGURED, null, null,
                    0, unset + " is not set"), System.currentTimeMillis()));
            return;
        }
        endpoints.post(tool.url(), key.get().getBytes(StandardCharsets.UTF_8), headers, body, tool.timeoutOrDefault())
                .onComplete(done -> context.runOnContext(v -> {
                    ToolReply reply = done.succeeded() ? done.result()
                            : ToolEndpoints.failure(done.cause(), System.nanoTime());
                    log("Tool " + tool.name() + ": " + reply.outcome() + " in " + reply.latencyMs() + " ms"
                            + (reply.detail() != null ? " (" + reply.detail() + ")" : ""));
                    session.onToolReply(callId, reply, System.currentTimeMillis());
                }));
    }

    @Override
    public void closeModel() {
        if (modelConnection != null) {
            modelConnection.close();
        }
    }

    @Override
    public void schedule(String timer, long delayMs) {
        vertx.setTimer(Math.max(1, delayMs),
                id -> context.runOnContext(v -> session.onTimer(timer, System.currentTimeMillis())));
    }

    @Override
    public void closeTwilio() {
        twilio.close().subscribe().with(ok -> {
        }, failure -> {
        });
    }

    // Model listener (called on this call's context)

    @Override
    public void onModelFailure(String reason) {
        if (session.ended()) {
            return;
        }
        log("Model failed: " + reason);
        session.onModelFailed(reason, System.currentTimeMillis());
    }

    @Override
    public void onModelMessage(String message) {
        ModelEvent event = model.protocol().parse(message);
        if (event instanceof ModelEvent.Unknown unknown) {
            LOG.debugf("Model event %s ignored", unknown.type());
        } else if (event instanceof ModelEvent.Error error) {
            log("Model error: " + error.type() + " " + error.code() + " " + error.param() + " (event "
                    + error.eventId() + "): " + error.message());
        }
        boolean failedBefore = session.failed();
        session.onModel(event, System.currentTimeMillis());
        if (!failedBefore && session.failed()) {
            log("Model session given up: " + session.failure());
        }
    }

    private void log(String message) {
        if (warmup) {
            return;
        }
        MDC.put("callSid", callSid);
        MDC.put("streamSid", streamSid);
        try {
            LOG.info(message + " [call " + callSid + "]");
        } finally {
            MDC.remove("callSid");
            MDC.remove("streamSid");
        }
    }
}
