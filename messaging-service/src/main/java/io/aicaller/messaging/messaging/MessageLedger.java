package io.aicaller.messaging.messaging;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.EventType;
import io.aicaller.events.MessageReceived;
import io.aicaller.events.MessageRefused;
import io.aicaller.events.MessageSent;
import io.aicaller.events.MessageStatusChanged;
import io.aicaller.events.Topics;
import io.aicaller.messaging.MessageView;
import io.aicaller.messaging.SendOutcome;
import io.aicaller.messaging.config.MessagingConfig;

/**
 * The outcome of each request id and the latest status of each message, read from {@code messages.events.v1} at
 * start and followed, so a repeated request is answered with its first outcome by any replica, even after a restart.
 * Bounded: the oldest entries are forgotten first.
 */
@Singleton
public class MessageLedger extends TopicView {

    // Twilio's statuses in the order a message moves through them; a report never moves a message backwards.
    private static final List<String> ORDER = List.of("accepted", "scheduled", "queued", "sending", "sent",
            "receiving", "received", "delivered", "undelivered", "failed", "read", "partially_delivered",
            "canceled");

    private final Map<String, SendOutcome> outcomes;
    private final Map<String, MessageView> messages;
    private final ObjectMapper json;

    MessageLedger(MessagingConfig config, ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        super(Topics.MESSAGES_EVENTS, kafkaConfig);
        this.outcomes = bounded(config.remembered());
        this.messages = bounded(config.remembered());
        this.json = json;
    }

    public Optional<SendOutcome> outcome(String requestId) {
        return Optional.ofNullable(outcomes.get(requestId));
    }

    public Optional<MessageView> message(String messageSid) {
        return Optional.ofNullable(messages.get(messageSid));
    }

    /** A request this replica just finished; the event that tells the other replicas follows. */
    public void record(SendOutcome outcome) {
        outcomes.put(outcome.requestId(), outcome);
        if (outcome.sent()) {
            messages.merge(outcome.messageSid(),
                    new MessageView(outcome.messageSid(), "outbound", outcome.to(), outcome.from(),
                            outcome.status(), null, outcome.segments(), outcome.encoding(), outcome.requestId(),
                            Instant.now(), outcome.statusCallback()),
                    MessageLedger::later);
        }
    }

    /** A message fetched from Twilio, remembered so the next read does not ask again. */
    public void remember(MessageView view) {
        messages.merge(view.messageSid(), view, MessageLedger::later);
    }

    @Override
    protected void apply(String ceType, String value) {
        try {
            switch (EventType.fromCeType(ceType)) {
                case MESSAGE_SENT:
                    MessageSent sent = json.readValue(value, MessageSent.class);
                    record(SendOutcome.sent(sent.requestId(), sent.messageSid(), sent.status(), sent.to(),
                            sent.from(), sent.segments(), sent.encoding(), sent.mediaCount(), sent.statusCallback()));
                    break;
                case MESSAGE_REFUSED:
                    MessageRefused refused = json.readValue(value, MessageRefused.class);
                    record(SendOutcome.refused(refused.requestId(), refused.to(), refused.reason(),
                            refused.twilioCode(), refused.message()));
                    break;
                case MESSAGE_STATUS_CHANGED:
                    MessageStatusChanged changed = json.readValue(value, MessageStatusChanged.class);
                    messages.merge(changed.messageSid(),
                            new MessageView(changed.messageSid(), "outbound", changed.to(), null, changed.status(),
                                    changed.errorCode(), null, null, null, changed.timestamp(), null),
                            MessageLedger::later);
                    break;
                case MESSAGE_RECEIVED:
                    MessageReceived received = json.readValue(value, MessageReceived.class);
                    messages.putIfAbsent(received.messageSid(),
                            new MessageView(received.messageSid(), "inbound", received.to(), received.from(),
                                    "received", null, null, null, null, received.receivedAt(), null));
                    break;
                default:
                    break;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Merges two views of one message: the further status wins, details known to either are kept. */
    static MessageView later(MessageView known, MessageView report) {
        boolean advances = rank(report.status()) >= rank(known.status());
        MessageView base = advances ? report : known;
        MessageView other = advances ? known : report;
        return new MessageView(base.messageSid(), first(known.direction(), report.direction()),
                first(base.to(), other.to()), first(base.from(), other.from()), base.status(),
                first(base.errorCode(), other.errorCode()), first(base.segments(), other.segments()),
                first(base.encoding(), other.encoding()), first(base.requestId(), other.requestId()),
                base.updatedAt(), first(base.statusCallback(), other.statusCallback()));
    }

    private static int rank(String status) {
        int rank = ORDER.indexOf(status);
        return rank < 0 ? 0 : rank;
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }

    private static <V> Map<String, V> bounded(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        });
    }
}
