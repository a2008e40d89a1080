package io.aicaller.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.aicaller.events.EventJson;
import io.aicaller.testkit.KafkaBroker;
import io.aicaller.testkit.SharedKafka;

/**
 * Two replicas (two ledgers on one real broker) given the same key at the same instant run the side effect once, and
 * a ledger started later (a restarted replica) answers from the first outcome.
 */
class RequestLedgerTest {

    static final String TOPIC = "test.requests." + UUID.randomUUID();
    static Map<String, Object> kafka;
    static RequestLedger one;
    static RequestLedger two;

    record Outcome(String sid) {
    }

    @BeforeAll
    static void start() {
        String servers = SharedKafka.bootstrapServers();
        KafkaBroker.createTopics(servers, Set.of(TOPIC), TOPIC);
        kafka = Map.of("bootstrap.servers", servers);
        one = RequestLedger.started(TOPIC, "/test", kafka, EventJson.mapper());
        two = RequestLedger.started(TOPIC, "/test", kafka, EventJson.mapper());
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
    }

    @Test
    void concurrentReplicasRunARequestOnceAndEveryRetryGetsItsOutcome() throws Exception {
        String key = UUID.randomUUID().toString();
        AtomicInteger sideEffects = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RequestLedger replica = i % 2 == 0 ? one : two;
            answers.add(pool.submit(() -> {
                go.await();
                try {
                    var result = replica.once(key, "send", "to=+1", Outcome.class, () -> {
                        sideEffects.incrementAndGet();
                        sleep(200); // the slow Twilio request the others must not repeat
                        return new Outcome("SM" + UUID.randomUUID());
                    }, e -> true);
                    return (result.replayed() ? "replayed " : "first ") + result.outcome().sid();
                } catch (RequestLedger.KeyRefused e) {
                    return String.valueOf(e.status());
                }
            }));
        }
        go.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> answer : answers) {
            results.add(answer.get());
        }
        pool.shutdown();
        assertThat(sideEffects).hasValue(1);
        assertThat(results).filteredOn(r -> r.startsWith("first")).hasSize(1);
        assertThat(results).allMatch(r -> r.startsWith("first") || r.startsWith("replayed") || r.equals("409"));
        String sid = results.stream().filter(r -> r.startsWith("first")).findFirst().orElseThrow().substring(6);

        // Both replicas, and one started afterwards, answer the first outcome and never run the request again.
        try (RequestLedger restarted = RequestLedger.started(TOPIC, "/test", kafka, EventJson.mapper())) {
            for (RequestLedger replica : List.of(one, two, restarted)) {
                var again = replica.once(key, "send", "to=+1", Outcome.class, () -> {
                    sideEffects.incrementAndGet();
                    return new Outcome("never");
                }, e -> true);
                assertThat(again.replayed()).isTrue();
                assertThat(again.outcome().sid()).isEqualTo(sid);
            }
            assertThatThrownBy(() -> restarted.once(key, "send", "to=+2", Outcome.class, () -> null, e -> true))
                    .isInstanceOfSatisfying(RequestLedger.KeyRefused.class, e -> assertThat(e.status()).isEqualTo(422));
            assertThatThrownBy(() -> restarted.once(key, "release", "to=+1", Outcome.class, () -> null, e -> true))
                    .isInstanceOfSatisfying(RequestLedger.KeyRefused.class, e -> assertThat(e.status()).isEqualTo(422));
        }
        assertThat(sideEffects).hasValue(1);
    }

    @Test
    void aFailureThatCreatedNothingReleasesTheKeyAndOneThatMayHaveIsNeverRepeated() {
        String released = UUID.randomUUID().toString();
        assertThatThrownBy(() -> one.once(released, "send", "x", Outcome.class, () -> {
            throw new IllegalStateException("429 from Twilio");
        }, e -> true)).hasMessageContaining("429");
        assertThat(two.once(released, "send", "x", Outcome.class, () -> new Outcome("SM1"), e -> true).replayed())
                .isFalse();

        String unknown = UUID.randomUUID().toString();
        assertThatThrownBy(() -> one.once(unknown, "send", "x", Outcome.class, () -> {
            throw new IllegalStateException("connection reset");
        }, e -> false)).hasMessageContaining("reset");
        assertThatThrownBy(() -> two.once(unknown, "send", "x", Outcome.class, () -> new Outcome("SM2"), e -> true))
                .isInstanceOfSatisfying(RequestLedger.KeyRefused.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> one.once("has space", "send", "x", Outcome.class, () -> null, e -> true))
                .isInstanceOfSatisfying(RequestLedger.KeyRefused.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
