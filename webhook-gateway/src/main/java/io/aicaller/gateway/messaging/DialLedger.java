package io.aicaller.gateway.messaging;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.Topics;
import io.aicaller.events.kafka.StateTopicWriter;
import io.aicaller.events.kafka.TopicReader;

/**
 * What became of each outbound-call request that carried an {@code Idempotency-Key}, shared by every replica through
 * the compacted topic {@value Topics#CALLS_REQUESTS} and read whole at start. A key is claimed on the topic before
 * Twilio is called (the first claim in the topic wins), and its outcome is recorded after: a retry never dials twice,
 * on any replica, after a restart too. An outcome the broker cannot take now is kept here and written when it can.
 */
@Singleton
public class DialLedger {

    private static final Logger LOG = Logger.getLogger(DialLedger.class);
    static final String CE_TYPE = "io.aicaller.call.request.v1";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int REMEMBERED = 100_000;

    /**
     * One request's state: {@code claimed} (Twilio may have been called; the outcome is not known yet),
     * {@code dialed} (with the call) or {@code refused} (with Twilio's answer).
     *
     * @param fingerprint what was asked, so a key reused for another request is told apart
     * @param replica the replica that claimed the key
     */
    public record Entry(String key, String fingerprint, String state, String callSid, String callStatus,
            Integer httpStatus, Integer twilioCode, String error, String replica, Instant at) {

        public static final String CLAIMED = "claimed";
        public static final String DIALED = "dialed";
        public static final String REFUSED = "refused";

        public Entry dialed(String sid, String status) {
            return new Entry(key, fingerprint, DIALED, sid, status, null, null, null, replica, Instant.now());
        }

        public Entry refused(int status, Integer code, String message) {
            return new Entry(key, fingerprint, REFUSED, null, null, status, code, message, replica, Instant.now());
        }
    }

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final Map<String, Entry> entries = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final String replica = UUID.randomUUID().toString();
    private final TopicReader reader;
    private final StateTopicWriter writer;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dial-ledger-retry");
        thread.setDaemon(true);
        return thread;
    });

    DialLedger(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.reader = new TopicReader(Topics.CALLS_REQUESTS, kafkaConfig, this::apply);
        this.writer = new StateTopicWriter(Topics.CALLS_REQUESTS, "/webhook-gateway", kafkaConfig, TIMEOUT);
    }

    void start(@Observes StartupEvent start) {
        reader.start();
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
        reader.close();
        writer.close();
    }

    /** The key's state as this replica knows it after reading every record written before the call. */
    public Optional<Entry> current(String key) {
        if (!reader.syncWithin(TIMEOUT)) {
            throw new StateTopicWriter.Unavailable("reading " + Topics.CALLS_REQUESTS + " timed out");
        }
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Claims the key before Twilio is called. Returns the claim when this replica holds it, else the state that won;
     * throws {@link StateTopicWriter.Unavailable} when the broker cannot take the claim (nothing was dialed).
     */
    public Entry claim(String key, String fingerprint) {
        Entry claim = new Entry(key, fingerprint, Entry.CLAIMED, null, null, null, null, null, replica,
                Instant.now());
        writer.put(key, CE_TYPE, write(claim));
        return current(key).orElse(claim);
    }

    /** A claimed request's outcome: known here at once, written for the others now or as soon as the broker can. */
    public void record(Entry outcome) {
        entries.put(outcome.key(), outcome);
        retries.execute(() -> write(outcome, 0));
    }

    /** Forgets a claim whose request certainly created nothing (Twilio refused it for a passing reason). */
    public void release(String key) {
        entries.remove(key);
        try {
            writer.put(key, CE_TYPE, null);
        } catch (StateTopicWriter.Unavailable e) {
            LOG.warnf("The claim of request %s could not be released (%s): a retry with its key gets 409", key,
                    e.getMessage());
        }
    }

    private void write(Entry outcome, int attempt) {
        try {
            writer.put(outcome.key(), CE_TYPE, write(outcome));
        } catch (StateTopicWriter.Unavailable e) {
            long delay = Math.min(30, 1L << Math.min(attempt, 5));
            if (attempt == 0) {
                LOG.warnf("The outcome of request %s could not be stored yet (%s); retrying", outcome.key(),
                        e.getMessage());
            }
            retries.schedule(() -> write(outcome, attempt + 1), delay, TimeUnit.SECONDS);
        }
    }

    private void apply(String key, String ceType, String value) {
        if (key == null || !CE_TYPE.equals(ceType)) {
            return;
        }
        if (value == null) {
            entries.remove(key); // a released claim
            return;
        }
        Entry entry;
        try {
            entry = json.readValue(value, Entry.class);
        } catch (IOException e) {
            return;
        }
        if (Entry.CLAIMED.equals(entry.state())) {
            entries.putIfAbsent(key, entry); // the first claim wins; a later one lost the race
        } else {
            entries.put(key, entry);
        }
    }

    private String write(Entry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String replica() {
        return replica;
    }
}
