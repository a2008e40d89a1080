package io.aicaller.events.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of each API request that carried an {@code Idempotency-Key}, shared by every replica of a service
 * through a compacted state topic read whole at start. The key is claimed on the topic before the side effect (a
 * Twilio request) is made, and the first claim in the topic wins; the outcome is recorded after. A retry, on any
 * replica and after a restart, is answered from the first outcome and never repeats the side effect.
 * <p>
 * The records are written by hand (no data binding of the ledger's own shape), so services need no reflection
 * registration for it; an outcome is the service's own JSON.
 */
public final class RequestLedger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RequestLedger.class);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final String CLAIMED = "claimed";
    private static final String DONE = "done";

    /** A key that cannot be answered with a first outcome: 400 (malformed), 409 (unknown yet), 422 (misused). */
    public static class KeyRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public KeyRefused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** An outcome, and whether it is the first request's given again. */
    public record Result<T>(T outcome, boolean replayed) {
    }

    /**
     * @param fingerprint a digest of what was asked, so a key reused for another request is told apart
     * @param outcome the service's JSON of the outcome; null while only claimed
     * @param claimant unique per claim, so the claim that won is told apart from a concurrent one
     */
    record Entry(String key, String operation, String fingerprint, String state, JsonNode outcome, String claimant,
            Instant at) {
    }

    private final String ceType;
    private final ObjectMapper json;
    private final Map<String, Entry> entries;
    private final Duration timeout;
    private final TopicReader reader;
    private final StateTopicWriter writer;

    /**
     * @param source the CloudEvents source of the records, e.g. {@code /webhook-gateway}
     * @param remembered how many keys are kept in memory (the oldest are forgotten first)
     */
    public RequestLedger(String topic, String source, Map<String, Object> kafkaConfig, ObjectMapper json,
            Duration timeout, int remembered) {
        this.ceType = "io.aicaller.request." + topic;
        this.json = json;
        this.timeout = timeout;
        this.entries = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > remembered;
            }
        });
        this.reader = new TopicReader(topic, kafkaConfig, this::apply);
        this.writer = new StateTopicWriter(topic, source, kafkaConfig, timeout);
    }

    public void start() {
        reader.start();
    }

    /** A ledger with the defaults the services use (5 s to reach the broker, 100,000 keys in memory), reading. */
    public static RequestLedger started(String topic, String source, Map<String, Object> kafkaConfig,
            ObjectMapper json) {
        RequestLedger ledger = new RequestLedger(topic, source, kafkaConfig, json, Duration.ofSeconds(5), 100_000);
        ledger.start();
        return ledger;
    }

    public boolean isLoaded() {
        return reader.isCaughtUp();
    }

    /** Refuses a key that is not 1-255 printable ASCII characters (400). */
    public static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new KeyRefused(400, "Idempotency-Key must be 1-255 printable ASCII characters");
        }
        return key;
    }

    /**
     * Runs {@code action} once per key across replicas and restarts. {@code operation} and {@code fingerprint} say
     * what was asked: the same key with another request is refused (422). When {@code action} throws, the claim is
     * released if {@code createdNothing} says the side effect certainly did not happen (a retry may try again);
     * otherwise it stays and a retry is told the outcome is unknown (409), never repeated.
     *
     * @throws StateTopicWriter.Unavailable when the broker cannot take the claim: nothing was done
     */
    public <T> Result<T> once(String key, String operation, String fingerprint, Class<T> type, Supplier<T> action,
            Predicate<RuntimeException> createdNothing) {
        String id = checkKey(key); // one key, one request: reused for another operation it is refused
        fingerprint = digest(fingerprint); // numbers and message bodies are not copied into the ledger
        Optional<Entry> known = current(id);
        if (known.isPresent()) {
            return replay(known.get(), operation, fingerprint, type);
        }
        Entry claim = new Entry(id, operation, fingerprint, CLAIMED, null, UUID.randomUUID().toString(),
                Instant.now());
        writer.put(id, ceType, write(claim));
        Entry winner = current(id).orElse(claim);
        if (!claim.claimant().equals(winner.claimant()) || !CLAIMED.equals(winner.state())) {
            return replay(winner, operation, fingerprint, type);
        }
        T outcome;
        try {
            outcome = action.get();
        } catch (RuntimeException e) {
            if (createdNothing.test(e)) {
                release(id);
            }
            throw e;
        }
        record(new Entry(id, operation, fingerprint, DONE, json.valueToTree(outcome), claim.claimant(),
                Instant.now()));
        return new Result<>(outcome, false);
    }

    private static String digest(String fingerprint) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> Result<T> replay(Entry entry, String operation, String fingerprint, Class<T> type) {
        if (!entry.operation().equals(operation) || !entry.fingerprint().equals(fingerprint)) {
            throw new KeyRefused(422, "this Idempotency-Key was used for a different request");
        }
        if (!DONE.equals(entry.state()) || entry.outcome() == null) {
            throw new KeyRefused(409, "a request with this Idempotency-Key is in progress, or its outcome is unknown"
                    + " (a dependency could not be reached): look the result up instead of repeating it");
        }
        try {
            return new Result<>(json.treeToValue(entry.outcome(), type), true);
        } catch (IOException e) {
            throw new IllegalStateException("the recorded outcome of " + entry.key() + " is unreadable", e);
        }
    }

    private Optional<Entry> current(String id) {
        if (!reader.syncWithin(timeout)) {
            throw new StateTopicWriter.Unavailable("reading the request ledger timed out");
        }
        return Optional.ofNullable(entries.get(id));
    }

    /** Known here at once, written for the other replicas now or as soon as the broker can take it. */
    private void record(Entry outcome) {
        entries.put(outcome.key(), outcome);
        writer.putLater(outcome.key(), ceType, write(outcome));
    }

    private void release(String id) {
        entries.remove(id);
        try {
            writer.put(id, ceType, null);
        } catch (StateTopicWriter.Unavailable e) {
            LOG.warnf("The claim of request %s could not be released (%s): a retry with its key gets 409", id,
                    e.getMessage());
        }
    }

    private void apply(String key, String type, String value) {
        if (key == null || !ceType.equals(type)) {
            return;
        }
        if (value == null) {
            entries.remove(key); // a released claim
            return;
        }
        Entry entry = read(value);
        if (entry == null) {
            return;
        }
        if (CLAIMED.equals(entry.state())) {
            entries.putIfAbsent(key, entry); // the first claim wins; a later one lost the race
        } else {
            entries.put(key, entry);
        }
    }

    private String write(Entry entry) {
        ObjectNode node = json.createObjectNode()
                .put("key", entry.key())
                .put("operation", entry.operation())
                .put("fingerprint", entry.fingerprint())
                .put("state", entry.state())
                .put("claimant", entry.claimant())
                .put("at", entry.at().toString());
        if (entry.outcome() != null) {
            node.set("outcome", entry.outcome());
        }
        return node.toString();
    }

    private Entry read(String value) {
        try {
            JsonNode node = json.readTree(value);
            JsonNode outcome = node.get("outcome");
            return new Entry(node.path("key").asText(), node.path("operation").asText(),
                    node.path("fingerprint").asText(), node.path("state").asText(),
                    outcome == null || outcome.isNull() ? null : outcome, node.path("claimant").asText(),
                    Instant.parse(node.path("at").asText()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        reader.close();
        writer.close();
    }
}
