package io.aicaller.numbers.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.kafka.ConsumerLoop;
import io.aicaller.events.kafka.KafkaClients;
import io.aicaller.numbers.client.WebhookSender;
import io.aicaller.numbers.config.NumbersConfig;
import io.aicaller.numbers.service.SubscriptionsService;
import io.aicaller.numbers.webhooks.AttemptOutcome;
import io.aicaller.numbers.webhooks.DeliveryFailure;
import io.aicaller.numbers.webhooks.PendingDelivery;
import io.aicaller.numbers.webhooks.RetryPolicy;
import io.aicaller.numbers.webhooks.StructuredEvent;
import io.aicaller.numbers.webhooks.Subscription;
import io.aicaller.numbers.webhooks.SubscriptionLane;

/**
 * Delivers the pending webhooks. The replicas share the pending topic's partitions (one consumer group); a replica
 * given a partition reads it from the start (compaction keeps only what is not done) and owns those deliveries until
 * the partition moves, so a restart or a crash mid-retry loses nothing. All bookkeeping runs on one thread; the
 * receivers are called without blocking it, each subscription within its own lane (bounded queue and concurrency), so
 * a slow or dead receiver only ever delays itself.
 */
@Singleton
public class WebhookDispatcher {

    static final String GROUP = "ai-caller-webhooks-delivery";
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int REMEMBERED_DONE = 10_000;

    private final SubscriptionStore subscriptions;
    private final SubscriptionsService service;
    private final WebhookRecords records;
    private final WebhookSender sender;
    private final MeterRegistry metrics;
    private final NumbersConfig.Webhooks config;
    private final RetryPolicy retry;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "webhook-dispatch"));
    private final ConsumerLoop reader;
    private final Map<String, SubscriptionLane> lanes = new ConcurrentHashMap<>();
    /** Keys finished here lately: our own writes of them, read back late, must not start them again. */
    private final Map<String, Boolean> done = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_DONE;
        }
    };
    /** Subscriptions whose receiver answered 410, and when: nothing more goes there until it is updated. */
    private final Map<String, Instant> gone = new HashMap<>();
    private ScheduledFuture<?> wake;
    private Instant wakeAt;

    WebhookDispatcher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            SubscriptionStore subscriptions, SubscriptionsService service, WebhookRecords records,
            WebhookSender sender, MeterRegistry metrics, NumbersConfig config) {
        this.subscriptions = subscriptions;
        this.service = service;
        this.records = records;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config.webhooks();
        this.retry = new RetryPolicy(this.config.retryInitial(), this.config.retryMaxInterval(),
                this.config.giveUpAfter());
        PendingReader pending = new PendingReader(items -> onLoop(() -> items.forEach(this::arrive)),
                lost -> onLoop(() -> lanes.values().forEach(lane -> lane.drop(lost::contains))));
        this.reader = new ConsumerLoop("webhook-pending-reader",
                KafkaClients.consumer(kafkaConfig, GROUP, "webhook-dispatcher"), this::awaitSubscriptions,
                pending::read);
        Gauge.builder("aicaller.webhook.pending", lanes, l -> l.values()
                .stream()
                .mapToInt(SubscriptionLane::size)
                .sum()).description("Webhook deliveries waiting on this replica").register(metrics);
    }

    void start(@Observes StartupEvent start) {
        if (config.enabled()) {
            reader.start();
        }
    }

    @PreDestroy
    void stop() {
        reader.close();
        loop.shutdownNow();
    }

    private void awaitSubscriptions() throws InterruptedException {
        while (!reader.isClosed() && !subscriptions.awaitLoaded(Duration.ofSeconds(5))) {
            LOG.debug("Waiting for the subscriptions before delivering");
        }
    }

    // --- bookkeeping, on the dispatch thread

    private void arrive(SubscriptionLane.Item item) {
        PendingDelivery delivery = item.delivery();
        if (done.containsKey(delivery.key())) {
            return;
        }
        if (subscriptions.get(delivery.subscriptionId()).isEmpty()) {
            records.done(delivery); // the subscription was deleted: nobody is owed this any more
            return;
        }
        SubscriptionLane lane = lanes.computeIfAbsent(delivery.subscriptionId(),
                id -> new SubscriptionLane(config.concurrency(), config.maxPending()));
        if (lane.offer(item) == SubscriptionLane.Offer.FULL) {
            giveUp(delivery.failed(Instant.now(), "more than " + config.maxPending() + " deliveries waiting",
                    null), "dead-lettered");
            return;
        }
        pump();
    }

    private void pump() {
        Instant now = Instant.now();
        Instant next = null;
        for (SubscriptionLane lane : lanes.values()) {
            lane.due(now).forEach(item -> attempt(item.delivery()));
            Instant due = lane.nextDue();
            if (due != null && (next == null || due.isBefore(next))) {
                next = due;
            }
        }
        if (next != null && (wake == null || next.isBefore(wakeAt))) {
            if (wake != null) {
                wake.cancel(false);
            }
            wakeAt = next;
            wake = loop.schedule(() -> {
                wake = null;
                pump();
            }, Math.max(1, Duration.between(now, next).toMillis()),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(PendingDelivery delivery) {
        Subscription subscription = subscriptions.get(delivery.subscriptionId()).orElse(null);
        if (subscription == null) {
            finish(delivery, "dropped");
            records.done(delivery);
            return;
        }
        Instant goneAt = gone.get(subscription.id());
        if (goneAt != null && subscription.updatedAt().isAfter(goneAt)) {
            gone.remove(subscription.id());
        } else if (goneAt != null) {
            giveUp(delivery.failed(Instant.now(), "subscription disabled: the receiver answered HTTP 410", null),
                    "dead-lettered");
            return;
        }
        if (!subscription.enabled()) {
            giveUp(delivery.failed(Instant.now(), "subscription disabled"
                    + (subscription.disabledReason() == null ? "" : ": " + subscription.disabledReason()), null),
                    "dead-lettered");
            return;
        }
        byte[] key = subscription.signingKey(System::getenv);
        if (key == null) {
            WebhookSender.Answer missing = WebhookSender.Answer.failed("signing secret " + subscription.secretEnv()
                    + " is not set");
            onLoop(() -> completed(delivery, missing, 0));
            return;
        }
        long started = System.nanoTime();
        sender.post(subscription.url(), subscription.id(), delivery.eventId(), delivery.attempts() + 1,
                delivery.event(), key, StructuredEvent.CONTENT_TYPE)
                .thenAccept(answer -> onLoop(() -> completed(delivery, answer, System.nanoTime() - started)));
    }

    private void completed(PendingDelivery delivery, WebhookSender.Answer answer, long nanos) {
        Timer.builder("aicaller.webhook.attempt.duration")
                .tag("subscription", delivery.subscriptionId())
                .register(metrics)
                .record(nanos, TimeUnit.NANOSECONDS);
        AttemptOutcome outcome = answer.status() > 0 ? AttemptOutcome.of(answer.status()) : AttemptOutcome.RETRY;
        Instant now = Instant.now();
        switch (outcome) {
            case DELIVERED -> {
                if (delivery.attempts() > 0) {
                    failure(delivery.failed(now, delivery.lastError(), null), "delivered");
                }
                finish(delivery, "delivered");
                records.done(delivery);
            }
            case RETRY -> {
                Instant next = now.plus(retry.delay(delivery.attempts() + 1, ThreadLocalRandom.current().nextDouble(),
                        answer.retryAfter()));
                PendingDelivery failed = delivery.failed(now, answer.error(), next);
                if (retry.givenUp(failed.firstAttemptAt(), now)) {
                    giveUp(failed, "dead-lettered");
                } else {
                    count(delivery, "retry");
                    failure(failed, "retrying");
                    records.pending(failed);
                    lanes.get(delivery.subscriptionId()).retryLater(failed);
                }
            }
            case GONE -> {
                gone.put(delivery.subscriptionId(), now);
                giveUp(delivery.failed(now, answer.error(), null), "gone");
                daemon(() -> disable(delivery.subscriptionId(), answer.error()), "webhook-disable").start();
            }
            case REFUSED -> giveUp(delivery.failed(now, answer.error(), null), "refused");
        }
        pump();
    }

    private void disable(String subscriptionId, String error) {
        try {
            service.disable(subscriptionId, "the receiver answered " + error);
        } catch (RuntimeException e) {
            LOG.warnf("Subscription %s answered 410 but could not be disabled: %s", subscriptionId, e.toString());
        }
    }

    /** Dead-letters the delivery (with its last error), then forgets it. */
    private void giveUp(PendingDelivery delivery, String state) {
        LOG.warnf("Webhook %s to %s %s after %d attempt(s): %s", delivery.eventId(), delivery.subscriptionId(), state,
                delivery.attempts(), delivery.lastError());
        failure(delivery, state);
        records.deadLetter(delivery).whenComplete((ok, error) -> {
            if (error == null) {
                records.done(delivery);
            }
        });
        finish(delivery, state);
    }

    private void finish(PendingDelivery delivery, String outcome) {
        count(delivery, outcome);
        done.put(delivery.key(), Boolean.TRUE);
        SubscriptionLane lane = lanes.get(delivery.subscriptionId());
        if (lane != null) {
            lane.finished(delivery);
        }
    }

    private void failure(PendingDelivery delivery, String state) {
        records.failure(new DeliveryFailure(delivery.subscriptionId(), delivery.eventId(), delivery.eventType(),
                delivery.orderKey(), delivery.attempts(), Instant.now(), delivery.lastError(), state,
                state.equals("retrying") ? delivery.nextAttemptAt() : null));
    }

    private void count(PendingDelivery delivery, String outcome) {
        metrics.counter("aicaller.webhook.deliveries", "subscription", delivery.subscriptionId(), "outcome", outcome)
                .increment();
    }

    /** Runs on the dispatch thread; after shutdown, nothing runs (what was owed stays on the pending topic). */
    private void onLoop(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Webhook bookkeeping failed");
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Dispatcher stopped; left for the next owner");
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

}
