package io.aicaller.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.Webhooks;
import io.aicaller.testkit.twilio.SignedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * An address that floods the webhooks with unsigned requests is turned away unread after its budget (429), while a
 * signed webhook from another address behind the same proxy is answered as usual.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class WebhookThrottleTest {

    static Response post(String source, SignedRequest request, String signature) {
        return given().urlEncodingEnabled(false)
                .header("X-Forwarded-For", source)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", signature == null ? "" : signature)
                .body(Webhooks.encode(request.form()))
                .post(request.pathAndQuery());
    }

    @Test
    void aFloodOfJunkFromOneAddressIsTurnedAwayUnreadAndSignedTrafficFromOthersIsNot() {
        String attacker = "203.0.113.66";
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            SignedRequest forged = Webhooks.signed(TwilioRequests.callStatus(TwilioRequests.sid("CA"), "ringing", 1));
            answers.add(post(attacker, forged, i % 2 == 0 ? null : "bm90LWEtc2lnbmF0dXJl").statusCode());
        }
        assertThat(answers.subList(0, 20)).containsOnly(400, 403);
        assertThat(answers.subList(25, 40)).containsOnly(429);

        SignedRequest real = Webhooks.signed(TwilioRequests.callStatus(TwilioRequests.sid("CA"), "ringing", 1));
        assertThat(post("198.51.100.20", real, real.signature()).statusCode()).isEqualTo(204);
        Response turnedAway = post(attacker, real, real.signature());
        assertThat(turnedAway.statusCode()).as("the attacker's address, even signed").isEqualTo(429);
        assertThat(Integer.parseInt(turnedAway.header("Retry-After"))).isBetween(1, 60);
        // Requests straight from a trusted proxy (here loopback) are never throttled: that would stop everyone.
        assertThat(Webhooks.post(real).statusCode()).isEqualTo(204);
    }
}
