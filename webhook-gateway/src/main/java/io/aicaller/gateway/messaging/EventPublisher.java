package io.aicaller.gateway.messaging;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;
import io.aicaller.events.kafka.KafkaCloudEvents;
import io.aicaller.gateway.config.GatewayConfig;

/**
 * Publishes the gateway's events. The returned Uni completes once the event is durable: acknowledged by the broker,
 * or, while the broker cannot take it, forced to the local outbox, which is published in order, with the same ids,
 * as soon as the broker is back (also after a restart). It fails only when the outbox is full.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    public static final String SOURCE = "/webhook-gateway";

    private final MutinyEmitter<Event> emitter;
    private final Duration timeout;
    private final LocalOutbox outbox;
    private final Thread drainer;
    private volatile boolean running = true;

    EventPublisher(
            @Channel("events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<Event> emitter,
            GatewayConfig config) {
        this.emitter = emitter;
        this.timeout = config.publishTimeout();
        this.outbox = new LocalOutbox(Path.of(config.outbox().directory()), config.outbox().maxSize().asLongValue());
        this.drainer = new Thread(this::drain, "outbox-drainer");
        drainer.setDaemon(true);
    }

    void start(@Observes StartupEvent start) {
        if (!outbox.isEmpty()) {
            LOG.infof("%d event(s) left in the outbox from before; publishing them first", outbox.size());
        }
        drainer.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        drainer.interrupt();
    }

    /** Events waiting in the local outbox for the broker. */
    public int waiting() {
        return outbox.size();
    }

    /** Publishes {@code data} with an id derived from {@code idParts}, so a repeated fact repeats its id. */
    public <T extends Event> Uni<Void> publish(T data, String... idParts) {
        return publish(CloudEvent.of(SOURCE, data, Instant.now(), idParts));
    }

    public Uni<Void> publish(CloudEvent<? extends Event> event) {
        if (!outbox.isEmpty()) {
            return keep(event, null); // behind what already waits, so each call's events stay in order
        }
        CompletableFuture<Boolean> sent = send(event);
        return Uni.createFrom()
                .completionStage(sent)
                .ifNoItem()
                .after(timeout)
                .recoverWithItem(false)
                .chain(ok -> {
                    if (ok) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("Kafka did not take %s in time; keeping it in the outbox", event.type().shortName());
                    return keep(event, sent.isDone() ? null : sent);
                });
    }

    /** The send's outcome: true once the broker acknowledged the record, false if the producer gave it up. */
    private CompletableFuture<Boolean> send(CloudEvent<? extends Event> event) {
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        emitter.sendMessage(KafkaCloudEvents.toMessage(event))
                .subscribe()
                .with(ok -> sent.complete(true),
                        failure -> sent.complete(false));
        return sent;
    }

    private Uni<Void> keep(CloudEvent<? extends Event> event, CompletableFuture<Boolean> inDoubt) {
        return Uni.createFrom().<Void>item(() -> {
            outbox.append(event, inDoubt);
            synchronized (outbox) {
                outbox.notifyAll();
            }
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
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
                        || send(head.event()).get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
                if (out) {
                    outbox.published();
                    if (outbox.isEmpty()) {
                        LOG.info("The outbox is empty again: every event kept during the outage is published");
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
}
