package io.aicaller.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.aicaller.support.api.BearerToken;
import io.aicaller.support.twilio.TwilioApiException;
import io.aicaller.support.twilio.TwilioUnavailableException;

class ApiSupportTest {

    @Test
    void onlyTheConfiguredBearerTokenIsAdmitted() {
        BearerToken token = new BearerToken(Optional.of("s3cret"));
        assertThat(token.admits("Bearer s3cret")).isTrue();
        assertThat(token.admits("Bearer s3cre")).isFalse();
        assertThat(token.admits("Basic s3cret")).isFalse();
        assertThat(token.admits(null)).isFalse();
        assertThat(new BearerToken(Optional.empty()).admits("Bearer ")).isFalse();
        assertThat(new BearerToken(Optional.of(" ")).admits("Bearer  ")).isFalse();
        assertThat(BearerToken.protects("/api/calls")).isTrue();
        assertThat(BearerToken.protects("/apiary")).isFalse();
        assertThat(BearerToken.protects("/webhooks/twilio/voice")).isFalse();
    }

    @Test
    void twilioRefusalsMapToTheStatusOurApisAnswer() {
        assertThat(new TwilioApiException(404, 20404, "gone").apiStatus()).isEqualTo(404);
        assertThat(new TwilioApiException(401, 20003, "auth").apiStatus()).isEqualTo(502);
        assertThat(new TwilioApiException(400, 21211, "bad number").apiStatus()).isEqualTo(400);
        assertThat(new TwilioUnavailableException(429, 20429, "busy").apiStatus()).isEqualTo(503);
        assertThat(io.aicaller.support.api.ApiError.from(new TwilioUnavailableException(429, 20429, "busy")))
                .satisfies(error -> {
                    assertThat(error.error()).isEqualTo("twilio-unavailable");
                    assertThat(error.twilioCode()).isEqualTo(20429);
                });
    }
}
