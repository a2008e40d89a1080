package io.aicaller.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aicaller.gateway.support.GatewayTestResource;
import io.aicaller.gateway.support.Webhooks;
import io.aicaller.testkit.twilio.TwilioRequests;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class OperationsTest {

    @Test
    void readyWithKafkaAndTwilioCredentialsOnceWarmedUp() {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'warmup' }.data.tookMs", org.hamcrest.Matchers.greaterThan(0))
                .body("checks.name", hasItem("twilio-credentials"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsCountWebhooksRejectedSignaturesAndTwimlModes() {
        Webhooks.post(Webhooks.signed(TwilioRequests.incomingCall()));
        Webhooks.post(Webhooks.signed(TwilioRequests.incomingCall()), "forged");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("gateway_webhooks_total{outcome=\"ok\",type=\"voice\"}"))
                .body(containsString("gateway_signatures_rejected_total{reason=\"invalid\",webhook=\"voice\"}"))
                // The warm-up's own 300 refused requests are not counted as refusals.
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*gateway_webhooks_total\\{outcome=\"refused\",type=\"status\"\\} [1-9][0-9]{2,}.*")))
                .body(containsString("gateway_twiml_total{mode=\"stream\"}"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*http_server_requests_seconds_count\\{[^}]*/webhooks/twilio.*")))
                // The gateway's own answer time, in buckets an operator alerts on.
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*gateway_webhook_answer_seconds_bucket\\{type=\"voice\",le=\"0\\.3\"\\} [1-9].*"));
    }

    @Test
    void theManagementApiIsDocumented() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/calls'.post.summary", containsString("outbound call"))
                .body("paths.'/api/calls/{sid}/hangup'", org.hamcrest.Matchers.notNullValue())
                // The webhooks are routes, described by META-INF/openapi.yaml.
                .body("paths.'/webhooks/twilio/voice'.post.summary", containsString("Incoming or outbound call"))
                .body("paths.'/webhooks/twilio/sms-status'.post.responses.'204'", org.hamcrest.Matchers.notNullValue());
    }
}
