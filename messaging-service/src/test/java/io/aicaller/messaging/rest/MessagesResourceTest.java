package io.aicaller.messaging.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import io.aicaller.events.EventType;
import io.aicaller.events.MessageReceived;
import io.aicaller.events.MessageStatusChanged;
import io.aicaller.events.Topics;
import io.aicaller.messaging.support.Events;
import io.aicaller.messaging.support.MessagingTestResource;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.EventSchemas;
import io.aicaller.testkit.KafkaBroker;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.SharedKafka;
import io.aicaller.testkit.TwilioFakeTestResource.InjectKafkaBootstrap;
import io.aicaller.testkit.TwilioFakeTestResource.InjectTwilioFake;
import io.aicaller.testkit.twilio.RecordedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioRestFake;

@QuarkusTest
@WithTestResource(MessagingTestResource.class)
class MessagesResourceTest {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final String OUR_NUMBER = "+14155550123";

    @InjectTwilioFake
    TwilioRestFake twilio;

    @InjectKafkaBootstrap
    String bootstrap;

    static RequestSpecification api() {
        return given().auth().oauth2(MessagingTestResource.API_TOKEN).contentType(ContentType.JSON);
    }

    static int recipient = 100;

    /** A fresh recipient per test, so opt-outs of one test never touch another. */
    static synchronized String newRecipient() {
        return "+1415555" + String.format("%04d", 1000 + recipient++);
    }

    @BeforeEach
    void clean() {
        twilio.clearRequests();
    }

    List<RecordedRequest> sends() {
        return twilio.requests("POST", "/Messages.json");
    }

    @Test
    void aBodyThatIsNotJsonIsA400ThatSaysSo() {
        api().body("{\"to\": ")
                .post("/api/messages")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid-json"))
                .body("message", containsString("JSON"));
        api().body("[1, 2]").post("/api/messages").then().statusCode(400).body("error", equalTo("invalid-json"));
    }

    @Test
    void sendsThroughTwilioWithTheStatusCallbackAndPublishesMessageSent() {
        String to = newRecipient();
        String key = UUID.randomUUID().toString();
        String sid = api().header("Idempotency-Key", key)
                .body(Map.of("to", to, "body", "Your table is ready {2 people}"))
                .post("/api/messages")
                .then()
                .statusCode(201)
                .body("requestId", equalTo(key))
                .body("messageSid", startsWith("SM"))
                .body("status", equalTo("queued"))
                .body("from", equalTo(MessagingTestResource.DEFAULT_FROM))
                .body("segments", equalTo(1))
                .body("encoding", equalTo("GSM-7"))
                .extract()
                .path("messageSid");

        RecordedRequest sent = sends().get(0);
        assertThat(sent.formValue("To")).isEqualTo(to);
        assertThat(sent.formValue("From")).isEqualTo(MessagingTestResource.DEFAULT_FROM);
        assertThat(sent.formValue("Body")).isEqualTo("Your table is ready {2 people}");
        assertThat(sent.formValue("StatusCallback")).isEqualTo(MessagingTestResource.GATEWAY
                + "/webhooks/twilio/sms-status");

        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.MESSAGES_EVENTS)) {
            ReceivedEvent event = reader.await(1, TIMEOUT, e -> sid.equals(e.subject())).get(0);
            assertThat(event.type()).isEqualTo(EventType.MESSAGE_SENT.ceType());
            assertThat(event.json().get("requestId").asText()).isEqualTo(key);
            assertThat(event.json().get("segments").asInt()).isEqualTo(1);
            assertThat(event.json().get("encoding").asText()).isEqualTo("GSM-7");
        }
    }

    @Test
    void anMmsCarriesEachMediaUrlAndALongUnicodeBodyIsCountedInUcs2Parts() {
        String body = "Voilà 👍 ".repeat(12);
        api().body(Map.of("to", newRecipient(), "from", OUR_NUMBER, "body", body, "mediaUrls",
                List.of("https://cdn.example.com/a.jpg", "https://cdn.example.com/b.png")))
                .post("/api/messages")
                .then()
                .statusCode(201)
                .body("messageSid", startsWith("MM"))
                .body("from", equalTo(OUR_NUMBER))
                .body("encoding", equalTo("UCS-2"))
                .body("segments", equalTo(2))
                .body("mediaCount", equalTo(2));
        RecordedRequest sent = sends().get(0);
        assertThat(sent.formValues("MediaUrl")).containsExactly("https://cdn.example.com/a.jpg",
                "https://cdn.example.com/b.png");
        assertThat(sent.formValue("From")).isEqualTo(OUR_NUMBER);
    }

    @Test
    void theSameIdempotencyKeySendsOnceAndRepeatsTheAnswer() {
        String to = newRecipient();
        String key = "order-42-confirmation";
        String first = api().header("Idempotency-Key", key)
                .body(Map.of("to", to, "body", "Order 42 confirmed"))
                .post("/api/messages")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "false")
                .extract()
                .path("messageSid");
        String again = api().header("Idempotency-Key", key)
                .body(Map.of("to", to, "body", "Order 42 confirmed"))
                .post("/api/messages")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .extract()
                .path("messageSid");
        assertThat(again).isEqualTo(first);
        assertThat(sends()).hasSize(1);
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndTwilioIsNeverCalled() {
        String to = newRecipient();
        refused(Map.of("to", "415-555-0100", "body", "hi"), "invalid-number", "E.164");
        refused(Map.of("to", to, "body", ""), "invalid-body", "body");
        refused(Map.of("to", to, "body", "x".repeat(1601)), "invalid-body", "1601");
        refused(Map.of("to", to, "body", "hi", "mediaUrls",
                Collections.nCopies(11, "https://cdn.example.com/a.jpg")), "invalid-media", "at most 10");
        refused(Map.of("to", to, "body", "hi", "mediaUrls", List.of("http://cdn.example.com/a.jpg")),
                "invalid-media", "https");
        refused(Map.of("to", to, "body", "hi", "statusCallback", "ftp://elsewhere.test/cb"), "invalid-callback",
                "statusCallback");
        assertThat(sends()).isEmpty();
        api().body(Map.of("to", to, "body", "x".repeat(1600))).post("/api/messages").then().statusCode(201);
    }

    void refused(Map<String, Object> body, String error, String messagePart) {
        api().body(body)
                .post("/api/messages")
                .then()
                .statusCode(400)
                .body("error", equalTo(error))
                .body("message", containsString(messagePart));
    }

    @Test
    void stopRefusesTheNextSendWithoutCallingTwilioAndStartEnablesItAgain() {
        String to = newRecipient();
        inbound(to, " stop ");
        awaitOptOut(to, true);

        String key = UUID.randomUUID().toString();
        api().header("Idempotency-Key", key)
                .body(Map.of("to", to, "body", "Last chance!"))
                .post("/api/messages")
                .then()
                .statusCode(400)
                .body("error", equalTo("opted-out"));
        assertThat(sends()).isEmpty();
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.MESSAGES_EVENTS)) {
            ReceivedEvent refused = reader.await(1, TIMEOUT, e -> key.equals(e.subject())).get(0);
            assertThat(refused.type()).isEqualTo(EventType.MESSAGE_REFUSED.ceType());
            assertThat(refused.json().get("reason").asText()).isEqualTo("opted-out");
        }
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.MESSAGES_OPT_OUTS)) {
            ReceivedEvent change = reader.await(1, TIMEOUT, e -> to.equals(e.key())).get(0);
            assertThat(change.json().get("optedOut").asBoolean()).isTrue();
            assertThat(change.json().get("keyword").asText()).isEqualTo("STOP");
        }

        inbound(to, "START");
        awaitOptOut(to, false);
        api().body(Map.of("to", to, "body", "Welcome back")).post("/api/messages").then().statusCode(201);
        assertThat(sends()).hasSize(1);
    }

    @Test
    void helpAndSentencesWithStopInThemChangeNothing() {
        String to = newRecipient();
        inbound(to, "HELP");
        inbound(to, "please stop calling me");
        inbound(to, "STOP");
        awaitOptOut(to, true);
        // Messages are handled in order: had HELP or the sentence opted out, STOP would not be the keyword.
        api().get("/api/opt-outs/" + to).then().body("keyword", equalTo("STOP"));
    }

    @Test
    void twilio21610IsPermanentNotRetriedAndRecordedAsAnOptOut() {
        String to = newRecipient();
        twilio.optOut(to);
        api().body(Map.of("to", to, "body", "Promo"))
                .post("/api/messages")
                .then()
                .statusCode(400)
                .body("error", equalTo("opted-out"))
                .body("twilioCode", equalTo(21610));
        assertThat(sends()).hasSize(1);
        api().get("/api/opt-outs/" + to)
                .then()
                .statusCode(200)
                .body("optedOut", equalTo(true))
                .body("keyword", equalTo("twilio-21610"));
        // Known now: the next send is refused before Twilio.
        api().body(Map.of("to", to, "body", "Promo 2")).post("/api/messages").then().statusCode(400);
        assertThat(sends()).hasSize(1);
    }

    @Test
    void a429IsRetriedWithBackoffUntilTwilioAccepts() {
        twilio.failNext("POST", "/Messages.json", 2, 429, 20429, "Too Many Requests");
        api().body(Map.of("to", newRecipient(), "body", "Eventually"))
                .post("/api/messages")
                .then()
                .statusCode(201);
        assertThat(sends()).hasSize(3);
    }

    @Test
    void twilioStayingUnavailableIs503AndTheSameKeyCanBeRetriedLater() {
        String to = newRecipient();
        twilio.failNext("POST", "/Messages.json", 100, 503, 20503, "Service Unavailable");
        String key = UUID.randomUUID().toString();
        api().header("Idempotency-Key", key)
                .body(Map.of("to", to, "body", "Later"))
                .post("/api/messages")
                .then()
                .statusCode(503)
                .body("error", equalTo("unavailable"));
        // twilio-java repeats a 5xx a few times itself; our backoff then tries again several times.
        int attempts = sends().size();
        assertThat(attempts).isGreaterThanOrEqualTo(5);
        twilio.clearScriptedErrors();
        api().header("Idempotency-Key", key)
                .body(Map.of("to", to, "body", "Later"))
                .post("/api/messages")
                .then()
                .statusCode(201);
        assertThat(sends()).hasSize(attempts + 1);
    }

    @Test
    void otherTwilioRefusalsCarryTwilioCodeAndMessage() {
        twilio.failNext("POST", "/Messages.json", 1, 400, 21211, "Invalid 'To' Phone Number");
        api().body(Map.of("to", newRecipient(), "body", "hi"))
                .post("/api/messages")
                .then()
                .statusCode(400)
                .body("error", equalTo("twilio-error"))
                .body("twilioCode", equalTo(21211))
                .body("message", containsString("Invalid 'To'"));
        assertThat(sends()).hasSize(1);
    }

    @Test
    void aMessageTwilioAcceptedWhileKafkaIsDownIsAnswered201AndItsEventFollows() throws Exception {
        KafkaBroker broker = SharedKafka.embeddedBroker();
        Assumptions.assumeTrue(broker != null, "needs the embedded broker to stop it");
        String key = UUID.randomUUID().toString();
        String to = newRecipient();
        AtomicBoolean armed = new AtomicBoolean(true);
        twilio.onMessageCreated(message -> {
            if (armed.getAndSet(false)) {
                broker.stop(); // the key was claimed and Twilio has the message: Kafka goes before message.sent
            }
        });
        String sid;
        try {
            sid = api().header("Idempotency-Key", key)
                    .body(Map.of("to", to, "body", "Sent during an outage"))
                    .post("/api/messages")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("messageSid");
            // The retry is answered with the first outcome: nothing is sent twice.
            api().header("Idempotency-Key", key)
                    .body(Map.of("to", to, "body", "Sent during an outage"))
                    .post("/api/messages")
                    .then()
                    .statusCode(200)
                    .body("messageSid", equalTo(sid));
            assertThat(sends()).hasSize(1);

            // A new key cannot be claimed while the broker is away: refused, and nothing is sent.
            api().header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("to", to, "body", "Not now"))
                    .post("/api/messages")
                    .then()
                    .statusCode(503)
                    .body("message", containsString("nothing was sent"));
            assertThat(sends()).hasSize(1);
        } finally {
            broker.restart();
        }
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.MESSAGES_EVENTS)) {
            ReceivedEvent sent = reader.await(1, Duration.ofSeconds(60), e -> sid.equals(e.subject())).get(0);
            assertThat(sent.type()).isEqualTo(EventType.MESSAGE_SENT.ceType());
            assertThat(sent.json().path("requestId").asText()).isEqualTo(key);
        }
    }

    @Test
    void twoRequestsWithOneKeyAtTheSameInstantSendOneMessage() throws Exception {
        String to = newRecipient();
        String key = UUID.randomUUID().toString();
        int requests = 6;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return api().header("Idempotency-Key", key)
                        .body(Map.of("to", to, "body", "Once"))
                        .post("/api/messages")
                        .statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        assertThat(sends()).hasSize(1);
        assertThat(statuses).isSubsetOf(201, 200, 409).containsOnlyOnce(201);
    }

    @Test
    void aRefusalTwilioGaveNoMessageStillMatchesTheEventSchema() {
        twilio.failNext("POST", "/Messages.json", 1, 400, 21408, null);
        String key = UUID.randomUUID().toString();
        api().header("Idempotency-Key", key)
                .body(Map.of("to", newRecipient(), "body", "hi"))
                .post("/api/messages")
                .then()
                .statusCode(400)
                .body("twilioCode", equalTo(21408));
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.MESSAGES_EVENTS)) {
            ReceivedEvent refused = reader.await(1, TIMEOUT, e -> key.equals(e.subject())).get(0);
            assertThat(EventSchemas.violations(refused.type(), refused.value())).isEmpty();
            assertThat(refused.json().get("message").asText()).contains("21408");
        }
    }

    @Test
    void statusReportsFromTheGatewayUpdateWhatGetReports() {
        String sid = api().body(Map.of("to", newRecipient(), "body", "Track me"))
                .post("/api/messages")
                .then()
                .statusCode(201)
                .extract()
                .path("messageSid");
        api().get("/api/messages/" + sid)
                .then()
                .statusCode(200)
                .body("status", equalTo("queued"))
                .body("segments", equalTo(1));
        Events.send(bootstrap, new MessageStatusChanged(sid, "delivered", null, null, Instant.now()));
        Awaitility.await()
                .atMost(TIMEOUT)
                .untilAsserted(() -> api().get("/api/messages/" + sid).then().body("status", equalTo("delivered")));
        // A late "sent" report never moves it back.
        Events.send(bootstrap, new MessageStatusChanged(sid, "sent", null, null, Instant.now()));
        Events.send(bootstrap, new MessageStatusChanged(sid, "delivered", null, null, Instant.now()));
        api().get("/api/messages/" + sid).then().body("status", equalTo("delivered"));
        assertThat(twilio.requests("GET", sid + ".json")).isEmpty();
    }

    @Test
    void deliveryReportsAreForwardedToTheRequestersStatusCallback() throws Exception {
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer crm = com.sun.net.httpserver.HttpServer
                .create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/sms-status", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        crm.start();
        try {
            String callback = "http://127.0.0.1:" + crm.getAddress().getPort() + "/sms-status";
            String sid = api().body(Map.of("to", newRecipient(), "body", "Tell me", "statusCallback", callback))
                    .post("/api/messages")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("messageSid");
            // Twilio still reports to the gateway, so this service knows the status too.
            assertThat(sends().get(0).formValue("StatusCallback")).endsWith("/webhooks/twilio/sms-status");
            Events.send(bootstrap, new MessageStatusChanged(sid, "undelivered", 30006, null, Instant.now()));
            String forwarded = received.poll(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(forwarded).contains("MessageSid=" + sid, "MessageStatus=undelivered", "ErrorCode=30006");
            api().get("/api/messages/" + sid)
                    .then()
                    .body("status", equalTo("undelivered"))
                    .body("statusCallback", equalTo(callback));
        } finally {
            crm.stop(0);
        }
    }

    @Test
    void anUnknownMessageIsFetchedFromTwilio() {
        // Sent by something else: Twilio knows it, this service does not.
        String sid = given().auth()
                .preemptive()
                .basic(twilio.accountSid(), MessagingTestResource.AUTH_TOKEN)
                .formParam("To", newRecipient())
                .formParam("From", OUR_NUMBER)
                .formParam("Body", "Sent from the console")
                .post(twilio.baseUrl() + "/2010-04-01/Accounts/" + twilio.accountSid() + "/Messages.json")
                .then()
                .statusCode(201)
                .extract()
                .path("sid");
        twilio.setMessageStatus(sid, "undelivered", 30003);
        api().get("/api/messages/" + sid)
                .then()
                .statusCode(200)
                .body("status", equalTo("undelivered"))
                .body("errorCode", equalTo(30003))
                .body("direction", equalTo("outbound-api"))
                .body("segments", equalTo(1));
        api().get("/api/messages/" + sid).then().statusCode(200);
        assertThat(twilio.requests("GET", sid + ".json")).hasSize(1);

        String unknown = TwilioRequests.sid("SM");
        api().get("/api/messages/" + unknown).then().statusCode(404).body("twilioCode", equalTo(20404));
        api().get("/api/messages/not-a-sid").then().statusCode(400);
    }

    @Test
    void theApiNeedsTheBearerToken() {
        given().contentType(ContentType.JSON)
                .body(Map.of("to", newRecipient(), "body", "hi"))
                .post("/api/messages")
                .then()
                .statusCode(401);
        assertThat(sends()).isEmpty();
    }

    @Test
    void segmentsCanBePreviewed() {
        api().body(Map.of("body", "€".repeat(80) + "a"))
                .post("/api/messages/segments")
                .then()
                .statusCode(200)
                .body("encoding", equalTo("GSM-7"))
                .body("segments", equalTo(2))
                .body("units", equalTo(161));
    }

    void inbound(String from, String body) {
        Events.send(bootstrap, new MessageReceived(TwilioRequests.sid("SM"), from, OUR_NUMBER, body, List.of(), null,
                Instant.now(), twilio.accountSid()));
    }

    void awaitOptOut(String number, boolean optedOut) {
        Awaitility.await()
                .atMost(TIMEOUT)
                .untilAsserted(() -> api().get("/api/opt-outs/" + number).then().body("optedOut", equalTo(optedOut)));
    }

    /** Every request the service sent through twilio-java used only the form parameters Twilio's spec defines. */
    @AfterEach
    void sentTwilioOnlyWhatItsSpecDefines() {
        assertThat(twilio.violations()).isEmpty();
    }
}
