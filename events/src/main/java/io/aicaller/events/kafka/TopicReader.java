package io.aicaller.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Reads a whole topic, from its first record and then as it grows, into a replica's memory: every replica holds the
 * same table and a restarted one rebuilds it. No consumer group: each reader is assigned every partition. "Caught up"
 * means every record that existed when the reader started has been applied; {@link #sync()} waits for the records
 * that exist now (a write this replica or another one just made).
 */
public final class TopicReader implements AutoCloseable {

    /** One record: key, CloudEvents type and JSON value; the value is null for a tombstone (a deletion). */
    @FunctionalInterface
    public interface RecordHandler {
        void apply(String key, String ceType, String value);
    }

    private static final Logger LOG = Logger.getLogger(TopicReader.class);

    private final String topic;
    private final RecordHandler apply;
    private final Queue<CompletableFuture<Void>> syncs = new ConcurrentLinkedQueue<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final ConsumerLoop loop;

    public TopicReader(String topic, Map<String, Object> kafkaConfig, RecordHandler apply) {
        this.topic = topic;
        this.apply = apply;
        this.loop = new ConsumerLoop("topic-reader-" + topic, KafkaClients.consumer(kafkaConfig, null,
                "reader-" + topic), () -> {
                }, this::read);
    }

    public void start() {
        loop.start();
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Completes once every record written before the call has been applied (read-your-writes). */
    public CompletableFuture<Void> sync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        syncs.add(done);
        return done;
    }

    /** {@link #sync()}, waited for: false when the records written before the call were not read in time. */
    public boolean syncWithin(Duration timeout) {
        try {
            sync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            return false;
        }
    }

    private void read(KafkaConsumer<String, String> kafka) {
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty()) {
            var infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
            partitions = infos == null ? List.of()
                    : infos.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            if (partitions.isEmpty()) {
                sleep(500);
            }
        }
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(kafka.endOffsets(partitions));
        Map<TopicPartition, Long> syncEnd = null;
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        while (true) {
            if (!syncs.isEmpty()) {
                for (CompletableFuture<Void> s = syncs.poll(); s != null; s = syncs.poll()) {
                    waiting.add(s);
                }
                syncEnd = new HashMap<>(kafka.endOffsets(partitions));
            }
            // Short polls: a sync() waits at most this long before the end offsets it needs are fetched.
            for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(100))) {
                Header type = record.headers().lastHeader(KafkaCloudEvents.HEADER_TYPE);
                if (type == null) {
                    continue;
                }
                try {
                    apply.apply(record.key(), new String(type.value(), StandardCharsets.UTF_8), record.value());
                } catch (RuntimeException e) {
                    LOG.debugf("Skipped an unreadable record of %s at offset %d: %s", topic, record.offset(), e);
                }
            }
            if (!isCaughtUp()) {
                end.entrySet().removeIf(e -> kafka.position(e.getKey()) >= e.getValue());
                if (end.isEmpty()) {
                    caughtUp.countDown();
                }
            }
            if (syncEnd != null && isCaughtUp()) {
                syncEnd.entrySet().removeIf(e -> kafka.position(e.getKey()) >= e.getValue());
                if (syncEnd.isEmpty()) {
                    waiting.forEach(w -> w.complete(null));
                    waiting.clear();
                    syncEnd = null;
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        syncs.forEach(s -> s.cancel(false));
        loop.close();
    }
}
