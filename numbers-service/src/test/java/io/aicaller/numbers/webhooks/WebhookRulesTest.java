package io.aicaller.numbers.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.testkit.PurePackages;

/** The pure webhook rules: which events, when to retry, what is posted, and in which order. */
class WebhookRulesTest {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void thePackageIsPure() {
        assertThat(PurePackages.frameworkImports(Path.of("src/main/java/io/aicaller/numbers/webhooks"))).isEmpty();
    }

    @Test
    void patternsSelectBusinessEventsOnly() {
        assertThat(EventPatterns.DELIVERABLE).contains("call.ended", "call.analyzed", "transcript.turn",
                "tool.invoked", "tool.completed", "message.received", "message.opt-out-changed")
                .doesNotContain("call.dial", "call.hang-up", "call.analysis-requested", "message.send-requested");
        assertThat(EventPatterns.matchesAny(List.of("message.*"), "message.status-changed")).isTrue();
        assertThat(EventPatterns.matchesAny(List.of("message.*"), "call.ended")).isFalse();
        assertThat(EventPatterns.matchesAny(List.of("call.ended"), "call.ended-early")).isFalse();
        assertThat(EventPatterns.selectsSomething("tool.*")).isTrue();
        assertThat(EventPatterns.selectsSomething("call.dial")).isFalse();
    }

    @Test
    void httpIsOnlyForThisHostUnlessAllowed() {
        String body = "{\"url\": \"%s\", \"events\": [\"*\"]}";
        assertThat(SubscriptionRules.parse(body.formatted("http://127.0.0.1:9000/x"), false).url())
                .isEqualTo("http://127.0.0.1:9000/x");
        assertThatThrownBy(() -> SubscriptionRules.parse(body.formatted("http://crm.example.com/x"), false))
                .hasMessageContaining("url: https is required");
        assertThat(SubscriptionRules.parse(body.formatted("http://crm.example.com/x"), true).enabled()).isTrue();
        assertThatThrownBy(() -> SubscriptionRules.parse(body.formatted("https://u:p@crm.example.com/x"), false))
                .hasMessageContaining("no credentials");
        assertThatThrownBy(() -> SubscriptionRules.parse(
                "{\"url\": \"https://a.example\", \"events\": [\"*\"], \"secret\": \"0123456789abcdef\","
                        + " \"secretEnv\": \"HOOK_KEY\"}",
                false)).hasMessageContaining("not both");
    }

    @Test
    void backoffDoublesWithJitterUpToTheCapAndGivesUpAfterThePeriod() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(24));
        assertThat(policy.delay(1, 0.0, null)).isEqualTo(Duration.ofMillis(2500));
        assertThat(policy.delay(1, 0.999, null)).isBetween(Duration.ofMillis(4990), Duration.ofSeconds(5));
        assertThat(policy.delay(3, 0.0, null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(40, 0.5, null)).isBetween(Duration.ofMinutes(30), Duration.ofHours(1));
        assertThat(policy.delay(1, 0.0, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.delay(1, 0.0, Duration.ofDays(3))).isEqualTo(Duration.ofHours(1));
        // Retried for at least 24 h: the waits add up to a day in about 30 attempts, then the delivery is given up.
        Instant at = T0;
        int attempts = 0;
        while (!policy.givenUp(T0, at)) {
            at = at.plus(policy.delay(++attempts, 0.5, null));
        }
        assertThat(Duration.between(T0, at)).isGreaterThanOrEqualTo(Duration.ofHours(24));
        assertThat(attempts).isBetween(25, 45);
        assertThat(AttemptOutcome.of(204)).isEqualTo(AttemptOutcome.DELIVERED);
        assertThat(AttemptOutcome.of(429)).isEqualTo(AttemptOutcome.RETRY);
        assertThat(AttemptOutcome.of(503)).isEqualTo(AttemptOutcome.RETRY);
        assertThat(AttemptOutcome.of(410)).isEqualTo(AttemptOutcome.GONE);
        assertThat(AttemptOutcome.of(401)).isEqualTo(AttemptOutcome.REFUSED);
        assertThat(AttemptOutcome.of(302)).isEqualTo(AttemptOutcome.REFUSED);
    }

    @Test
    void theBodyIsTheStructuredCloudEvent() throws Exception {
        StructuredEvent event = StructuredEvent.from("ev-1", "io.aicaller.call.ended.v1", "/webhook-gateway", "CA1",
                "2026-12-02T10:00:00Z", "{\"callSid\": \"CA1\", \"durationSeconds\": 5}");
        JsonNode json = new ObjectMapper().readTree(event.json());
        assertThat(json.path("specversion").asText()).isEqualTo("1.0");
        assertThat(json.path("id").asText()).isEqualTo("ev-1");
        assertThat(json.path("type").asText()).isEqualTo("io.aicaller.call.ended.v1");
        assertThat(json.path("source").asText()).isEqualTo("/webhook-gateway");
        assertThat(json.path("subject").asText()).isEqualTo("CA1");
        assertThat(json.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(json.path("data").path("durationSeconds").asInt()).isEqualTo(5);
        assertThat(event.shortName()).isEqualTo("call.ended");
        assertThat(StructuredEvent.from("ev-2", "io.aicaller.nope.v1", "/x", "s", null, "{}")).isNull();
        assertThat(StructuredEvent.from("ev-3", "io.aicaller.call.ended.v1", "/x", "s", null, "not json")).isNull();
    }

    @Test
    void aLaneKeepsEachCallInOrderBoundsConcurrencyAndCapacity() {
        SubscriptionLane lane = new SubscriptionLane(2, 5);
        PendingDelivery a1 = pending("a", "1", T0);
        PendingDelivery a2 = pending("a", "2", T0);
        PendingDelivery b1 = pending("b", "3", T0);
        PendingDelivery c1 = pending("c", "4", T0);
        for (PendingDelivery d : List.of(a1, a2, b1, c1)) {
            assertThat(lane.offer(new SubscriptionLane.Item(d, 0))).isEqualTo(SubscriptionLane.Offer.QUEUED);
        }
        assertThat(lane.offer(new SubscriptionLane.Item(a1, 0))).isEqualTo(SubscriptionLane.Offer.DUPLICATE);
        // Two at a time, never two of one call.
        assertThat(lane.due(T0)).extracting(i -> i.delivery().eventId()).containsExactlyInAnyOrder("1", "3");
        assertThat(lane.due(T0)).isEmpty();
        // a1 fails: a2 waits behind it; c1 takes the free slot.
        lane.retryLater(a1.failed(T0, "HTTP 503", T0.plusSeconds(10)));
        assertThat(lane.due(T0)).extracting(i -> i.delivery().eventId()).containsExactly("4");
        assertThat(lane.nextDue()).isEqualTo(T0.plusSeconds(10));
        lane.finished(b1);
        lane.finished(c1);
        assertThat(lane.due(T0.plusSeconds(5))).isEmpty();
        assertThat(lane.due(T0.plusSeconds(10))).extracting(i -> i.delivery().attempts()).containsExactly(1);
        lane.finished(a1);
        assertThat(lane.due(T0.plusSeconds(10))).extracting(i -> i.delivery().eventId()).containsExactly("2");
        lane.offer(new SubscriptionLane.Item(pending("d", "5", T0), 1));
        lane.offer(new SubscriptionLane.Item(pending("d", "6", T0), 1));
        lane.offer(new SubscriptionLane.Item(pending("e", "7", T0), 1));
        lane.offer(new SubscriptionLane.Item(pending("f", "8", T0), 1));
        assertThat(lane.offer(new SubscriptionLane.Item(pending("g", "9", T0), 1)))
                .isEqualTo(SubscriptionLane.Offer.FULL);
        // Partition 1 moves to another replica: what came from it is forgotten here.
        lane.drop(p -> p == 1);
        assertThat(lane.size()).isEqualTo(1);
    }

    static PendingDelivery pending(String call, String eventId, Instant at) {
        return new PendingDelivery("sub", eventId, "io.aicaller.call.ended.v1", call, "{}", 0, null, at, null);
    }
}
