package io.aicaller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.sandbox.local.LocalSuite;
import io.aicaller.sandbox.local.NumberLink;
import io.aicaller.testkit.twilio.SignedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * The local run's real-number mode, against the sandbox's emulated Twilio API (the REST calls a real account gets): a
 * number set up by its owner is pointed at the suite's public URL through the numbers-service, Twilio's webhook for it
 * is answered through the front door, and the number is restored exactly, also by a later run.
 */
@ExtendWith(PackagedSuite.class)
class EndToEndRealNumberIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String NUMBER = "+14155550188";
    static LocalSuite suite;

    @BeforeAll
    static void startSuite(LocalSuite shared) {
        suite = shared;
    }

    @Test
    void aNumberIsPointedAtTheSuiteAnsweredThroughTheFrontDoorAndRestoredExactly(@TempDir Path dir)
            throws Exception {
        // The number as its owner's own system had it.
        String sid = twilio("POST", "/IncomingPhoneNumbers.json", Map.of("PhoneNumber", NUMBER, "VoiceUrl",
                "https://crm.example/voice", "VoiceMethod", "GET", "SmsUrl", "https://crm.example/sms"))
                .path("sid")
                .asText();
        Path saved = dir.resolve("twilio-number.json");
        NumberLink link = new NumberLink(suite.url("numbers-service"), suite.apiToken(), saved);

        assertThat(link.point(NUMBER, "concierge")).isEqualTo(sid);
        JsonNode pointed = number(sid);
        assertThat(pointed.path("voice_url").asText()).isEqualTo(suite.publicUrl() + "/webhooks/twilio/voice");
        assertThat(pointed.path("voice_method").asText()).isEqualTo("POST");
        assertThat(pointed.path("status_callback").asText()).isEqualTo(suite.publicUrl() + "/webhooks/twilio/status");
        assertThat(pointed.path("sms_url").asText()).isEqualTo(suite.publicUrl() + "/webhooks/twilio/sms");
        assertThat(Files.readString(saved)).contains("https://crm.example/voice", "\"GET\"");

        // Twilio's voice webhook for it, through the front door: the TwiML streams to the public URL.
        SignedRequest voice = TwilioRequests.incomingCall()
                .to(NUMBER)
                .from("+14155550111")
                .param("AccountSid", LocalSuite.ACCOUNT_SID)
                .signedWith(LocalSuite.AUTH_TOKEN, suite.publicUrl());
        HttpResponse<String> twiml = post(suite.url("front-door") + voice.pathAndQuery(), voice.form(),
                voice.signature());
        assertThat(twiml.statusCode()).as(twiml.body()).isEqualTo(200);
        assertThat(twiml.body()).contains("<Stream", suite.publicUrl().replaceFirst("^http", "ws")
                + "/webhooks/twilio/media");
        // Forged, it is refused by the gateway behind the door; the APIs are not behind it at all.
        assertThat(post(suite.url("front-door") + voice.pathAndQuery(), voice.form(), "forged").statusCode())
                .isEqualTo(403);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("front-door") + "/api/calls"))
                .header("Authorization", "Bearer " + suite.apiToken())
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        // Ctrl-C: back exactly where it was, the saved settings forgotten.
        assertThat(link.restore()).contains(NUMBER);
        assertRestored(sid);
        assertThat(saved).doesNotExist();

        // A run killed while the number pointed at it: the next run restores it from the file.
        link.point(NUMBER, null);
        assertThat(number(sid).path("voice_url").asText()).startsWith(suite.publicUrl());
        assertThat(new NumberLink(suite.url("numbers-service"), suite.apiToken(), saved).restore()).contains(NUMBER);
        assertRestored(sid);

        // A number whose calls go to a TwiML App would ignore the URLs: refused, left alone.
        twilio("POST", "/IncomingPhoneNumbers/" + sid + ".json", Map.of("VoiceApplicationSid",
                "AP" + "0".repeat(31) + "7"));
        assertThatThrownBy(() -> link.point(NUMBER, null)).isInstanceOf(NumberLink.Refused.class)
                .hasMessageContaining("TwiML App");
        assertThat(saved).doesNotExist();
        assertThat(number(sid).path("voice_url").asText()).isEqualTo("https://crm.example/voice");
        // A number the account does not own is named, with what it does own.
        assertThatThrownBy(() -> link.point("+14155550999", null)).hasMessageContaining("owns no number")
                .hasMessageContaining("0188");
    }

    static void assertRestored(String sid) throws Exception {
        JsonNode restored = number(sid);
        assertThat(restored.path("voice_url").asText()).isEqualTo("https://crm.example/voice");
        assertThat(restored.path("voice_method").asText()).isEqualTo("GET");
        assertThat(restored.path("sms_url").asText()).isEqualTo("https://crm.example/sms");
        assertThat(restored.path("status_callback").asText()).isEmpty();
        assertThat(restored.path("voice_fallback_url").asText()).isEmpty();
    }

    static JsonNode number(String sid) throws Exception {
        return twilio("GET", "/IncomingPhoneNumbers/" + sid + ".json", null);
    }

    /** The emulated account's REST API, as the number's owner would use it. */
    static JsonNode twilio(String method, String path, Map<String, String> form) throws Exception {
        String auth = Base64.getEncoder()
                .encodeToString((LocalSuite.ACCOUNT_SID + ":" + LocalSuite.AUTH_TOKEN).getBytes(
                        StandardCharsets.UTF_8));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("twilio-api")
                + "/2010-04-01/Accounts/" + LocalSuite.ACCOUNT_SID + path))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(encode(form)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        return JSON.readTree(answer.body());
    }

    static HttpResponse<String> post(String url, Map<String, String> form, String signature) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(java.time.Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(Map<String, String> form) {
        return form.entrySet()
                .stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
