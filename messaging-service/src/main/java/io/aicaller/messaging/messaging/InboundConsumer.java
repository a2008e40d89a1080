package io.aicaller.messaging.messaging;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import io.aicaller.events.EventType;
import io.aicaller.events.MessageReceived;
import io.aicaller.events.MessageStatusChanged;
import io.aicaller.messaging.sms.Keywords;
import io.aicaller.support.phone.PhoneNumbers;

/**
 * Reacts once (one consumer group for all replicas) to what the gateway saw: STOP-family keywords record an opt-out,
 * START/YES/UNSTOP an opt-in; HELP and ordinary messages trigger nothing of ours. Failed and undelivered reports are
 * counted by Twilio's error code. A report on a message whose requester gave a {@code statusCallback} is forwarded
 * there, form-encoded as Twilio posts it (best effort: one attempt, counted).
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    private final OptOuts optOuts;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final MessageLedger ledger;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    InboundConsumer(OptOuts optOuts, ObjectMapper json, MeterRegistry metrics, MessageLedger ledger) {
        this.optOuts = optOuts;
        this.json = json;
        this.metrics = metrics;
        this.ledger = ledger;
    }

    @Incoming("inbound")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) throws Exception {
        var ce = message.getMetadata(IncomingCloudEventMetadata.class);
        if (ce.isEmpty()) {
            return message.ack();
        }
        EventType type;
        try {
            type = EventType.fromCeType(ce.get().getType());
        } catch (IllegalArgumentException e) {
            return message.ack(); // a newer event type: not ours to handle
        }
        if (type == EventType.MESSAGE_RECEIVED) {
            received(json.readValue(message.getPayload(), MessageReceived.class));
        } else if (type == EventType.MESSAGE_STATUS_CHANGED) {
            MessageStatusChanged changed = json.readValue(message.getPayload(), MessageStatusChanged.class);
            if (changed.status().equals("failed") || changed.status().equals("undelivered")) {
                metrics.counter("messaging.failed", "code", String.valueOf(changed.errorCode())).increment();
            }
            forward(changed);
        }
        return message.ack();
    }

    private void received(MessageReceived received) {
        Keywords.Meaning meaning = meaning(received);
        if (meaning == Keywords.Meaning.OPT_OUT || meaning == Keywords.Meaning.OPT_IN) {
            boolean optedOut = meaning == Keywords.Meaning.OPT_OUT;
            optOuts.record(received.from(), optedOut, Keywords.normalized(received.body()), received.messageSid());
            metrics.counter("messaging.opt-outs", "change", optedOut ? "opt-out" : "opt-in").increment();
            LOG.infof("%s %s (%s)", PhoneNumbers.mask(received.from()), optedOut ? "opted out" : "opted back in",
                    received.messageSid());
        }
    }

    private void forward(MessageStatusChanged changed) throws InterruptedException {
        // This consumer may run ahead of the ledger's reader by a moment: give it that moment.
        String callback = null;
        for (int i = 0; i < 20 && callback == null; i++) {
            var view = ledger.message(changed.messageSid());
            if (view.isPresent() && view.get().requestId() != null) {
                callback = view.get().statusCallback();
                if (callback == null) {
                    return;
                }
            } else {
                Thread.sleep(100);
            }
        }
        if (callback == null) {
            return;
        }
        StringBuilder form = new StringBuilder()
                .append("MessageSid=")
                .append(encode(changed.messageSid()))
                .append("&MessageStatus=")
                .append(encode(changed.status()));
        if (changed.errorCode() != null) {
            form.append("&ErrorCode=").append(changed.errorCode());
        }
        if (changed.to() != null) {
            form.append("&To=").append(encode(changed.to()));
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(callback))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                    .build(), HttpResponse.BodyHandlers.discarding());
            metrics.counter("messaging.callbacks", "outcome", response.statusCode() < 300 ? "delivered" : "refused")
                    .increment();
        } catch (java.io.IOException e) {
            metrics.counter("messaging.callbacks", "outcome", "failed").increment();
            LOG.warnf("Could not forward the %s report of %s: %s", changed.status(), changed.messageSid(),
                    e.toString());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Twilio's OptOutType (set when its Advanced Opt-Out matched a keyword) wins over our own keyword match. */
    private static Keywords.Meaning meaning(MessageReceived received) {
        if (received.optOutType() != null && !received.optOutType().isBlank()) {
            switch (received.optOutType().toUpperCase(Locale.ROOT)) {
                case "STOP":
                    return Keywords.Meaning.OPT_OUT;
                case "START":
                    return Keywords.Meaning.OPT_IN;
                default:
                    return Keywords.Meaning.HELP;
            }
        }
        return Keywords.of(received.body());
    }
}
