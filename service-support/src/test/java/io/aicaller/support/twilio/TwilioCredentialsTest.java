package io.aicaller.support.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;

import io.aicaller.testkit.twilio.TwilioRestFake;

/** REST calls authenticate with an API key when one is set, through the real twilio-java against the emulator. */
class TwilioCredentialsTest {

    static final String ACCOUNT = "AC" + "1".repeat(32);
    static final String TOKEN = "auth-token";
    static final String KEY = "SK" + "a".repeat(32);
    static final String SECRET = "key-secret";

    static TwilioCredentials credentials(String token, String key, String secret) {
        return new TwilioCredentials(Optional.of(ACCOUNT), Optional.ofNullable(token), Optional.ofNullable(key),
                Optional.ofNullable(secret));
    }

    static Message send(TwilioRestFake twilio, TwilioCredentials credentials) {
        return TwilioClients.call(() -> Message.creator(new PhoneNumber("+14155550100"),
                new PhoneNumber("+14155550199"), "hi")
                .create(TwilioClients.create(credentials,
                        Optional.of(twilio.baseUrl()))));
    }

    @Test
    void anApiKeyIsUsedInsteadOfTheAuthTokenForTheAccount() {
        try (TwilioRestFake twilio = TwilioRestFake.start(ACCOUNT, TOKEN)) {
            twilio.addApiKey(KEY, SECRET);
            Message sent = send(twilio, credentials(null, KEY, SECRET));
            assertThat(sent.getSid()).startsWith("SM");
            assertThat(twilio.requests().get(0).path()).startsWith("/2010-04-01/Accounts/" + ACCOUNT + "/");
            assertThat(twilio.requests().get(0).headers().get("Authorization")).containsExactly("Basic "
                    + Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8)));

            assertThatThrownBy(() -> send(twilio, credentials(null, KEY, "wrong"))).isInstanceOf(
                    TwilioApiException.class);
            // With a key and a token, the key is used.
            assertThat(send(twilio, credentials("wrong-token", KEY, SECRET)).getSid()).startsWith("SM");
        }
    }

    @Test
    void whatIsMissingIsSaidWithoutSecrets() {
        assertThat(credentials(TOKEN, null, null).restProblem()).isEmpty();
        assertThat(credentials(null, KEY, SECRET).restProblem()).isEmpty();
        assertThat(credentials(null, null, null).restProblem()).hasValueSatisfying(p -> assertThat(p)
                .contains("TWILIO_API_KEY_SID"));
        assertThat(credentials(TOKEN, KEY, null).restProblem()).hasValueSatisfying(p -> assertThat(p)
                .contains("both"));
        assertThat(credentials(null, "not-a-key", SECRET).restProblem()).hasValueSatisfying(p -> assertThat(p)
                .contains("SK")
                .doesNotContain(SECRET));
        assertThat(new TwilioCredentials(Optional.empty(), Optional.of(TOKEN), Optional.empty(), Optional.of(""))
                .restProblem()).hasValue("TWILIO_ACCOUNT_SID is not set");
    }
}
