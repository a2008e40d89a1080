package io.aicaller.numbers.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import io.aicaller.numbers.support.NumbersTestResource;
import io.aicaller.testkit.TwilioFakeTestResource.InjectTwilioFake;
import io.aicaller.testkit.twilio.TwilioRestFake;

/** The shipped default: buying is off. */
@QuarkusTest
@TestProfile(PurchaseDisabledTest.Disabled.class)
@WithTestResource(NumbersTestResource.class)
class PurchaseDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("numbers.purchase.enabled", "false");
        }
    }

    @InjectTwilioFake
    TwilioRestFake twilio;

    @Test
    void buyingIsRefusedWithoutCallingTwilio() {
        NumbersResourceTest.api()
                .body(Map.of("phoneNumber", "+14155550501"))
                .post("/api/numbers")
                .then()
                .statusCode(403)
                .body("message", containsString("numbers.purchase.enabled"));
        assertThat(twilio.requests()).isEmpty();
    }
}
