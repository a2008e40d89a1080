package io.aicaller.numbers.webhooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.numbers.support.NumbersTestResource;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.CloudEventSender;
import io.aicaller.testkit.TwilioFakeTestResource.InjectKafkaBootstrap;
import io.aicaller.testkit.WebhookReceiver;

/**
 * Event webhooks end to end inside the service: events published on the real broker reach real HTTP receivers,
 * signed, once per id in the end, in order per call, whatever the other receivers do.
 */
@QuarkusTest
@WithTestResource(NumbersTestResource.class)
class WebhookDeliveryTest {

    static final String SECRET = "a-test-signing-secret-0123456789";

    @InjectKafkaBootstrap
    String bootstrap;

    static DeadReceiver dead;

    @BeforeAll
    static void startDead() throws IOException {
        dead = new DeadReceiver();
    }

    @AfterAll
    static void stopDead() {
        dead.close();
    }

    static RequestSpecification api() {
        return given().auth().oauth2(NumbersTestResource.API_TOKEN).contentType(ContentType.JSON);
    }

    static String subscribe(String url, String... events) {
        String id = "sub-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"id\": \"%s\", \"url\": \"%s\", \"events\": [%s], \"secret\": \"%s\"}".formatted(id, url,
                java.util.Arrays.stream(events).map(e -> "\"" + e + "\"").collect(Collectors.joining(",")), SECRET);
        api().body(body)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .body("secretSet", equalTo(true))
                .body("$", not(hasKey("secret")));
        return id;
    }

    /** Publishes call.ended for each call (as the gateway does) and answers the CloudEvents ids, in order. */
    List<String> publishEnded(String... callSids) {
        List<String> ids = new ArrayList<>();
        try (CloudEventSender sender = new CloudEventSender(bootstrap)) {
            for (String callSid : callSids) {
                String id = UUID.randomUUID().toString();
                sender.send(Topics.CALLS_LIFECYCLE, EventType.CALL_ENDED.ceType(), id, callSid,
                        "{\"callSid\": \"%s\", \"finalStatus\": \"completed\", \"durationSeconds\": 5}"
                                .formatted(callSid));
                ids.add(id);
            }
        }
        return ids;
    }

    static String callSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aHealthyReceiverGetsSignedStructuredEventsPromptlyWhileADeadOneHangs() {
        try (WebhookReceiver healthy = new WebhookReceiver()) {
            String slow = subscribe(dead.url(), "call.*");
            String fine = subscribe(healthy.url("/events"), "call.ended");
            List<String> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(callSid());
            }
            List<String> ids = publishEnded(calls.toArray(String[]::new));

            // Twelve events, each costing the dead receiver a 1 s timeout at 4 at a time: the healthy one waits
            // for none of it.
            await().atMost(Duration.ofSeconds(3)).until(() -> healthy.accepted().size() >= ids.size());
            assertThat(healthy.accepted()).extracting(WebhookReceiver.Received::eventId)
                    .containsExactlyInAnyOrderElementsOf(ids);
            for (WebhookReceiver.Received request : healthy.accepted()) {
                assertThat(request.signedWith(SECRET)).as("signature of %s", request.body()).isTrue();
                assertThat(request.signedWith("another-secret-0123456789")).isFalse();
                assertThat(request.headers().get("content-type")).startsWith("application/cloudevents+json");
                assertThat(request.headers().get("x-aicaller-subscription")).isEqualTo(fine);
                JsonNode event = request.event();
                assertThat(event.path("specversion").asText()).isEqualTo("1.0");
                assertThat(event.path("type").asText()).isEqualTo(EventType.CALL_ENDED.ceType());
                assertThat(event.path("subject").asText()).isIn(calls);
                assertThat(event.path("data").path("callSid").asText()).isEqualTo(event.path("subject").asText());
            }
            // The dead receiver's attempts are visible: failing with timeouts, to be retried.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> api().get("/api/subscriptions/" + slow
                            + "/failures")
                            .then()
                            .statusCode(200)
                            .body("[0].state", equalTo("retrying"))
                            .body("[0].error", org.hamcrest.Matchers.containsString("timed out"))
                            .body("[0].nextAttemptAt", notNullValue()));
            api().delete("/api/subscriptions/" + slow).then().statusCode(204);
        }
    }

    @Test
    void aReceiverFailingThreeTimesGetsEachEventOnceInTheEndAndEachCallInOrder() {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        try (WebhookReceiver flaky = new WebhookReceiver()) {
            flaky.answering(r -> attempts.computeIfAbsent(r.eventId(), id -> new AtomicInteger()).incrementAndGet() <= 3
                    ? 503
                    : 200);
            String id = subscribe(flaky.url("/hooks"), "call.ended");
            String first = callSid();
            String second = callSid();
            List<String> firstCall = publishEnded(first, first, first);
            List<String> secondCall = publishEnded(second, second);

            await().atMost(Duration.ofSeconds(20)).until(() -> flaky.accepted().size() >= 5);
            List<String> accepted = flaky.accepted().stream().map(WebhookReceiver.Received::eventId).toList();
            assertThat(accepted).containsExactlyInAnyOrderElementsOf(concat(firstCall, secondCall));
            // One call's events arrive in the order they happened, each only after the one before it was taken.
            assertThat(accepted.stream().filter(firstCall::contains).toList()).containsExactlyElementsOf(firstCall);
            assertThat(accepted.stream().filter(secondCall::contains).toList()).containsExactlyElementsOf(secondCall);
            assertThat(flaky.received()).hasSize(20);
            assertThat(attempts.values()).allMatch(n -> n.get() == 4);
            assertThat(flaky.received().stream().map(r -> r.headers().get("x-aicaller-delivery-attempt")))
                    .containsOnly("1", "2", "3", "4");

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> api().get("/api/subscriptions/" + id
                            + "/failures")
                            .then()
                            .statusCode(200)
                            .body("size()", equalTo(5))
                            .body("state", org.hamcrest.Matchers.everyItem(equalTo("delivered")))
                            .body("attempts", org.hamcrest.Matchers.everyItem(equalTo(4)))
                            .body("[0].error", equalTo("HTTP 503")));
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains("aicaller_webhook_deliveries_total{outcome=\"retry\",subscription=\"" + id
                    + "\"} 15.0");
            assertThat(metrics).contains("aicaller_webhook_deliveries_total{outcome=\"delivered\",subscription=\""
                    + id + "\"} 5.0");
        }
        // Nothing is owed any more: the pending topic holds a tombstone for each.
        try (CloudEventReader pending = CloudEventReader.fromBeginning(bootstrap, Topics.WEBHOOKS_PENDING)) {
            assertThat(pending.readFor(Duration.ofSeconds(2), e -> true)).anyMatch(e -> e.value() == null);
        }
    }

    @Test
    void aReceiverAskingToWaitIsGivenItsRetryAfterAndEachAttemptIsTimed() {
        List<Long> attemptedAt = new CopyOnWriteArrayList<>();
        try (WebhookReceiver busy = new WebhookReceiver()) {
            busy.answering(r -> {
                attemptedAt.add(System.nanoTime());
                return attemptedAt.size() == 1 ? 429 : 200;
            }).withHeaders(r -> attemptedAt.size() == 1 ? Map.of("Retry-After", "5") : Map.of());
            String id = subscribe(busy.url("/hooks"), "call.ended");
            publishEnded(callSid());

            await().atMost(Duration.ofSeconds(10)).until(() -> busy.accepted().size() == 1);
            assertThat(busy.received()).extracting(WebhookReceiver.Received::status).containsExactly(429, 200);
            // The backoff here starts at 200 ms and is capped at 1 s: the receiver's 5 s is honoured up to the cap.
            assertThat(Duration.ofNanos(attemptedAt.get(1) - attemptedAt.get(0)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950));
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains("aicaller_webhook_attempt_duration_seconds_count{subscription=\"" + id
                    + "\"} 2.0");
            assertThat(metrics).containsPattern("(?m)^aicaller_webhook_pending [0-9.]+$");
            api().delete("/api/subscriptions/" + id).then().statusCode(204);
        }
    }

    @Test
    void goneDisablesTheSubscriptionAndRefusedOrExpiredDeliveriesAreDeadLettered() {
        try (WebhookReceiver gone = new WebhookReceiver();
                WebhookReceiver refusing = new WebhookReceiver();
                WebhookReceiver down = new WebhookReceiver()) {
            gone.answering(r -> 410);
            refusing.answering(r -> 400);
            down.answering(r -> 503);
            String goneId = subscribe(gone.url("/"), "call.ended");
            String refusingId = subscribe(refusing.url("/"), "call.ended");
            String downId = subscribe(down.url("/"), "call.ended");
            List<String> ids = publishEnded(callSid(), callSid());

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> api().get("/api/subscriptions/" + goneId)
                            .then()
                            .body("enabled", equalTo(false))
                            .body("disabledReason", org.hamcrest.Matchers.containsString("410")));
            try (CloudEventReader dlq = CloudEventReader.fromBeginning(bootstrap,
                    Topics.dlq(Topics.WEBHOOKS_PENDING))) {
                // Refused (400) at once; 503 until the retry period (3 s here) has passed; 410 and what followed it.
                List<String> keys = new CopyOnWriteArrayList<>();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    dlq.readFor(Duration.ofMillis(200), e -> true).forEach(e -> keys.add(e.key()));
                    for (String sub : List.of(goneId, refusingId, downId)) {
                        for (String id : ids) {
                            assertThat(keys).contains(sub + "/" + id);
                        }
                    }
                });
            }
            assertThat(gone.received()).hasSize(1); // off after the first 410: the call's second event never went
            assertThat(refusing.received()).hasSize(2);
            assertThat(down.received().size()).isGreaterThan(3);
            api().get("/api/subscriptions/" + downId + "/failures")
                    .then()
                    .body("state", org.hamcrest.Matchers.everyItem(equalTo("dead-lettered")))
                    .body("error", org.hamcrest.Matchers.everyItem(equalTo("HTTP 503")));
            api().get("/api/subscriptions/" + refusingId + "/failures")
                    .then()
                    .body("state", org.hamcrest.Matchers.everyItem(equalTo("refused")));
            // Re-enabled by replacing it: events flow again.
            gone.answering(r -> 204);
            api().body("{\"url\": \"%s\", \"events\": [\"call.ended\"]}".formatted(gone.url("/")))
                    .put("/api/subscriptions/" + goneId)
                    .then()
                    .statusCode(200)
                    .body("enabled", equalTo(true));
            String again = publishEnded(callSid()).get(0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> gone.accepted()
                            .stream()
                            .anyMatch(r -> r.eventId().equals(again) && r.signedWith(SECRET)));
            for (String sub : List.of(goneId, refusingId, downId)) {
                api().delete("/api/subscriptions/" + sub).then().statusCode(204);
            }
        }
    }

    @Test
    void subscriptionsAreCheckedAndTheirSecretsNeverShown() {
        api().body("{\"url\": \"http://crm.example.com/hook\", \"events\": [\"call.endd\", \"call.dial\"],"
                + " \"secret\": \"short\", \"color\": 1}")
                .post("/api/subscriptions")
                .then()
                .statusCode(422)
                .body("error", equalTo("invalid-subscription"))
                .body("problems.field", org.hamcrest.Matchers.containsInAnyOrder("color", "url", "events[0]",
                        "events[1]", "secret"));
        // Without a secret one is generated and shown once.
        var created = api().header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"url\": \"https://crm.example.com/hook\", \"events\": [\"message.*\", \"transcript.turn\"]}")
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String id = created.getString("id");
        assertThat(created.getString("secret")).startsWith("whsec_").hasSizeGreaterThan(40);
        api().get("/api/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("secretSet", equalTo(true))
                .body("$", not(hasKey("secret")));
        api().get("/api/subscriptions")
                .then()
                .statusCode(200)
                .body("find { it.id == '" + id + "' }.events", org.hamcrest.Matchers.contains("message.*",
                        "transcript.turn"))
                .body("secret", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
        given().contentType(ContentType.JSON).get("/api/subscriptions").then().statusCode(401);
        api().delete("/api/subscriptions/" + id).then().statusCode(204);
        api().get("/api/subscriptions/" + id).then().statusCode(404);
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Accepts connections and never answers: a receiver that hangs. */
    static final class DeadReceiver implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        DeadReceiver() throws IOException {
            socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "dead-receiver");
            accept.setDaemon(true);
            accept.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/never";
        }

        @Override
        public void close() {
            try {
                socket.close();
                for (Socket s : held) {
                    s.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
