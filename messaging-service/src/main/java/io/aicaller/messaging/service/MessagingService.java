package io.aicaller.messaging.service;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.twilio.rest.api.v2010.account.Message;

import io.micrometer.core.instrument.MeterRegistry;

import io.aicaller.events.MessageRefused;
import io.aicaller.events.MessageSent;
import io.aicaller.events.kafka.RequestLedger;
import io.aicaller.messaging.MessageView;
import io.aicaller.messaging.SendOutcome;
import io.aicaller.messaging.client.MessagesClient;
import io.aicaller.messaging.config.MessagingConfig;
import io.aicaller.messaging.messaging.MessageLedger;
import io.aicaller.messaging.messaging.MessagingPublisher;
import io.aicaller.messaging.messaging.OptOuts;
import io.aicaller.messaging.sms.Segments;
import io.aicaller.messaging.sms.SendRules;
import io.aicaller.support.phone.PhoneNumbers;
import io.aicaller.support.twilio.TwilioApiException;
import io.aicaller.support.twilio.TwilioUnavailableException;

/**
 * The one send path of the API and the {@code messages.send-requests.v1} consumer: checks, opt-outs, exactly one
 * Twilio message per request id, and the event that records the outcome. Blocking: worker threads only.
 */
@ApplicationScoped
public class MessagingService {

    private static final Logger LOG = Logger.getLogger(MessagingService.class);
    static final int OPTED_OUT = 21610;

    /** A send request, whichever way it arrived. */
    public record SendRequest(String requestId, String to, String from, String messagingServiceSid, String body,
            List<String> mediaUrls, String callSid, String statusCallback) {
    }

    /** The service cannot decide yet (still reading its topics) or Twilio stayed unavailable: try again later. */
    public static class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean mayHaveSent;

        public Unavailable(String message) {
            this(message, false);
        }

        /** @param mayHaveSent Twilio could not be reached, so it may have taken the message */
        public Unavailable(String message, boolean mayHaveSent) {
            super(message);
            this.mayHaveSent = mayHaveSent;
        }

        public boolean mayHaveSent() {
            return mayHaveSent;
        }
    }

    private final MessagesClient twilio;
    private final MessagingPublisher publisher;
    private final OptOuts optOuts;
    private final MessageLedger ledger;
    private final RequestLedger requests;
    private final MessagingConfig config;
    private final MeterRegistry metrics;
    private final Map<String, CompletableFuture<SendOutcome>> inFlight = new ConcurrentHashMap<>();

    MessagingService(MessagesClient twilio, MessagingPublisher publisher, OptOuts optOuts, MessageLedger ledger,
            RequestLedger requests, MessagingConfig config, MeterRegistry metrics) {
        this.requests = requests;
        this.twilio = twilio;
        this.publisher = publisher;
        this.optOuts = optOuts;
        this.ledger = ledger;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * An API send under the client's Idempotency-Key: the key is claimed on {@code messages.requests.v1} before Twilio
     * is called, so two replicas given the same key at once send one message, and a key whose first request's
     * outcome is unknown (Twilio unreachable mid-request) is answered 409, never sent again.
     */
    public Result sendOnce(SendRequest request) {
        awaitLoaded();
        Optional<SendOutcome> known = ledger.outcome(request.requestId());
        if (known.isPresent()) {
            metrics.counter("messaging.requests", "outcome", "duplicate").increment();
            return new Result(known.get(), true);
        }
        AtomicBoolean seenBefore = new AtomicBoolean();
        RequestLedger.Result<SendOutcome> once = requests.once(request.requestId(), "send", fingerprint(request),
                SendOutcome.class, () -> {
                    Result result = send(request);
                    seenBefore.set(result.replayed());
                    return result.outcome();
                }, e -> e instanceof Unavailable u && !u.mayHaveSent());
        return new Result(once.outcome(), once.replayed() || seenBefore.get());
    }

    private static String fingerprint(SendRequest request) {
        return String.join("|", String.valueOf(request.to()), String.valueOf(request.from()),
                String.valueOf(request.messagingServiceSid()), String.valueOf(request.body()),
                String.valueOf(request.mediaUrls()), String.valueOf(request.statusCallback()));
    }

    /**
     * Sends once per request id. {@code replayed} outcomes come from an earlier request with the same id, whose
     * result they repeat without sending again.
     */
    public Result send(SendRequest request) {
        awaitLoaded();
        Optional<SendOutcome> known = ledger.outcome(request.requestId());
        if (known.isPresent()) {
            metrics.counter("messaging.requests", "outcome", "duplicate").increment();
            return new Result(known.get(), true);
        }
        CompletableFuture<SendOutcome> mine = new CompletableFuture<>();
        CompletableFuture<SendOutcome> running = inFlight.putIfAbsent(request.requestId(), mine);
        if (running != null) {
            metrics.counter("messaging.requests", "outcome", "duplicate").increment();
            try {
                return new Result(running.join(), true);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            known = ledger.outcome(request.requestId());
            SendOutcome outcome = known.isPresent() ? known.get() : decide(request);
            mine.complete(outcome);
            return new Result(outcome, known.isPresent());
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(request.requestId(), mine);
        }
    }

    /** An outcome and whether it repeats an earlier request's. */
    public record Result(SendOutcome outcome, boolean replayed) {
    }

    private SendOutcome decide(SendRequest request) {
        String from = request.from();
        String service = request.messagingServiceSid();
        if ((from == null || from.isBlank()) && service == null) {
            from = config.defaultFrom().orElse(null);
            service = from == null ? config.messagingServiceSid().orElse(null) : null;
        }
        String body = request.body() == null || request.body().isBlank() ? null : request.body();
        List<String> media = request.mediaUrls() == null ? List.of() : request.mediaUrls();
        Optional<SendRules.Problem> problem = SendRules.check(request.to(), from, service, body, media)
                .or(() -> SendRules.checkCallback(request.statusCallback()));
        if (problem.isPresent()) {
            return refuse(request, problem.get().reason(), null, problem.get().message());
        }
        if (optOuts.isOptedOut(request.to())) {
            return refuse(request, "opted-out", null,
                    "the recipient opted out of messages (replied STOP); they must reply START to receive again");
        }
        Segments segments = Segments.of(body);
        Message message;
        try {
            message = twilio.send(new MessagesClient.Outgoing(request.to(), from, service, body,
                    media.stream().map(URI::create).toList(), statusCallback()));
        } catch (TwilioUnavailableException e) {
            metrics.counter("messaging.failed", "code", String.valueOf(e.twilioCode())).increment();
            throw new Unavailable("Twilio did not accept the message after retries: " + e.getMessage(),
                    e.httpStatus() == 0);
        } catch (TwilioApiException e) {
            metrics.counter("messaging.failed", "code", String.valueOf(e.twilioCode())).increment();
            if (e.twilioCode() != null && e.twilioCode() == OPTED_OUT) {
                // Twilio's own block list knows of a STOP we never saw: final, and remembered as ours.
                optOuts.record(request.to(), true, "twilio-" + OPTED_OUT, null);
                return refuse(request, "opted-out", OPTED_OUT, e.getMessage());
            }
            return refuse(request, "twilio-error", e.twilioCode(), e.getMessage());
        }
        String status = message.getStatus() == null ? "queued" : message.getStatus().toString();
        String sender = message.getFrom() == null ? from : message.getFrom().toString();
        SendOutcome outcome = SendOutcome.sent(request.requestId(), message.getSid(), status, request.to(), sender,
                segments.segments(), segments.encoding().wireName(), media.size(), request.statusCallback());
        // Remembered before publishing: if the broker fails now, a retry of this request still does not resend.
        ledger.record(outcome);
        publisher.publish(new MessageSent(message.getSid(), request.requestId(), sender, request.to(), status,
                segments.segments(), segments.encoding().wireName(), media.size(), Instant.now(),
                request.statusCallback()),
                request.requestId());
        metrics.counter("messaging.sent", "encoding", segments.encoding().wireName()).increment();
        metrics.counter("messaging.segments", "encoding", segments.encoding().wireName())
                .increment(segments.segments());
        LOG.infof("Sent %s to %s as %s (%d %s segment(s))", request.requestId(), PhoneNumbers.mask(request.to()),
                message.getSid(), segments.segments(), segments.encoding().wireName());
        return outcome;
    }

    private SendOutcome refuse(SendRequest request, String reason, Integer twilioCode, String explanation) {
        // The event's message is required: Twilio's refusals may carry none.
        String message = explanation != null && !explanation.isBlank() ? explanation
                : "refused: " + reason + (twilioCode != null ? " (Twilio error " + twilioCode + ")" : "");
        SendOutcome outcome = SendOutcome.refused(request.requestId(), request.to(), reason, twilioCode, message);
        ledger.record(outcome);
        publisher.publish(new MessageRefused(request.requestId(), request.to(), reason, twilioCode, message,
                Instant.now()), request.requestId());
        metrics.counter("messaging.refused", "reason", reason).increment();
        LOG.infof("Refused %s to %s: %s", request.requestId(), PhoneNumbers.mask(request.to()), reason);
        return outcome;
    }

    /** The latest known state of a message; asks Twilio when this service has not seen it. */
    public MessageView message(String messageSid) {
        Optional<MessageView> known = ledger.message(messageSid);
        if (known.isPresent()) {
            return known.get();
        }
        Message message = twilio.fetch(messageSid);
        String direction = message.getDirection() == null ? null : message.getDirection().toString();
        Segments segments = Segments.of(message.getBody());
        MessageView view = new MessageView(message.getSid(), direction, message.getTo(),
                message.getFrom() == null ? null : message.getFrom().toString(),
                message.getStatus() == null ? null : message.getStatus().toString(), message.getErrorCode(),
                message.getBody() == null ? null : segments.segments(),
                message.getBody() == null ? null : segments.encoding().wireName(), null,
                message.getDateUpdated() == null ? Instant.now() : message.getDateUpdated().toInstant(), null);
        ledger.remember(view);
        return view;
    }

    private URI statusCallback() {
        return config.gatewayPublicUrl()
                .filter(url -> !url.isBlank())
                .map(url -> URI.create(url.replaceAll("/+$", "") + "/webhooks/twilio/sms-status"))
                .orElse(null);
    }

    private void awaitLoaded() {
        try {
            if (!optOuts.awaitLoaded(config.startupWait()) || !ledger.awaitLoaded(config.startupWait())) {
                throw new Unavailable("still reading opt-outs and past requests from Kafka; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }
}
