package io.aicaller.events.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A plain Kafka consumer on its own daemon thread that survives the broker: when {@code body} fails, the consumer is
 * closed (nothing it did not commit counts as read) and a new one starts a second later. {@link #close()} wakes it.
 */
public final class ConsumerLoop implements AutoCloseable {

    /** What the consumer does; returns only by throwing (closing wakes it with a {@link WakeupException}). */
    @FunctionalInterface
    public interface Body {
        void run(KafkaConsumer<String, String> consumer);
    }

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final String name;
    private final Map<String, Object> properties;
    private final Body body;
    private final Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;

    /** @param before runs first on the thread (waiting for what the body needs); an interrupt ends the loop */
    public ConsumerLoop(String name, Map<String, Object> properties, Interruptible before, Body body) {
        this.name = name;
        this.properties = properties;
        this.body = body;
        this.thread = new Thread(() -> {
            try {
                before.run();
            } catch (InterruptedException e) {
                return;
            }
            run();
        }, name);
        thread.setDaemon(true);
    }

    @FunctionalInterface
    public interface Interruptible {
        void run() throws InterruptedException;
    }

    public void start() {
        thread.start();
    }

    public boolean isClosed() {
        return closed;
    }

    private void run() {
        while (!closed) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties)) {
                consumer = kafka;
                body.run(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warnf("%s failed, starting over: %s", name, e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(5000); // the consumer leaves its group before the service goes on stopping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
