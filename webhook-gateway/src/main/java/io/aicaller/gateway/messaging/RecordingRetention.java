package io.aicaller.gateway.messaging;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.Topics;
import io.aicaller.events.kafka.StateTopicWriter;
import io.aicaller.events.kafka.TopicReader;
import io.aicaller.gateway.client.CallsClient;
import io.aicaller.gateway.config.GatewayConfig;

/**
 * Deletes recordings at Twilio when their agent's retention has run out. Each recording to delete is kept on the
 * compacted topic {@value Topics#CALLS_RECORDINGS} (RecordingSid -> when), so the schedule survives restarts and is
 * shared by every replica; each replica sweeps what is due (a recording already deleted by another is a 404, which
 * counts as done) and writes a tombstone.
 */
@Singleton
public class RecordingRetention {

    private static final Logger LOG = Logger.getLogger(RecordingRetention.class);
    static final String CE_TYPE = "io.aicaller.recording.retention.v1";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A recording and when it is deleted. */
    public record Due(String recordingSid, String callSid, String agent, Instant deleteAfter) {
    }

    private final Map<String, Due> due = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final TopicReader reader;
    private final StateTopicWriter writer;
    private final CallsClient calls;
    private final Duration sweepInterval;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "recording-retention");
        thread.setDaemon(true);
        return thread;
    });

    RecordingRetention(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper json,
            CallsClient calls, GatewayConfig config) {
        this.json = json;
        this.calls = calls;
        this.sweepInterval = config.recordings().sweepInterval();
        this.reader = new TopicReader(Topics.CALLS_RECORDINGS, kafkaConfig, this::apply);
        this.writer = new StateTopicWriter(Topics.CALLS_RECORDINGS, "/webhook-gateway", kafkaConfig, TIMEOUT);
    }

    void start(@Observes StartupEvent start) {
        reader.start();
        worker.scheduleWithFixedDelay(this::sweep, sweepInterval.toMillis(), sweepInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        reader.close();
        writer.close();
    }

    /** Schedules the deletion: written in the background and retried, so a webhook never waits for it. */
    public void schedule(Due recording) {
        try {
            writer.putLater(recording.recordingSid(), CE_TYPE, json.writeValueAsString(recording));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every recording that is due, at Twilio, then forgets it. */
    void sweep() {
        Instant now = Instant.now();
        List<Due> expired = due.values().stream().filter(d -> !d.deleteAfter().isAfter(now)).toList();
        for (Due recording : expired) {
            try {
                boolean deleted = calls.deleteRecording(recording.recordingSid());
                writer.put(recording.recordingSid(), CE_TYPE, null);
                due.remove(recording.recordingSid());
                LOG.infof("Recording %s of call %s %s (agent %s's retention)", recording.recordingSid(),
                        recording.callSid(), deleted ? "deleted" : "was already gone", recording.agent());
            } catch (RuntimeException e) {
                LOG.warnf("Recording %s could not be deleted yet: %s", recording.recordingSid(), e.getMessage());
            }
        }
    }

    private void apply(String key, String ceType, String value) {
        if (key == null || !CE_TYPE.equals(ceType)) {
            return;
        }
        if (value == null) {
            due.remove(key);
            return;
        }
        try {
            JsonNode node = json.readTree(value);
            due.put(key, new Due(key, node.path("callSid").asText(), node.path("agent").asText(),
                    Instant.parse(node.path("deleteAfter").asText())));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Skipped an unreadable retention record %s: %s", key, e);
        }
    }
}
