package io.aicaller.numbers.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.Topics;
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
import io.aicaller.numbers.webhooks.SubscriptionRules;

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

    private final Map<String, Object> kafkaConfig;
    private final SubscriptionStore subscriptions;
    private final SubscriptionsService service;
    private final WebhookRecords records;
    private final WebhookSender sender;
    private final MeterRegistry metrics;
    private final NumbersConfig.Webhooks config;
    private final RetryPolicy retry;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "webhook-dispatch"));
    private final Thread reader = daemon(this::read, "webhook-pending-reader");
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
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;

    WebhookDispatcher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            SubscriptionStore subscriptions, SubscriptionsService service, WebhookRecords records,
            WebhookSender sender, MeterRegistry metrics, NumbersConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.subscriptions = subscriptions;
        this.service = service;
        this.records = records;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config.webhooks();
        this.retry = new RetryPolicy(this.config.retryInitial(), this.config.retryMaxInterval(),
                this.config.giveUpAfter());
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
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        loop.shutdownNow();
    }

    // --- the pending topic, on the reader thread

    private void read() {
        try {
            while (!closed && !subscriptions.awaitLoaded(Duration.ofSeconds(5))) {
                LOG.debug("Waiting for the subscriptions before delivering");
            }
        } catch (InterruptedException e) {
            return;
        }
        while (!closed) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties())) {
                consumer = kafka;
                Map<Integer, Restore> restoring = new HashMap<>();
                kafka.subscribe(List.of(Topics.WEBHOOKS_PENDING), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        Set<Integer> lost = partitions.stream()
                                .map(TopicPartition::partition)
                                .collect(Collectors.toSet());
                        lost.forEach(restoring::remove);
                        onLoop(() -> lanes.values().forEach(lane -> lane.drop(lost::contains)));
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        kafka.seekToBeginning(partitions);
                        kafka.endOffsets(partitions)
                                .forEach((p, end) -> restoring.put(p.partition(), new Restore(p, end)));
                    }
                });
                while (!closed) {
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
                        Restore restore = restoring.get(record.partition());
                        PendingDelivery delivery = record.value() == null ? null
                                : readPending(record.value());
                        if (restore != null) {
                            restore.apply(record.key(), delivery);
                        } else if (delivery != null) {
                            int partition = record.partition();
                            onLoop(() -> arrive(new SubscriptionLane.Item(delivery, partition)));
                        }
                    }
                    restoring.values().removeIf(restore -> {
                        if (kafka.position(restore.partition) < restore.end) {
                            return false;
                        }
                        List<SubscriptionLane.Item> owed = restore.items();
                        onLoop(() -> owed.forEach(WebhookDispatcher.this::arrive));
                        return true;
                    });
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warnf("Reading pending webhooks failed, starting over: %s", e.toString());
                sleep(1000);
            }
        }
    }

    /** A partition being read from its start: the latest record per key, in the order they were first owed. */
    private static final class Restore {
        final TopicPartition partition;
        final long end;
        final Map<String, PendingDelivery> latest = new LinkedHashMap<>();

        Restore(TopicPartition partition, long end) {
            this.partition = partition;
            this.end = end;
        }

        void apply(String key, PendingDelivery delivery) {
            if (delivery == null) {
                latest.remove(key);
            } else {
                latest.put(key, delivery);
            }
        }

        List<SubscriptionLane.Item> items() {
            return latest.values().stream().map(d -> new SubscriptionLane.Item(d, partition.partition())).toList();
        }
    }

    private static PendingDelivery readPending(String json) {
        try {
            return SubscriptionRules.json().readValue(json, PendingDelivery.class);
        } catch (Exception e) {
            return null;
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

    private Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.keySet().removeIf(key -> key.startsWith("devservices") || key.startsWith("snappy"));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "webhook-dispatcher");
        return properties;
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
