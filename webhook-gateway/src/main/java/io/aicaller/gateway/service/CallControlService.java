package io.aicaller.gateway.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.twilio.rest.api.v2010.account.Call;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentsReader;
import io.aicaller.events.CallDialed;
import io.aicaller.events.kafka.RequestLedger;
import io.aicaller.gateway.client.CallsClient;
import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.messaging.EventPublisher;
import io.aicaller.gateway.twilio.Twiml;
import io.aicaller.support.phone.PhoneNumbers;
import io.aicaller.support.twilio.TwilioApiException;
import io.aicaller.support.twilio.TwilioUnavailableException;

/**
 * Outbound calls and live call control, for the management API and for commands from the media-bridge. Blocking
 * (twilio-java): runs on worker threads.
 */
@ApplicationScoped
public class CallControlService {

    private static final Logger LOG = Logger.getLogger(CallControlService.class);
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(10);
    private static final String MACHINE_DETECTION_ENABLE = "Enable";
    private static final String MACHINE_DETECTION_MESSAGE_END = "DetectMessageEnd";

    /** A request that names something Twilio would refuse; answered 400 before Twilio is called. */
    public static class InvalidRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidRequest(String message) {
            super(message);
        }
    }

    /**
     * @param variables values for the agent's {@code {{placeholders}}} on this call; they travel in the voice URL and
     *        the stream's parameters, so they are kept small (larger context belongs in the call-start webhook)
     */
    public record DialRequest(String to, String from, String profile, Boolean record, Integer timeoutSeconds,
            String machineDetection, String commandId, Map<String, String> variables) {
        public DialRequest {
            variables = variables == null ? Map.of() : Map.copyOf(variables);
        }
    }

    /** The outcome of a dial: the call, and whether it is the first request's outcome given again. */
    public record Dialed(Call call, boolean replayed) {
    }

    /** A keyed request's recorded outcome: the call's SID and status, or Twilio's refusal. */
    public record Outcome(String callSid, String callStatus, Integer httpStatus, Integer twilioCode, String error) {

        static Outcome of(Call call) {
            return new Outcome(call.getSid(), String.valueOf(call.getStatus()), null, null, null);
        }

        static Outcome refused(TwilioApiException e) {
            return new Outcome(null, null, e.httpStatus(), e.twilioCode(), e.getMessage());
        }

        /** The call again, fetched for its current state, or Twilio's refusal again. */
        Call replay(CallsClient calls) {
            if (callSid == null) {
                throw new TwilioApiException(httpStatus, twilioCode, error);
            }
            return calls.fetch(callSid);
        }
    }

    static final int MAX_VARIABLES = 10;
    static final int MAX_VARIABLE_CHARS = 200;
    static final int MAX_VARIABLES_CHARS = 1000;
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private final CallsClient calls;
    private final EventPublisher publisher;
    private final WebhookUrls urls;
    private final GatewayConfig.Calls config;
    private final String defaultProfile;
    private final RequestLedger ledger;
    private final AgentsReader agents;

    CallControlService(CallsClient calls, EventPublisher publisher, WebhookUrls urls, GatewayConfig config,
            RequestLedger ledger, AgentsReader agents) {
        this.agents = agents;
        this.ledger = ledger;
        this.calls = calls;
        this.publisher = publisher;
        this.urls = urls;
        this.config = config.calls();
        this.defaultProfile = config.profiles().defaultProfile();
    }

    /** A dial without an Idempotency-Key (the bridge's commands are deduplicated by their id instead). */
    public Call dial(DialRequest request) {
        return dial(request, null).call();
    }

    /**
     * Places an outbound call. With an {@code idempotencyKey} the key is claimed on the shared ledger before Twilio
     * is called, so a retry (on any replica, after a restart) answers the first outcome and never dials twice. Once
     * Twilio accepted the call, the answer is the call, whether or not the broker took {@code call.dialed} yet (it is
     * published as soon as it can be).
     */
    public Dialed dial(DialRequest request, String idempotencyKey) {
        requireE164("to", request.to());
        String from = Optional.ofNullable(request.from())
                .filter(f -> !f.isBlank())
                .or(config::defaultFrom)
                .orElseThrow(() -> new InvalidRequest("from is missing and gateway.calls.default-from is not set"));
        requireE164("from", from);
        Integer timeout = request.timeoutSeconds() != null ? request.timeoutSeconds() : config.defaultTimeoutSeconds();
        if (timeout < 5 || timeout > 600) {
            throw new InvalidRequest("timeoutSeconds must be between 5 and 600");
        }
        String machineDetection = request.machineDetection();
        if (machineDetection != null && !machineDetection.equals(MACHINE_DETECTION_ENABLE)
                && !machineDetection.equals(MACHINE_DETECTION_MESSAGE_END)) {
            throw new InvalidRequest("machineDetection must be Enable or DetectMessageEnd");
        }
        String profile = Optional.ofNullable(request.profile()).filter(p -> !p.isBlank()).orElse(defaultProfile);
        if (!profile.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new InvalidRequest("profile must be 1-64 letters, digits, '-' or '_'");
        }
        // An agent that records its calls records the ones it places too.
        boolean record = Boolean.TRUE.equals(request.record())
                || agents.get(profile).map(AgentDefinition::recorded).orElse(false);

        String variables = variablesQuery(request.variables());
        URI voiceUrl = URI.create(urls.absoluteWebhook("voice") + "?profile=" + profile + variables);

        CallsClient.OutboundCall outbound = new CallsClient.OutboundCall(request.to(), from, voiceUrl,
                urls.absoluteWebhook("status"), urls.absoluteWebhook("amd-status"), timeout, record, machineDetection,
                URI.create(urls.absoluteWebhook("recording-status") + "?agent=" + profile));
        String fingerprint = String.join("|", request.to(), from, profile, String.valueOf(record),
                String.valueOf(timeout), String.valueOf(machineDetection), variables);
        return once(idempotencyKey, "dial", fingerprint, () -> place(outbound, request, profile));
    }

    /**
     * Runs a Twilio request once per Idempotency-Key across replicas and restarts (none: just runs it). Twilio's
     * refusal is an outcome too, given again to a retry; the call of a repeated request is fetched for its state.
     */
    private Dialed once(String key, String operation, String fingerprint, Supplier<Call> request) {
        if (key == null) {
            return new Dialed(request.get(), false);
        }
        AtomicReference<Call> made = new AtomicReference<>();
        RequestLedger.Result<Outcome> result = ledger.once(key, operation, fingerprint, Outcome.class, () -> {
            try {
                made.set(request.get());
                return Outcome.of(made.get());
            } catch (TwilioApiException e) {
                if (e instanceof TwilioUnavailableException) {
                    throw e;
                }
                return Outcome.refused(e);
            }
        }, CallControlService::createdNothing);
        return made.get() != null ? new Dialed(made.get(), false)
                : new Dialed(result.outcome().replay(calls), result.replayed());
    }

    /** 429 or 5xx from Twilio: nothing was created; a connection failure may have created the call. */
    private static boolean createdNothing(RuntimeException e) {
        return e instanceof TwilioUnavailableException u && u.httpStatus() > 0;
    }

    private Call place(CallsClient.OutboundCall outbound, DialRequest request, String profile) {
        Call call = calls.create(outbound);
        LOG.infof("Dialed %s from %s: call %s (%s)", PhoneNumbers.mask(request.to()),
                PhoneNumbers.mask(outbound.from()), call.getSid(), call.getStatus());
        CallDialed dialed = new CallDialed(call.getSid(), outbound.from(), request.to(), profile, outbound.record(),
                outbound.timeoutSeconds(), outbound.machineDetection(), String.valueOf(call.getStatus()),
                request.commandId(), Instant.now());
        try {
            publisher.publish(dialed, call.getSid()).await().atMost(PUBLISH_WAIT);
        } catch (RuntimeException e) {
            // Twilio has the call: the caller gets it even if the event could not be kept (outbox full).
            LOG.errorf("call.dialed for %s could not be recorded: %s", call.getSid(), e.getMessage());
        }
        return call;
    }

    /** {@code &var_<name>=<value>} per variable, in name order, after checking the limits. */
    static String variablesQuery(Map<String, String> variables) {
        if (variables.size() > MAX_VARIABLES) {
            throw new InvalidRequest("at most " + MAX_VARIABLES + " variables per call");
        }
        int total = 0;
        StringBuilder query = new StringBuilder();
        for (String name : new TreeSet<>(variables.keySet())) {
            String value = variables.get(name);
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw new InvalidRequest("variables." + name + ": names are letters, digits and '_'");
            }
            if (value == null || value.length() > MAX_VARIABLE_CHARS) {
                throw new InvalidRequest("variables." + name + ": a text of at most " + MAX_VARIABLE_CHARS
                        + " characters");
            }
            total += value.length();
            query.append("&var_").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        if (total > MAX_VARIABLES_CHARS) {
            throw new InvalidRequest("variables: at most " + MAX_VARIABLES_CHARS
                    + " characters in all; give larger context through the agent's call-start webhook");
        }
        return query.toString();
    }

    public Call fetch(String callSid) {
        requireCallSid(callSid);
        return calls.fetch(callSid);
    }

    /** @return false when the call had already ended (Twilio 20404), which counts as done */
    public boolean hangUp(String callSid) {
        requireCallSid(callSid);
        boolean wasLive = calls.hangUp(callSid);
        LOG.infof("Hang-up of %s: %s", callSid, wasLive ? "done" : "already ended");
        return wasLive;
    }

    /** A hang-up is done once however often it is asked for; the key is still checked against its first use. */
    public boolean hangUp(String callSid, String idempotencyKey) {
        requireCallSid(callSid);
        if (idempotencyKey == null) {
            return hangUp(callSid);
        }
        return ledger.once(idempotencyKey, "hangup", callSid, Boolean.class, () -> hangUp(callSid),
                CallControlService::createdNothing).outcome();
    }

    public Call transfer(String callSid, String to) {
        return transfer(callSid, to, null).call();
    }

    /** With a key, a retried transfer never dials the target a second time. */
    public Dialed transfer(String callSid, String to, String idempotencyKey) {
        requireCallSid(callSid);
        requireE164("to", to);
        return once(idempotencyKey, "transfer", callSid + "|" + to, () -> {
            LOG.infof("Transferring %s to %s", callSid, PhoneNumbers.mask(to));
            return calls.updateTwiml(callSid, Twiml.dial(to));
        });
    }

    public Call redirect(String callSid, String url) {
        return redirect(callSid, url, null).call();
    }

    public Dialed redirect(String callSid, String url, String idempotencyKey) {
        requireCallSid(callSid);
        URI target;
        if (url == null || url.isBlank()) {
            target = urls.absoluteWebhook("voice");
        } else {
            try {
                target = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest("url is not a URL");
            }
            if (!"https".equals(target.getScheme())) {
                throw new InvalidRequest("url must be an https URL");
            }
        }
        return once(idempotencyKey, "redirect", callSid + "|" + target, () -> calls.redirect(callSid, target));
    }

    private static void requireE164(String field, String number) {
        PhoneNumbers.e164Problem(number).ifPresent(problem -> {
            throw new InvalidRequest(field + " " + problem);
        });
    }

    private static void requireCallSid(String callSid) {
        if (callSid == null || !callSid.matches("CA[0-9a-fA-F]{32}")) {
            throw new InvalidRequest("not a call SID: CA followed by 32 hex digits");
        }
    }
}
