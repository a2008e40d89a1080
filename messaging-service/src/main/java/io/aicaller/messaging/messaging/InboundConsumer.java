package io.aicaller.messaging.messaging;

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
 * counted by Twilio's error code.
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    private final OptOuts optOuts;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    InboundConsumer(OptOuts optOuts, ObjectMapper json, MeterRegistry metrics) {
        this.optOuts = optOuts;
        this.json = json;
        this.metrics = metrics;
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
