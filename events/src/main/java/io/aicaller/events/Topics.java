package io.aicaller.events;

import java.util.List;

/** Kafka topic names: {@code <domain>.<dataset>.v<major>}. */
public final class Topics {

    public static final String CALLS_LIFECYCLE = "calls.lifecycle.v1";
    public static final String CALLS_TRANSCRIPTS = "calls.transcripts.v1";
    public static final String CALLS_COMMANDS = "calls.commands.v1";
    /** Work queue: calls whose transcript waits for post-call analysis. */
    public static final String CALLS_ANALYSIS_REQUESTS = "calls.analysis-requests.v1";
    public static final String MESSAGES_SEND_REQUESTS = "messages.send-requests.v1";
    public static final String MESSAGES_EVENTS = "messages.events.v1";
    /** Compacted: the latest opt-out state per E.164 number. */
    public static final String MESSAGES_OPT_OUTS = "messages.opt-outs.v1";
    public static final String NUMBERS_LIFECYCLE = "numbers.lifecycle.v1";
    /** Compacted: the latest definition per agent name; a tombstone deletes it. */
    public static final String AGENTS_DEFINITIONS = "agents.definitions.v1";
    /**
     * Compacted (and deleted after a day): the outcome of each gateway API request (dial, call control) by its
     * Idempotency-Key. Likewise {@link #MESSAGES_REQUESTS} (sends) and {@link #NUMBERS_REQUESTS} (numbers, agents).
     */
    public static final String CALLS_REQUESTS = "calls.requests.v1";
    public static final String MESSAGES_REQUESTS = "messages.requests.v1";
    public static final String NUMBERS_REQUESTS = "numbers.requests.v1";
    /** Compacted: each recording an agent's retention will delete, by RecordingSid; a tombstone once deleted. */
    public static final String CALLS_RECORDINGS = "calls.recordings.v1";

    /** Compacted: the business's event-webhook subscriptions by id (numbers-service); a tombstone deletes one. */
    public static final String WEBHOOKS_SUBSCRIPTIONS = "webhooks.subscriptions.v1";
    /**
     * Compacted: each webhook delivery not yet done, keyed {@code <subscription>/<event id>}, partitioned by
     * subscription and call so one owner delivers a call's events in order; a tombstone once delivered. Its
     * {@code .dlq} takes deliveries given up, with the last error.
     */
    public static final String WEBHOOKS_PENDING = "webhooks.pending.v1";
    /** Compacted (and deleted after a week): the latest failed attempt per delivery, for the failures API. */
    public static final String WEBHOOKS_FAILURES = "webhooks.failures.v1";

    /** Suffix of the dead-letter topic that takes a topic's poison records. */
    public static final String DLQ_SUFFIX = ".dlq";

    public static final List<String> ALL = List.of(CALLS_LIFECYCLE, CALLS_TRANSCRIPTS, CALLS_COMMANDS,
            CALLS_ANALYSIS_REQUESTS,
            MESSAGES_SEND_REQUESTS, MESSAGES_EVENTS, MESSAGES_OPT_OUTS, NUMBERS_LIFECYCLE, AGENTS_DEFINITIONS,
            CALLS_REQUESTS, MESSAGES_REQUESTS, NUMBERS_REQUESTS, CALLS_RECORDINGS, WEBHOOKS_SUBSCRIPTIONS,
            WEBHOOKS_PENDING, WEBHOOKS_FAILURES);

    /** Topics that hold state records, not events: their contracts live with the services that own them. */
    public static final List<String> STATE = List.of(AGENTS_DEFINITIONS, CALLS_REQUESTS, MESSAGES_REQUESTS,
            NUMBERS_REQUESTS, CALLS_RECORDINGS, WEBHOOKS_SUBSCRIPTIONS, WEBHOOKS_PENDING, WEBHOOKS_FAILURES);

    public static boolean isCompacted(String topic) {
        return MESSAGES_OPT_OUTS.equals(topic) || STATE.contains(topic);
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    private Topics() {
    }
}
