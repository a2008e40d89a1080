package io.aicaller.events.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.EventJson;
import io.aicaller.events.EventType;

/**
 * An append-only, fsync'd log of events the broker could not take yet, and how far it has been published. Plain
 * file I/O, no threads: {@link DurablePublisher} appends and drains it. After a crash or restart the events not yet
 * published are still here and go out first, in order, with the ids they had.
 */
public final class LocalOutbox {

    /** The log holds as much as it may: the event is not accepted. */
    public static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Full(String message) {
            super(message);
        }
    }

    private final Path log;
    private final Path drained;
    private final long maxBytes;
    /**
     * An event waiting, and the send that timed out before it was kept here, if any: while that send is in doubt
     * the event waits, and if it went out after all it is not sent again.
     */
    public record Entry(CloudEvent<? extends Event> event, CompletableFuture<Boolean> inDoubt) {
    }

    private final Deque<Entry> pending = new ArrayDeque<>();
    private long bytes;
    /** Lines of the log already published, as recorded in {@code drained}. */
    private long done;

    public LocalOutbox(Path directory, long maxBytes) {
        this.maxBytes = maxBytes;
        this.log = directory.resolve("events.log");
        this.drained = directory.resolve("drained");
        try {
            Files.createDirectories(directory);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("the outbox " + directory + " cannot be used", e);
        }
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Appends and forces the event to disk: once this returns, a crash does not lose it. */
    public synchronized void append(CloudEvent<? extends Event> event, CompletableFuture<Boolean> inDoubt) {
        byte[] line = (encode(event) + "\n").getBytes(StandardCharsets.UTF_8);
        if (bytes + line.length > maxBytes) {
            throw new Full("the outbox holds " + bytes + " bytes (limit " + maxBytes + ")");
        }
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(line));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("the outbox could not be written", e);
        }
        bytes += line.length;
        pending.add(new Entry(event, inDoubt));
    }

    /** The oldest event not yet published, or null. */
    public synchronized Entry head() {
        return pending.peekFirst();
    }

    /** The head was published: it is forgotten (and the log emptied once everything is out). */
    public synchronized void published() {
        if (pending.isEmpty()) {
            return;
        }
        pending.removeFirst();
        done++;
        try {
            if (pending.isEmpty()) {
                Files.deleteIfExists(log);
                Files.deleteIfExists(drained);
                bytes = 0;
                done = 0;
            } else {
                Path temp = drained.resolveSibling("drained.tmp");
                Files.writeString(temp, Long.toString(done));
                Files.move(temp, drained, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the outbox could not be updated", e);
        }
    }

    private void load() throws IOException {
        if (!Files.exists(log)) {
            Files.deleteIfExists(drained);
            return;
        }
        byte[] content = Files.readAllBytes(log);
        int end = content.length;
        while (end > 0 && content[end - 1] != '\n') {
            end--;
        }
        if (end < content.length) {
            // A line cut short by a crash mid-write was never acknowledged: drop it, so appends start clean.
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(end);
                channel.force(true);
            }
        }
        done = Files.exists(drained) ? Long.parseLong(Files.readString(drained).trim()) : 0;
        long index = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (line.isBlank() || index++ < done) {
                continue;
            }
            try {
                pending.add(new Entry(decode(line), null));
            } catch (IOException | RuntimeException e) {
                // An event this version cannot read: kept in the log, skipped here.
            }
        }
    }

    public static String encode(CloudEvent<? extends Event> event) {
        ObjectNode node = EventJson.mapper().createObjectNode();
        node.put("id", event.id())
                .put("source", event.source().toString())
                .put("time", event.time().toString())
                .put("type", event.type().ceType());
        node.set("data", EventJson.mapper().valueToTree(event.data()));
        return node.toString();
    }

    public static CloudEvent<? extends Event> decode(String line) throws IOException {
        JsonNode node = EventJson.mapper().readTree(line);
        EventType type = EventType.fromCeType(node.path("type").asText());
        Event data = EventJson.mapper().treeToValue(node.path("data"), type.recordClass());
        return new CloudEvent<>(node.path("id").asText(), URI.create(node.path("source").asText()),
                Instant.parse(node.path("time").asText()), data);
    }
}
