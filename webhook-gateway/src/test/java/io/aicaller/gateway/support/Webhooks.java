package io.aicaller.gateway.support;

import static io.restassured.RestAssured.given;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import io.aicaller.testkit.twilio.SignedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;

/** Posts webhooks to the gateway under test the way Twilio does: a form body and the signature header. */
public final class Webhooks {

    private Webhooks() {
    }

    public static Response post(SignedRequest request) {
        return post(request, request.signature());
    }

    /** Posts with the given signature (null: none), e.g. one made with another token. */
    public static Response post(SignedRequest request, String signature) {
        return post(request.pathAndQuery(), request.form(), signature, request.idempotencyToken());
    }

    public static Response post(String pathAndQuery, Map<String, String> form, String signature,
            String idempotencyToken) {
        // The URL goes out exactly as given, already encoded, as Twilio sends the one it was configured with.
        RequestSpecification spec = given().urlEncodingEnabled(false)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .body(encode(form));
        if (signature != null) {
            spec.header("X-Twilio-Signature", signature);
        }
        if (idempotencyToken != null) {
            spec.header("I-Twilio-Idempotency-Token", idempotencyToken);
        }
        return spec.post(pathAndQuery);
    }

    /** Signs with the gateway's auth token over its public base URL. */
    public static SignedRequest signed(TwilioRequests.Builder builder) {
        return builder.signedWith(GatewayFakes.AUTH_TOKEN, GatewayFakes.PUBLIC_BASE_URL);
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet()
                .stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
