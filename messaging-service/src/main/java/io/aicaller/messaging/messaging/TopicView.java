package io.aicaller.messaging.messaging;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import io.aicaller.events.kafka.TopicReader;

/**
 * A replica's in-memory table of one whole topic: read from its first record when the service starts, then followed
 * (see {@link TopicReader}). Subclasses turn each record into their state; they are {@code @Singleton} beans (a
 * client proxy would need a no-args constructor).
 */
public abstract class TopicView {

    private final TopicReader reader;

    protected TopicView(String topic, Map<String, Object> kafkaConfig) {
        this.reader = new TopicReader(topic, kafkaConfig, (key, type, value) -> {
            if (value != null) {
                apply(type, value);
            }
        });
    }

    /** One record: its CloudEvents type and JSON value. Runs on the reader's thread. */
    protected abstract void apply(String ceType, String value);

    void start(@Observes StartupEvent start) {
        reader.start();
    }

    @PreDestroy
    void stop() {
        reader.close();
    }

    /** Waits until every record that existed at start has been applied. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return reader.awaitCaughtUp(timeout);
    }

    public boolean isLoaded() {
        return reader.isCaughtUp();
    }
}
