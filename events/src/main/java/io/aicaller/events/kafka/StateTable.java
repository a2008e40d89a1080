package io.aicaller.events.kafka;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * A compacted state topic as a table that every replica holds whole (read from the first record, then followed),
 * written keyed and deleted with a tombstone; a write returns once it is durable and readable here, so a replica
 * reads its own writes and, after {@link #sync()}, every other replica's. Blocking: call from worker threads.
 */
public final class StateTable<V> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StateTable.class);

    private final String topic;
    private final Duration timeout;
    private final Function<String, V> parse;
    private final Map<String, V> table = new ConcurrentHashMap<>();
    private final TopicReader reader;
    private final StateTopicWriter writer;

    /**
     * @param source The CloudEvents source of the writes, e.g. {@code /numbers-service}
     * @param timeout How long a write may wait for the broker, and a read for the topic's current end
     * @param parse A stored value as a row; a value it cannot read (null or an exception) is skipped
     */
    public StateTable(String topic, String source, Map<String, Object> kafkaConfig, Duration timeout,
            Function<String, V> parse) {
        this.topic = topic;
        this.timeout = timeout;
        this.parse = parse;
        this.reader = new TopicReader(topic, kafkaConfig, this::apply);
        this.writer = new StateTopicWriter(topic, source, kafkaConfig, timeout);
    }

    private void apply(String key, String ceType, String value) {
        V row = null;
        if (value != null) {
            try {
                row = parse.apply(value);
            } catch (RuntimeException e) {
                LOG.warnf("%s: the record of %s is unreadable and skipped (%s)", topic, key, e.getMessage());
                return;
            }
        }
        if (row == null) {
            table.remove(key);
        } else {
            table.put(key, row);
        }
    }

    public void start() {
        reader.start();
    }

    /** Every record that existed when the table started has been read. */
    public boolean isLoaded() {
        return reader.isCaughtUp();
    }

    public boolean awaitLoaded(Duration wait) throws InterruptedException {
        return reader.awaitCaughtUp(wait);
    }

    /** The row as this replica knows it now. */
    public Optional<V> get(String key) {
        return Optional.ofNullable(table.get(key));
    }

    /** Every row, by key. */
    public List<V> rows() {
        return table.entrySet()
                .stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(Map.Entry::getValue)
                .toList();
    }

    /**
     * Waits until every write made before this call, by any replica, is in the table.
     *
     * @throws StateTopicWriter.Unavailable When the topic's end could not be read in time
     */
    public void sync() {
        if (!reader.syncWithin(timeout)) {
            throw new StateTopicWriter.Unavailable("reading " + topic + " timed out");
        }
    }

    /**
     * Writes a row (as JSON, typed {@code ceType}) and returns once it is durable and in the table.
     *
     * @throws StateTopicWriter.Unavailable When the broker did not take it in time (nothing is claimed stored)
     */
    public void put(String key, String ceType, String json) {
        writer.put(key, ceType, json);
        sync();
    }

    /** Deletes a row with a tombstone typed {@code ceType}; returns once the table no longer has it. */
    public void delete(String key, String ceType) {
        writer.put(key, ceType, null);
        sync();
    }

    @Override
    public void close() {
        reader.close();
        writer.close();
    }
}
