package io.aicaller.events.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.MutinyEmitter;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;

/**
 * Publishes events so that none is lost while the broker is away: {@link #publish} completes once the event is
 * durable, acknowledged by the broker or forced to the {@link LocalOutbox}; a drainer publishes what waits there in
 * order, with the same ids, when the broker is back (also after a restart). While anything waits, new events queue
 * behind it, so each subject's events stay in order. A first send that timed out is waited for (it may still go
 * out), never repeated. Fails only when the outbox is full. Plain Java: a service wraps it around its emitter.
 */
public final class DurablePublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DurablePublisher.class);

    private final LocalOutbox outbox;
    private final Duration timeout;
    private final Function<CloudEvent<? extends Event>, CompletableFuture<Boolean>> sender;
    private final ExecutorService writer;
    private final Thread drainer;
    private volatile boolean running = true;

    /**
     * @param sender sends one event; completes true once the broker acknowledged it, false once the producer gave
     *        it up (it must give up within {@code timeout}, or a timed-out send stays in doubt until it does)
     */
    public DurablePublisher(Path directory, long maxBytes, Duration timeout,
            Function<CloudEvent<? extends Event>, CompletableFuture<Boolean>> sender) {
        this.outbox = new LocalOutbox(directory, maxBytes);
        this.timeout = timeout;
        this.sender = sender;
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "outbox-writer"));
        this.drainer = daemon(this::drain, "outbox-drainer");
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    public void start() {
        if (!outbox.isEmpty()) {
            LOG.infof("%d event(s) left in the outbox from before; publishing them first", outbox.size());
        }
        drainer.start();
    }

    /** Events waiting in the outbox for the broker. */
    public int waiting() {
        return outbox.size();
    }

    /**
     * A sender for a SmallRye emitter whose channel writes CloudEvents to Kafka: true once acknowledged, false once
     * the producer gave the record up.
     */
    public static Function<CloudEvent<? extends Event>, CompletableFuture<Boolean>> sender(
            MutinyEmitter<Event> emitter) {
        return event -> {
            CompletableFuture<Boolean> sent = new CompletableFuture<>();
            emitter.sendMessage(KafkaCloudEvents.toMessage(event))
                    .subscribe()
                    .with(ok -> sent.complete(true),
                            failure -> sent.complete(false));
            return sent;
        };
    }

    /** Publishes and waits (on a worker thread) until the event is durable; fails when the outbox is full. */
    public void publishAndWait(CloudEvent<? extends Event> event, Duration wait) {
        try {
            publish(event).toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + event.type().shortName());
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("could not record " + event.type().shortName() + ": "
                    + cause.getMessage(), cause);
        }
    }

    public CompletionStage<Void> publish(CloudEvent<? extends Event> event) {
        if (!outbox.isEmpty()) {
            return keep(event, null); // behind what already waits
        }
        CompletableFuture<Boolean> sent = sender.apply(event);
        return sent.copy().completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS).thenCompose(ok -> {
            if (ok) {
                return CompletableFuture.completedFuture(null);
            }
            LOG.warnf("Kafka did not take %s in time; keeping it in the outbox", event.type().shortName());
            return keep(event, sent.isDone() ? null : sent);
        });
    }

    private CompletableFuture<Void> keep(CloudEvent<? extends Event> event, CompletableFuture<Boolean> inDoubt) {
        return CompletableFuture.runAsync(() -> {
            outbox.append(event, inDoubt);
            synchronized (outbox) {
                outbox.notifyAll();
            }
        }, writer);
    }

    private void drain() {
        while (running) {
            LocalOutbox.Entry head = outbox.head();
            try {
                if (head == null) {
                    synchronized (outbox) {
                        outbox.wait(1000);
                    }
                    continue;
                }
                if (head.inDoubt() != null && !head.inDoubt().isDone()) {
                    Thread.sleep(200); // the first send may still go out: wait for its outcome
                    continue;
                }
                boolean out = head.inDoubt() != null && head.inDoubt().join()
                        || sender.apply(head.event()).get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
                if (out) {
                    outbox.published();
                    if (outbox.isEmpty()) {
                        LOG.info("The outbox is empty again: every event kept while Kafka was away is published");
                    }
                } else {
                    Thread.sleep(1000); // the broker is still away
                }
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
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
        running = false;
        drainer.interrupt();
        writer.shutdown();
    }
}
