package io.aicaller.gateway.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.twilio.rest.api.v2010.account.Call;

import io.aicaller.events.CallDialed;
import io.aicaller.gateway.client.CallsClient;
import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.messaging.DialLedger;
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

    /** A repeated Idempotency-Key that cannot be answered with a first outcome: 409 (unknown yet) or 422 (misused). */
    public static class KeyConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        KeyConflict(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    static final int MAX_VARIABLES = 10;
    static final int MAX_VARIABLE_CHARS = 200;
    static final int MAX_VARIABLES_CHARS = 1000;
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private final CallsClient calls;
    private final EventPublisher publisher;
    private final WebhookUrls urls;
    private final GatewayConfig.Calls config;
    private final String defaultProfile;
    private final DialLedger ledger;

    CallControlService(CallsClient calls, EventPublisher publisher, WebhookUrls urls, GatewayConfig config,
            DialLedger ledger) {
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
        boolean record = Boolean.TRUE.equals(request.record());

        String variables = variablesQuery(request.variables());
        URI voiceUrl = URI.create(urls.absoluteWebhook("voice") + "?profile=" + profile + variables);

        DialLedger.Entry claim = null;
        if (idempotencyKey != null) {
            if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
                throw new InvalidRequest("Idempotency-Key must be 1-255 printable ASCII characters");
            }
            String fingerprint = String.join("|", request.to(), from, profile, String.valueOf(record),
                    String.valueOf(timeout), String.valueOf(machineDetection), variables);
            Optional<DialLedger.Entry> known = ledger.current(idempotencyKey);
            if (known.isPresent()) {
                return replay(known.get(), fingerprint);
            }
            claim = ledger.claim(idempotencyKey, fingerprint);
            if (!ledger.replica().equals(claim.replica()) || !DialLedger.Entry.CLAIMED.equals(claim.state())) {
                return replay(claim, fingerprint); // another replica claimed it first
            }
        }
        Call call;
        try {
            call = calls.create(new CallsClient.OutboundCall(request.to(), from, voiceUrl,
                    urls.absoluteWebhook("status"), urls.absoluteWebhook("amd-status"), timeout, record,
                    machineDetection));
        } catch (TwilioApiException e) {
            if (claim != null) {
                if (!(e instanceof TwilioUnavailableException)) {
                    ledger.record(claim.refused(e.httpStatus(), e.twilioCode(), e.getMessage()));
                } else if (e.httpStatus() > 0) {
                    ledger.release(claim.key()); // 429 or 5xx: Twilio created nothing, a retry may dial
                }
                // A connection failure leaves the claim: the call may exist, so a retry must not dial again.
            }
            throw e;
        }
        LOG.infof("Dialed %s from %s: call %s (%s)", PhoneNumbers.mask(request.to()), PhoneNumbers.mask(from),
                call.getSid(), call.getStatus());
        if (claim != null) {
            ledger.record(claim.dialed(call.getSid(), String.valueOf(call.getStatus())));
        }
        CallDialed dialed = new CallDialed(call.getSid(), from, request.to(), profile, record, timeout,
                machineDetection, String.valueOf(call.getStatus()), request.commandId(), Instant.now());
        try {
            publisher.publish(dialed, call.getSid()).await().atMost(PUBLISH_WAIT);
        } catch (RuntimeException e) {
            // Twilio has the call: the caller gets it even if the event could not be kept (outbox full).
            LOG.errorf("call.dialed for %s could not be recorded: %s", call.getSid(), e.getMessage());
        }
        return new Dialed(call, false);
    }

    /** A key seen before: the first outcome again, never a second call. */
    private Dialed replay(DialLedger.Entry entry, String fingerprint) {
        if (!entry.fingerprint().equals(fingerprint)) {
            throw new KeyConflict(422, "this Idempotency-Key was used for a different request");
        }
        switch (entry.state()) {
            case DialLedger.Entry.DIALED:
                return new Dialed(calls.fetch(entry.callSid()), true);
            case DialLedger.Entry.REFUSED:
                throw new TwilioApiException(entry.httpStatus(), entry.twilioCode(), entry.error());
            default:
                throw new KeyConflict(409, "a request with this Idempotency-Key is in progress or its outcome is"
                        + " unknown (Twilio could not be reached): look the call up instead of dialing again");
        }
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

    public Call transfer(String callSid, String to) {
        requireCallSid(callSid);
        requireE164("to", to);
        LOG.infof("Transferring %s to %s", callSid, PhoneNumbers.mask(to));
        return calls.updateTwiml(callSid, Twiml.dial(to));
    }

    public Call redirect(String callSid, String url) {
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
        return calls.redirect(callSid, target);
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
