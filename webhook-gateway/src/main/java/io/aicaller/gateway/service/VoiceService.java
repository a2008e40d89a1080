package io.aicaller.gateway.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.AgentsReader;
import io.aicaller.events.CallReceived;
import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.messaging.EventPublisher;
import io.aicaller.gateway.twilio.TwilioValues;
import io.aicaller.gateway.twilio.Twiml;
import io.aicaller.support.phone.PhoneNumbers;

/**
 * Answers the voice webhook: a Media Stream to the bridge, or the Gather fallback when streaming is off or the
 * bridge is down. {@code call.received} is acknowledged by Kafka before the TwiML goes out; any failure becomes a
 * polite error TwiML, never a 5xx (Twilio would play its own error message).
 */
@ApplicationScoped
public class VoiceService {

    private static final Logger LOG = Logger.getLogger(VoiceService.class);

    private final EventPublisher publisher;
    private final AgentsReader agents;
    private final ProfileResolver profiles;
    private final MediaBridgeAvailability bridge;
    private final WebhookUrls urls;
    private final CallStates states;
    private final GatewayConfig.Fallback fallback;
    private final MeterRegistry metrics;
    private final Counter streamed;
    private final Counter gathered;

    VoiceService(EventPublisher publisher, ProfileResolver profiles, MediaBridgeAvailability bridge, WebhookUrls urls,
            CallStates states, GatewayConfig config, MeterRegistry metrics, AgentsReader agents) {
        this.agents = agents;
        this.publisher = publisher;
        this.profiles = profiles;
        this.bridge = bridge;
        this.urls = urls;
        this.states = states;
        this.fallback = config.fallback();
        this.metrics = metrics;
        this.streamed = metrics.counter("gateway.twiml", "mode", "stream");
        this.gathered = metrics.counter("gateway.twiml", "mode", "gather");
    }

    /** Stream parameters (and voice URL query parameters) with this prefix are the call's agent variables. */
    public static final String VARIABLE_PREFIX = "var_";

    /**
     * @param profileOverride the profile an outbound call asked for (query parameter of its voice URL)
     * @param variables the outbound call's {@code var_*} query parameters, passed on to the bridge
     */
    public CompletionStage<String> answer(TwilioWebhook webhook, String profileOverride,
            Map<String, String> variables) {
        String callSid = webhook.param("CallSid");
        if (callSid == null) {
            LOG.warn("Voice webhook without CallSid");
            return CompletableFuture.completedFuture(errorTwiml("no-call-sid"));
        }
        String direction = Optional.ofNullable(webhook.param("Direction")).orElse("inbound");
        String from = webhook.param("From");
        String to = webhook.param("To");
        // On an outbound call our number is the caller.
        String ourNumber = direction.startsWith("outbound") ? from : to;
        String profile = profileOverride != null && !profileOverride.isBlank() ? profileOverride
                : profiles.forNumber(ourNumber);
        String callStatus = Optional.ofNullable(webhook.param("CallStatus")).orElse("ringing");
        states.observe(callSid, callStatus);

        boolean streaming = bridge.streamingAvailable() && urls.mediaStreamUrl().isPresent();
        String mode = streaming ? "stream" : "gather";
        String twiml;
        try {
            twiml = streaming ? streamTwiml(callSid, from, to, direction, profile, variables)
                    : Twiml.gatherSpeech(fallback.greeting(), urls.webhook("gather"), fallback.language());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not build TwiML for call %s", callSid);
            return CompletableFuture.completedFuture(errorTwiml("twiml"));
        }
        CallReceived event = new CallReceived(callSid, nullToEmpty(from), nullToEmpty(to),
                TwilioValues.listed(TwilioValues.CALL_DIRECTIONS, direction), callStatus, profile, mode, Instant.now(),
                TwilioValues.accountSid(webhook.param("AccountSid")),
                TwilioValues.raw(TwilioValues.CALL_DIRECTIONS, direction));
        return publisher.record(event, webhook.idParts(callSid, callStatus)).handle((ignored, failure) -> {
            if (failure != null) {
                LOG.errorf("Could not record call %s, answering with an apology: %s", callSid, failure.getMessage());
                return errorTwiml("kafka");
            }
            (streaming ? streamed : gathered).increment();
            // Not INFO: every call would log a line on the hot path; call.received is the record of it.
            LOG.debugf("Call %s from %s to %s answered with %s (profile %s)", callSid, PhoneNumbers.mask(from),
                    PhoneNumbers.mask(to), mode, profile);
            return twiml;
        });
    }

    private String streamTwiml(String callSid, String from, String to, String direction, String profile,
            Map<String, String> variables) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("from", from);
        parameters.put("to", to);
        parameters.put("callSid", callSid);
        parameters.put("direction", direction);
        parameters.put("profile", profile);
        variables.forEach((name, value) -> {
            if (name.startsWith(VARIABLE_PREFIX)) {
                parameters.put(name, value);
            }
        });
        return Twiml.connectStream(urls.mediaStreamUrl().orElseThrow(), urls.webhook("stream-status"), parameters,
                preamble(profile, direction));
    }

    /**
     * The agent's disclosure, and its recording for an inbound call (an outbound call of a recording agent was
     * created with Record=true, see {@link CallControlService}).
     */
    private Twiml.Preamble preamble(String agentName, String direction) {
        Optional<AgentDefinition> agent = agents.get(agentName);
        if (agent.isEmpty()) {
            return Twiml.Preamble.NONE;
        }
        boolean recordHere = agent.get().recorded() && !direction.startsWith("outbound");
        // The agent travels in the callback's URL (signed with it) for its retention.
        return new Twiml.Preamble(agent.get().disclosure(),
                recordHere ? urls.absoluteWebhook("recording-status") + "?agent=" + agentName : null);
    }

    /** The apology every TwiML webhook answers when something inside failed. */
    public String errorTwiml(String cause) {
        metrics.counter("gateway.twiml", "mode", "error", "cause", cause).increment();
        return Twiml.sayAndHangUp(fallback.errorMessage());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
