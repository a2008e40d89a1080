package io.aicaller.numbers.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.numbers.support.NumbersTestResource;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.KafkaBroker;
import io.aicaller.testkit.ReceivedEvent;
import io.aicaller.testkit.SharedKafka;
import io.aicaller.testkit.TwilioFakeTestResource.InjectKafkaBootstrap;
import io.aicaller.testkit.TwilioFakeTestResource.InjectTwilioFake;
import io.aicaller.testkit.twilio.RecordedRequest;
import io.aicaller.testkit.twilio.TwilioRestFake;

@QuarkusTest
@WithTestResource(NumbersTestResource.class)
class NumbersResourceTest {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    @InjectTwilioFake
    TwilioRestFake twilio;

    @InjectKafkaBootstrap
    String bootstrap;

    static RequestSpecification api() {
        return given().auth().oauth2(NumbersTestResource.API_TOKEN).contentType(ContentType.JSON);
    }

    @BeforeEach
    void clean() {
        for (var number : twilio.incomingNumbers()) {
            api().queryParam("confirm", number.get("phone_number").asText())
                    .delete("/api/numbers/" + number.get("sid").asText());
        }
        twilio.clearRequests();
    }

    @Test
    void searchPassesTheFiltersToTwilioWithALimit() {
        api().queryParam("country", "us")
                .queryParam("areaCode", "415")
                .queryParam("contains", "555")
                .queryParam("sms", true)
                .queryParam("limit", 5)
                .get("/api/numbers/available")
                .then()
                .statusCode(200)
                .body("$", hasSize(5))
                .body("[0].phoneNumber", containsString("+1415555"))
                .body("[0].voice", equalTo(true));
        RecordedRequest search = twilio.requests("GET", "/AvailablePhoneNumbers/US/Local.json").get(0);
        assertThat(search.queryValue("AreaCode")).isEqualTo("415");
        assertThat(search.queryValue("Contains")).isEqualTo("555");
        assertThat(search.queryValue("SmsEnabled")).isEqualTo("true");
        assertThat(search.queryValue("PageSize")).isEqualTo("5");

        api().queryParam("type", "toll-free")
                .get("/api/numbers/available")
                .then()
                .statusCode(200)
                .body("$", hasSize(20));
        assertThat(twilio.requests("GET", "/TollFree.json").get(0).queryValue("PageSize")).isEqualTo("20");
    }

    @Test
    void badSearchesAreRefusedBeforeTwilio() {
        api().queryParam("country", "XX")
                .get("/api/numbers/available")
                .then()
                .statusCode(400)
                .body("message", containsString("ISO 3166"));
        api().queryParam("limit", 500).get("/api/numbers/available").then().statusCode(400);
        api().queryParam("type", "premium").get("/api/numbers/available").then().statusCode(400);
        api().queryParam("areaCode", "41a").get("/api/numbers/available").then().statusCode(400);
        given().get("/api/numbers/available").then().statusCode(401);
        assertThat(twilio.requests()).isEmpty();
    }

    @Test
    void aDryRunShowsThePlanWithoutCallingTwilio() {
        api().queryParam("dryRun", true)
                .body(Map.of("phoneNumber", "+14155550101", "profile", "sales"))
                .post("/api/numbers")
                .then()
                .statusCode(200)
                .body("dryRun", equalTo(true))
                .body("profile", equalTo("sales"))
                .body("webhooks.voiceUrl", equalTo("https://gateway.test/webhooks/twilio/voice"));
        assertThat(twilio.requests()).isEmpty();
    }

    @Test
    void aNumberTwilioSoldWhileKafkaIsDownIsAnswered201AndItsEventsFollow() {
        KafkaBroker broker = SharedKafka.embeddedBroker();
        Assumptions.assumeTrue(broker != null, "needs the embedded broker to stop it");
        String sid;
        broker.stop();
        try {
            sid = api().body(Map.of("phoneNumber", "+14155550160", "profile", "support"))
                    .post("/api/numbers")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("number.sid");
        } finally {
            broker.restart();
        }
        List<ReceivedEvent> events;
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.NUMBERS_LIFECYCLE)) {
            events = reader.await(2, Duration.ofSeconds(60), e -> sid.equals(e.subject()));
        }
        assertThat(events).extracting(ReceivedEvent::type)
                .containsExactly(EventType.NUMBER_PURCHASED.ceType(),
                        EventType.NUMBER_CONFIGURED.ceType());
    }

    @Test
    void buyingConfiguresAllFourWebhooksAndPublishesTheAssignment() {
        String sid = api().body(Map.of("phoneNumber", "+14155550102", "profile", "support", "friendlyName", "Help"))
                .post("/api/numbers")
                .then()
                .statusCode(201)
                .body("number.pointsAtGateway", equalTo(true))
                .extract()
                .path("number.sid");
        RecordedRequest create = twilio.requests("POST", "/IncomingPhoneNumbers.json").get(0);
        assertThat(create.formValue("PhoneNumber")).isEqualTo("+14155550102");
        assertThat(create.formValue("VoiceUrl")).isEqualTo("https://gateway.test/webhooks/twilio/voice");
        assertThat(create.formValue("VoiceFallbackUrl"))
                .isEqualTo("https://gateway.test/webhooks/twilio/voice-fallback");
        assertThat(create.formValue("StatusCallback")).isEqualTo("https://gateway.test/webhooks/twilio/status");
        assertThat(create.formValue("SmsUrl")).isEqualTo("https://gateway.test/webhooks/twilio/sms");

        List<ReceivedEvent> events = lifecycle(sid, 2);
        assertThat(events).extracting(ReceivedEvent::type)
                .containsExactly(EventType.NUMBER_PURCHASED.ceType(),
                        EventType.NUMBER_CONFIGURED.ceType());
        assertThat(events.get(1).json().path("profile").asText()).isEqualTo("support");

        api().body(Map.of("profile", "sales"))
                .patch("/api/numbers/" + sid)
                .then()
                .statusCode(200)
                .body("profile", equalTo("sales"));
        assertThat(lifecycle(sid, 3).get(2).json().path("profile").asText()).isEqualTo("sales");
        api().get("/api/numbers/" + sid).then().statusCode(200).body("profile", equalTo("sales"));
        api().get("/api/numbers").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void theOwnedNumbersCapAndBadNumbersAreEnforced() {
        for (int i = 0; i < 3; i++) {
            twilio.addIncomingNumber("+1415555020" + i);
        }
        api().body(Map.of("phoneNumber", "+14155550210"))
                .post("/api/numbers")
                .then()
                .statusCode(409)
                .body("message", containsString("max-owned"));
        api().body(Map.of("phoneNumber", "4155550210")).post("/api/numbers").then().statusCode(400);
        assertThat(twilio.requests("POST", "/IncomingPhoneNumbers.json")).isEmpty();
    }

    @Test
    void releasingNeedsTheNumberAsConfirmation() {
        String sid = twilio.addIncomingNumber("+14155550301").get("sid").asText();
        api().delete("/api/numbers/" + sid).then().statusCode(400).body("message", containsString("confirm"));
        api().queryParam("confirm", "+14155550399").delete("/api/numbers/" + sid).then().statusCode(400);
        assertThat(twilio.incomingNumber(sid)).isNotNull();
        api().queryParam("confirm", "+14155550301").delete("/api/numbers/" + sid).then().statusCode(200);
        assertThat(twilio.incomingNumber(sid)).isNull();
        assertThat(lifecycle(sid, 1).get(0).type()).isEqualTo(EventType.NUMBER_RELEASED.ceType());
    }

    @Test
    void aRetriedPurchaseOrReleaseWithItsKeyReachesTwilioOnce() {
        String key = UUID.randomUUID().toString();
        String sid = api().header("Idempotency-Key", key)
                .body(Map.of("phoneNumber", "+14155550501", "profile", "support"))
                .post("/api/numbers")
                .then()
                .statusCode(201)
                .extract()
                .path("number.sid");
        api().header("Idempotency-Key", key)
                .body(Map.of("phoneNumber", "+14155550501", "profile", "support"))
                .post("/api/numbers")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("number.sid", equalTo(sid));
        api().header("Idempotency-Key", key)
                .body(Map.of("phoneNumber", "+14155550502", "profile", "support"))
                .post("/api/numbers")
                .then()
                .statusCode(422);
        assertThat(twilio.requests("POST", "/IncomingPhoneNumbers.json")).hasSize(1);

        String release = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            api().header("Idempotency-Key", release)
                    .queryParam("confirm", "+14155550501")
                    .delete("/api/numbers/" + sid)
                    .then()
                    .statusCode(200) // without the key, the retry would be a 404: the number is gone
                    .body("sid", equalTo(sid));
        }
        assertThat(twilio.requests("DELETE", "/IncomingPhoneNumbers/" + sid + ".json")).hasSize(1);
    }

    @Test
    void aBodyThatIsNotJsonIsA400ThatSaysSo() {
        api().body("{\"phoneNumber\": ")
                .post("/api/numbers")
                .then()
                .statusCode(400)
                .body("error", equalTo(
                        "invalid-json"))
                .body("message", containsString("JSON"));
        api().body("[1, 2]")
                .patch("/api/numbers/PN" + "0".repeat(32))
                .then()
                .statusCode(400)
                .body("error",
                        equalTo("invalid-json"));
    }

    @Test
    void aNumberCanBePointedElsewhereExactlyAndBackAtTheGateway() {
        String sid = twilio.addIncomingNumber("+14155550402").get("sid").asText();
        Map<String, String> before = Map.of("voiceUrl", "https://crm.example/voice", "voiceMethod", "GET",
                "smsUrl", "https://crm.example/sms", "statusCallback", "");
        api().body(Map.of("webhooks", before))
                .patch("/api/numbers/" + sid)
                .then()
                .statusCode(200)
                .body("voiceUrl", equalTo("https://crm.example/voice"))
                .body("voiceMethod", equalTo("GET"))
                .body("smsMethod", equalTo("POST"))
                .body("voiceFallbackUrl", equalTo(null))
                .body("voiceApplicationSid", equalTo(null))
                .body("pointsAtGateway", equalTo(false));
        RecordedRequest update = twilio.requests("POST", "/IncomingPhoneNumbers/" + sid + ".json").get(0);
        assertThat(update.formValue("VoiceUrl")).isEqualTo("https://crm.example/voice");
        assertThat(update.formValue("VoiceMethod")).isEqualTo("GET");
        assertThat(update.formValue("VoiceFallbackUrl")).isEmpty(); // cleared, not left as it was
        assertThat(lifecycle(sid, 1).get(0).json().path("voiceUrl").asText()).isEqualTo("https://crm.example/voice");

        api().post("/api/numbers/sync?sid=" + sid).then().statusCode(200).body("changed", hasSize(1));
        assertThat(twilio.incomingNumber(sid).get("voice_url").asText())
                .isEqualTo("https://gateway.test/webhooks/twilio/voice");
        assertThat(twilio.incomingNumber(sid).get("voice_method").asText()).isEqualTo("POST");

        api().body(Map.of("webhooks", Map.of("voiceUrl", "ftp://crm.example/voice")))
                .patch("/api/numbers/" + sid)
                .then()
                .statusCode(400)
                .body("message", containsString("webhooks.voiceUrl"));
        api().body(Map.of("webhooks", Map.of("voiceMethod", "PUT")))
                .patch("/api/numbers/" + sid)
                .then()
                .statusCode(400)
                .body("message", containsString("GET or POST"));
    }

    @Test
    void syncPointsNumbersAtTheGatewayAndIsIdempotent() {
        String sid = twilio.addIncomingNumber("+14155550401").get("sid").asText();
        api().post("/api/numbers/sync")
                .then()
                .statusCode(200)
                .body("changed", hasSize(1))
                .body("changed[0].sid", equalTo(sid))
                .body("changed[0].pointsAtGateway", equalTo(true));
        assertThat(twilio.incomingNumber(sid).get("sms_url").asText())
                .isEqualTo("https://gateway.test/webhooks/twilio/sms");
        api().post("/api/numbers/sync")
                .then()
                .statusCode(200)
                .body("changed", hasSize(0))
                .body("unchanged", hasSize(1));
        assertThat(lifecycle(sid, 1).get(0).type()).isEqualTo(EventType.NUMBER_CONFIGURED.ceType());
    }

    @Test
    void rateLimitedSearchesAreRetried() {
        twilio.failNext("GET", "/Local.json", 2, 429, 20429, "Too Many Requests");
        api().get("/api/numbers/available").then().statusCode(200);
        assertThat(twilio.requests("GET", "/Local.json")).hasSize(3);
    }

    List<ReceivedEvent> lifecycle(String sid, int count) {
        try (CloudEventReader reader = CloudEventReader.fromBeginning(bootstrap, Topics.NUMBERS_LIFECYCLE)) {
            return reader.await(count, TIMEOUT, e -> sid.equals(e.subject()));
        }
    }

    /** Every request the service sent through twilio-java used only the form parameters Twilio's spec defines. */
    @AfterEach
    void sentTwilioOnlyWhatItsSpecDefines() {
        assertThat(twilio.violations()).isEmpty();
    }
}
