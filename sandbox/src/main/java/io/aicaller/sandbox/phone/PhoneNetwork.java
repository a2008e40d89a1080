package io.aicaller.sandbox.phone;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.StartupEvent;

import io.aicaller.sandbox.config.SandboxConfig;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioRestFake;

/**
 * The simulated phone network behind the emulated Twilio API: calls placed through the API or "dialled" by a
 * simulated caller, and delivery reports for messages sent through the API. Keeps the last calls for inspection.
 */
@ApplicationScoped
public class PhoneNetwork {

    private static final Logger LOG = Logger.getLogger(PhoneNetwork.class);
    private static final int KEPT_CALLS = 200;

    private final SandboxConfig config;
    private final TwilioRestFake twilio;
    private final Webhooks webhooks;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "delivery-reports");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, SimulatedCall> byCallSid = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SimulatedCall> eldest) {
            return size() > KEPT_CALLS;
        }
    };

    PhoneNetwork(SandboxConfig config) {
        this.config = config;
        this.twilio = TwilioRestFake.start(config.accountSid(), config.authToken(), config.apiHost(),
                config.apiPort());
        twilio.addApiKey(config.apiKeySid(), config.apiKeySecret());
        this.webhooks = new Webhooks(config.authToken(), config.gatewayUrl(),
                config.gatewayPublicUrl().orElse(config.gatewayUrl()));
        twilio.onCallCreated(this::outboundCall);
        twilio.onCallUpdated(update -> call(update.call().get("sid").asText())
                .ifPresent(call -> call.update(update.status(), update.url(), update.twiml())));
        twilio.onMessageCreated(this::deliver);
        // What the emulated API served, injected errors included: one line each, to watch a service's retries.
        twilio.onServed(line -> LOG.infof("Twilio API: %s", line));
    }

    void start(@Observes StartupEvent start) {
        LOG.infof("Emulated Twilio REST API on %s (account %s)", twilio.baseUrl(), config.accountSid());
    }

    @PreDestroy
    void stop() {
        calls.shutdownNow();
        reports.shutdownNow();
        twilio.close();
    }

    public TwilioRestFake twilio() {
        return twilio;
    }

    /** A caller dials {@code to}: Twilio asks the gateway's voice webhook what to do. */
    public SimulatedCall incomingCall(String from, String to, CallScript script) {
        return incomingCall(from, to, script, null);
    }

    /** A person calls the agent from the browser phone: no script, {@code phone} is the handset. */
    public SimulatedCall phoneCall(String from, String to, CallerPhone phone) {
        return incomingCall(orDefault(from, config.callerNumber()), orDefault(to, config.agentNumber()),
                new CallScript(List.of(), List.of(), null), phone);
    }

    private SimulatedCall incomingCall(String from, String to, CallScript script, CallerPhone phone) {
        String callSid = TwilioRequests.sid("CA");
        twilio.addCall(callSid, from, to, "ringing", "inbound");
        SimulatedCall call = new SimulatedCall(new SimulatedCall.Setup(callSid, config.accountSid(), from, to,
                "inbound", webhooks.gateway("/webhooks/twilio/voice"), null,
                webhooks.gateway("/webhooks/twilio/status"), Set.of(), script, config.maxCallDuration(), null,
                phone), webhooks, twilio, config.authToken());
        run(call);
        return call;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Browser phones waiting for the agent to call them, by their number. */
    private final Map<String, CallerPhone> answering = new java.util.concurrent.ConcurrentHashMap<>();

    /** The browser phone answers the next call the suite places to {@code number}. */
    public void answerCallsTo(String number, CallerPhone phone) {
        answering.put(number, phone);
    }

    public void stopAnswering(String number, CallerPhone phone) {
        answering.remove(number, phone);
    }

    /**
     * A call created through the API (the gateway's outbound dial): a browser phone waiting on the number answers
     * it; otherwise the callee answers with the demo script.
     */
    private void outboundCall(ObjectNode created) {
        Set<String> events = new LinkedHashSet<>();
        created.path("fake_status_callback_event").forEach(e -> events.addAll(List.of(e.asText().split(" "))));
        SimulatedCall.Recording recording = null;
        if ("true".equalsIgnoreCase(text(created, "fake_record"))) {
            Set<String> recordingEvents = new LinkedHashSet<>();
            created.path("fake_recording_status_callback_event")
                    .forEach(e -> recordingEvents.addAll(List.of(e.asText().split(" "))));
            recording = new SimulatedCall.Recording(text(created, "fake_recording_status_callback"), recordingEvents,
                    "dual".equals(text(created, "fake_recording_channels")) ? 2 : 1);
        }
        CallerPhone phone = answering.remove(created.get("to").asText());
        SimulatedCall call = new SimulatedCall(new SimulatedCall.Setup(created.get("sid").asText(),
                config.accountSid(), created.get("from").asText(), created.get("to").asText(), "outbound-api",
                text(created, "fake_url"), text(created, "fake_twiml"), text(created, "fake_status_callback"),
                events, phone == null ? CallScript.demo() : new CallScript(List.of(), List.of(), null),
                config.maxCallDuration(), recording, phone), webhooks, twilio, config.authToken());
        if (phone != null) {
            phone.ringing(call.setup());
        }
        run(call);
    }

    private void run(SimulatedCall call) {
        synchronized (byCallSid) {
            byCallSid.put(call.setup().callSid(), call);
        }
        calls.execute(call);
    }

    public Optional<SimulatedCall> call(String callSid) {
        synchronized (byCallSid) {
            return Optional.ofNullable(byCallSid.get(callSid));
        }
    }

    public Collection<SimulatedCall> calls() {
        synchronized (byCallSid) {
            return List.copyOf(byCallSid.values());
        }
    }

    /** An SMS reaches one of our numbers: Twilio posts it to the gateway's SMS webhook. */
    public Webhooks.Answer incomingMessage(String from, String to, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        String sid = TwilioRequests.sid("SM");
        params.put("MessageSid", sid);
        params.put("SmsMessageSid", sid);
        params.put("SmsSid", sid);
        params.put("From", from);
        params.put("To", to);
        params.put("Body", body);
        params.put("NumMedia", "0");
        params.put("NumSegments", "1");
        params.put("ApiVersion", "2010-04-01");
        params.put("AccountSid", config.accountSid());
        return webhooks.post(webhooks.gateway("/webhooks/twilio/sms"), params);
    }

    /** A message the API accepted is sent, then delivered; each step is reported to its status callback. */
    private void deliver(ObjectNode message) {
        String sid = message.get("sid").asText();
        reports.schedule(() -> report(sid, "sent"), 300, TimeUnit.MILLISECONDS);
        reports.schedule(() -> report(sid, "delivered"), 900, TimeUnit.MILLISECONDS);
    }

    private void report(String sid, String status) {
        ObjectNode message = twilio.setMessageStatus(sid, status, null);
        String callback = text(message, "fake_status_callback");
        if (callback == null) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("MessageStatus", status);
        params.put("SmsStatus", status);
        params.put("To", message.get("to").asText());
        if (!message.path("from").isNull()) {
            params.put("From", message.get("from").asText());
        }
        params.put("ApiVersion", "2010-04-01");
        params.put("AccountSid", config.accountSid());
        Webhooks.Answer answer = webhooks.post(callback, params);
        if (answer.status() >= 300 || answer.status() == 0) {
            LOG.warnf("Delivery report %s of %s answered %d", status, sid, answer.status());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
