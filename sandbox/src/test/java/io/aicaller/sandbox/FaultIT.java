package io.aicaller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.sandbox.local.LocalSuite;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.WebhookReceiver;
import io.aicaller.testkit.twilio.SignedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * The packaged suite under a 30-second broker outage with a burst of signed webhooks and keyed API calls, and the
 * gateway SIGKILLed in the middle of it. Afterwards every webhook the gateway acknowledged has its event on Kafka
 * (once by CloudEvents id), the emulated Twilio API saw each call and SMS once, and the STOP sent during the outage
 * took effect. Prints the figures (acknowledged, lost, duplicates, drain time) for RELIABILITY.md.
 */
@ExtendWith(PackagedSuite.class)
class FaultIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final Duration KILL_AFTER = Duration.ofSeconds(12);
    static final String OUR_NUMBER = "+14155550100";
    static LocalSuite suite;

    @BeforeAll
    static void startSuite(LocalSuite shared) {
        suite = shared;
    }

    /** A webhook the gateway answered 2xx: its event must reach Kafka. */
    record Acked(String subject, String ceType, String what) {
    }

    @Test
    void aThirtySecondOutageAndAKilledGatewayLoseNothingAndRepeatNothing() throws Exception {
        String stopper = "+1415555" + String.format("%04d", 9000 + (int) (Math.random() * 999));
        List<String> dialTo = List.of("+14155550201", "+14155550202", "+14155550203");
        List<String> textTo = List.of("+14155550301", "+14155550302", "+14155550303");
        Map<String, String> dialKeys = new LinkedHashMap<>();
        Map<String, String> textKeys = new LinkedHashMap<>();
        dialTo.forEach(to -> dialKeys.put(to, UUID.randomUUID().toString()));
        textTo.forEach(to -> textKeys.put(to, UUID.randomUUID().toString()));

        List<Acked> acked = new ArrayList<>();
        int refused = 0;
        int unreachable = 0;
        Map<String, Integer> apiDuringOutage = new ConcurrentHashMap<>();

        suite.stopKafka();
        long outageStart = System.nanoTime();
        // Keyed API calls while the broker is away, beside the burst: refused before Twilio, nothing sent.
        ExecutorService clients = Executors.newFixedThreadPool(6);
        for (String to : dialTo) {
            clients.execute(() -> apiDuringOutage.merge("dial " + api("webhook-gateway", "/api/calls",
                    dialKeys.get(to), dial(to)), 1, Integer::sum));
        }
        for (String to : textTo) {
            clients.execute(() -> apiDuringOutage.merge("sms " + api("messaging-service", "/api/messages",
                    textKeys.get(to), text(to, "order ready")), 1, Integer::sum));
        }
        clients.shutdown();
        AtomicBoolean killed = new AtomicBoolean();
        int i = 0;
        while (System.nanoTime() - outageStart < OUTAGE.toNanos()) {
            if (!killed.get() && System.nanoTime() - outageStart > KILL_AFTER.toNanos()) {
                suite.kill("webhook-gateway"); // with whatever its outbox holds
                killed.set(true);
            }
            String callSid = TwilioRequests.sid("CA");
            String caller = "+1415556" + String.format("%04d", i);
            var voice = TwilioRequests.incomingCall()
                    .callSid(callSid)
                    .from(caller)
                    .to(OUR_NUMBER)
                    .param("AccountSid", LocalSuite.ACCOUNT_SID);
            var status = TwilioRequests.callStatus(callSid, "completed", 1)
                    .from(caller)
                    .to(OUR_NUMBER)
                    .param("AccountSid", LocalSuite.ACCOUNT_SID);
            String smsSid = TwilioRequests.sid("SM");
            var sms = TwilioRequests.incomingSms()
                    .param("MessageSid", smsSid)
                    .param("AccountSid", LocalSuite.ACCOUNT_SID)
                    .from(i == 3 ? stopper : caller)
                    .to(OUR_NUMBER)
                    .param("Body", i == 3 ? "STOP" : "hello " + i);
            for (var webhook : List.of(
                    new Object[]{voice, callSid, EventType.CALL_RECEIVED.ceType(), "voice"},
                    new Object[]{status, callSid, EventType.CALL_STATUS_CHANGED.ceType(), "status"},
                    new Object[]{sms, smsSid, EventType.MESSAGE_RECEIVED.ceType(), "sms"})) {
                int code = post(((TwilioRequests.Builder) webhook[0]).signedWith(LocalSuite.AUTH_TOKEN,
                        suite.publicUrl()));
                if (code >= 200 && code < 300) {
                    acked.add(new Acked((String) webhook[1], (String) webhook[2], (String) webhook[3]));
                } else if (code < 0) {
                    unreachable++;
                } else {
                    refused++;
                }
            }
            i++;
            Thread.sleep(50);
        }
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        long backAt = System.nanoTime();
        suite.startKafka();
        suite.restart("webhook-gateway", Duration.ofSeconds(120)); // its outbox is drained on start
        long readyAt = System.nanoTime();
        assertThat(acked).as("webhooks acknowledged while Kafka was down").hasSizeGreaterThan(30);
        assertThat(apiDuringOutage.keySet()).as("keyed API calls during the outage")
                .allMatch(k -> k.endsWith(" 503") || k.endsWith(" -1"));

        // Each keyed API call is retried by its client until it succeeds; the retry after that is a replay.
        for (String to : dialTo) {
            assertThat(retryUntilDone("webhook-gateway", "/api/calls", dialKeys.get(to), dial(to)))
                    .isEqualTo(201);
            assertThat(api("webhook-gateway", "/api/calls", dialKeys.get(to), dial(to)))
                    .isEqualTo(200);
        }
        for (String to : textTo) {
            String body = text(to, "order ready");
            assertThat(retryUntilDone("messaging-service", "/api/messages", textKeys.get(to), body)).isEqualTo(201);
            assertThat(api("messaging-service", "/api/messages", textKeys.get(to), body)).isEqualTo(200);
        }

        // Every acknowledged webhook's event is on Kafka, under one CloudEvents id.
        Set<String> subjects = acked.stream().map(Acked::subject).collect(Collectors.toSet());
        List<ReceivedEvent> events = new ArrayList<>();
        long drainedAt;
        try (CloudEventReader calls = CloudEventReader.fromBeginning(suite.kafka(), Topics.CALLS_LIFECYCLE);
                CloudEventReader messages = CloudEventReader.fromBeginning(suite.kafka(), Topics.MESSAGES_EVENTS)) {
            long callsAcked = acked.stream().filter(a -> !a.what().equals("sms")).count();
            events.addAll(calls.await((int) callsAcked, Duration.ofSeconds(120),
                    e -> subjects.contains(e.subject()) && (EventType.CALL_RECEIVED.ceType().equals(e.type())
                            || EventType.CALL_STATUS_CHANGED.ceType().equals(e.type()))));
            events.addAll(messages.await((int) (acked.size() - callsAcked), Duration.ofSeconds(120),
                    e -> subjects.contains(e.subject()) && EventType.MESSAGE_RECEIVED.ceType().equals(e.type())));
            drainedAt = System.nanoTime();
            // Anything more that comes (a repeat) within a few seconds is counted too.
            events.clear();
            events.addAll(calls.readFor(Duration.ofSeconds(3), e -> subjects.contains(e.subject())
                    && (EventType.CALL_RECEIVED.ceType().equals(e.type())
                            || EventType.CALL_STATUS_CHANGED.ceType().equals(e.type()))));
            events.addAll(messages.readFor(Duration.ofSeconds(1), e -> subjects.contains(e.subject())
                    && EventType.MESSAGE_RECEIVED.ceType().equals(e.type())));
        }
        Map<String, Set<String>> idsByWebhook = new HashMap<>();
        for (ReceivedEvent e : events) {
            idsByWebhook.computeIfAbsent(e.subject() + " " + e.type(), k -> new java.util.HashSet<>()).add(e.id());
        }
        List<String> lost = acked.stream()
                .map(a -> a.subject() + " " + a.ceType())
                .filter(k -> !idsByWebhook.containsKey(k))
                .toList();
        List<String> twice = idsByWebhook.entrySet()
                .stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .toList();
        long repeatedRecords = events.size() - idsByWebhook.values().stream().mapToInt(Set::size).sum();

        // The emulated Twilio API saw each keyed call and SMS once; the STOP took effect.
        JsonNode placed = SuiteJson.get(suite.url("sandbox") + "/sandbox/calls");
        JsonNode sent = SuiteJson.get(suite.url("sandbox") + "/sandbox/messages");
        Map<String, Long> callsTo = count(placed, "to", dialTo);
        Map<String, Long> textsTo = count(sent, "to", textTo);
        JsonNode optOut = awaitOptOut(stopper);
        int refusedToStopper = api("messaging-service", "/api/messages", UUID.randomUUID().toString(),
                text(stopper, "campaign"));

        System.out.printf("%nFAULT RUN: outage %d s, gateway SIGKILLed at %d s; webhooks sent %d, acknowledged %d,"
                + " refused %d, unreachable (gateway dead) %d; keyed API calls during the outage %s%n",
                OUTAGE.toSeconds(), KILL_AFTER.toSeconds(), acked.size() + refused + unreachable, acked.size(), refused,
                unreachable, apiDuringOutage);
        System.out.printf("FAULT RUN: events lost %d, webhooks under two ids %d, repeated records (same id) %d;"
                + " calls per keyed dial %s, SMS per keyed send %s; STOP %s; broker back to gateway ready %.1f s,"
                + " to every event on Kafka (after the API retries) %.1f s%n%n", lost.size(), twice.size(),
                repeatedRecords, callsTo.values(),
                textsTo.values(), optOut.path("optedOut"), (readyAt - backAt) / 1e9, (drainedAt - backAt) / 1e9);

        assertThat(lost).as("acknowledged webhooks whose event is missing").isEmpty();
        assertThat(twice).as("webhooks published under two ids").isEmpty();
        assertThat(callsTo.values()).as("calls per keyed dial").containsOnly(1L);
        assertThat(textsTo.values()).as("SMS per keyed send").containsOnly(1L);
        assertThat(optOut.path("optedOut").asBoolean()).as("the STOP sent during the outage").isTrue();
        assertThat(refusedToStopper).isEqualTo(400);
        assertThat(count(SuiteJson.get(suite.url("sandbox") + "/sandbox/messages"), "to", List.of(stopper)).values())
                .containsOnly(0L);
    }

    @Test
    void aReceiverDownWhileTheNumbersServiceIsKilledMidRetryGetsEveryEventOnceAfterwards() throws Exception {
        String secret = "fault-webhook-secret-0123456789";
        AtomicBoolean up = new AtomicBoolean();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answering(r -> up.get() ? 200 : 503);
            String subscription = "fault-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(api("numbers-service", "/api/subscriptions", UUID.randomUUID().toString(),
                    "{\"id\": \"%s\", \"url\": \"%s\", \"events\": [\"call.*\"], \"secret\": \"%s\"}"
                            .formatted(subscription, receiver.url("/hooks"), secret)))
                    .isEqualTo(201);
            List<String> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String callSid = TwilioRequests.sid("CA");
                calls.add(callSid);
                assertThat(post(TwilioRequests.callStatus(callSid, "completed", 1)
                        .from("+1415557" + String.format("%04d", i))
                        .to(OUR_NUMBER)
                        .param("AccountSid", LocalSuite.ACCOUNT_SID)
                        .signedWith(LocalSuite.AUTH_TOKEN, suite.publicUrl()))).isBetween(200, 299);
            }
            // Each call's first event has been refused at least once: the service is retrying when it is killed.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (receiver.received()
                    .stream()
                    .map(r -> r.event().path("subject").asText())
                    .distinct()
                    .filter(calls::contains)
                    .count() < calls.size() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            int refusedBeforeKill = receiver.received().size();
            suite.kill("numbers-service");
            suite.restart("numbers-service", Duration.ofSeconds(120));
            up.set(true);

            List<ReceivedEvent> owed;
            try (CloudEventReader lifecycle = CloudEventReader.fromBeginning(suite.kafka(), Topics.CALLS_LIFECYCLE)) {
                owed = lifecycle.readFor(Duration.ofSeconds(2), e -> calls.contains(e.subject()));
            }
            Set<String> owedIds = owed.stream().map(ReceivedEvent::id).collect(Collectors.toSet());
            deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!receiver.accepted()
                    .stream()
                    .map(WebhookReceiver.Received::eventId)
                    .collect(Collectors.toSet())
                    .containsAll(owedIds) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            List<String> accepted = receiver.accepted()
                    .stream()
                    .filter(r -> calls.contains(r.event().path("subject").asText()))
                    .map(WebhookReceiver.Received::eventId)
                    .toList();
            System.out.printf("%nFAULT RUN (webhooks): %d events owed to a receiver answering 503, %d attempts refused"
                    + " before numbers-service was SIGKILLed; after its restart %d delivered, %d twice%n%n",
                    owedIds.size(), refusedBeforeKill, accepted.size(), accepted.size() - Set.copyOf(accepted).size());
            assertThat(owedIds).as("call events of the five calls").hasSizeGreaterThanOrEqualTo(calls.size());
            assertThat(refusedBeforeKill).isGreaterThanOrEqualTo(calls.size());
            assertThat(accepted).as("delivered after the restart, each once")
                    .containsExactlyInAnyOrderElementsOf(
                            owedIds);
            assertThat(receiver.accepted()).allMatch(r -> r.signedWith(secret));
            HttpResponse<Void> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("numbers-service")
                    + "/api/subscriptions/" + subscription))
                    .header("Authorization", "Bearer " + LocalSuite.API_TOKEN)
                    .DELETE()
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertThat(deleted.statusCode()).isEqualTo(204);
        }
    }

    static String dial(String to) {
        return "{\"to\":\"" + to + "\",\"from\":\"" + OUR_NUMBER + "\"}";
    }

    static String text(String to, String body) {
        return "{\"to\":\"" + to + "\",\"from\":\"" + OUR_NUMBER + "\",\"body\":\"" + body + "\"}";
    }

    static int post(SignedRequest request) {
        String form = request.form()
                .entrySet()
                .stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("webhook-gateway") + request.pathAndQuery()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", request.signature())
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1; // nobody answered: not acknowledged, so Twilio would retry or use the fallback URL
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The status of a keyed API request; -1 when nobody answered (the service was down). */
    static int api(String service, String path, String key, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(suite.url(service) + path))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + LocalSuite.API_TOKEN)
                    .header("Idempotency-Key", key)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static int retryUntilDone(String service, String path, String key, String body) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = api(service, path, key, body);
            if (status == 201 || status == 200 || (status >= 400 && status < 500 && status != 409 && status != 429)) {
                return status;
            }
            Thread.sleep(1000);
        }
        return status;
    }

    static JsonNode awaitOptOut(String number) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode state = JSON.createObjectNode();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("messaging-service")
                    + "/api/opt-outs/" + URLEncoder.encode(number, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + LocalSuite.API_TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString());
            state = JSON.readTree(answer.body());
            if (state.path("optedOut").asBoolean()) {
                return state;
            }
            Thread.sleep(500);
        }
        return state;
    }

    static Map<String, Long> count(JsonNode list, String field, List<String> values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        values.forEach(v -> counts.put(v, 0L));
        for (JsonNode item : list) {
            counts.computeIfPresent(item.path(field).asText(), (k, n) -> n + 1);
        }
        return counts;
    }
}
