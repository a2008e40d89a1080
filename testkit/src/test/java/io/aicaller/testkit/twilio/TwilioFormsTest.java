package io.aicaller.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What is posted to the fake is held to the form parameters of Twilio's OpenAPI spec. */
class TwilioFormsTest {

    @Test
    void theSpecsParametersPassAndOthersAreNamed() {
        assertThat(TwilioForms.violations(TwilioForms.UPDATE_CALL,
                Map.of("Status", List.of("completed"), "Twiml", List.of("<Response/>")))).isEmpty();
        assertThat(TwilioForms.violations(TwilioForms.CREATE_MESSAGE,
                Map.of("To", List.of("+14155550100"), "From", List.of("+14155550199"), "MediaUrl",
                        List.of("https://a.test/1.png", "https://a.test/2.png"))))
                .isEmpty();
        assertThat(TwilioForms.violations(TwilioForms.UPDATE_CALL, Map.of("CallStatus", List.of("completed"))))
                .containsExactly(TwilioForms.UPDATE_CALL + ": CallStatus is not one of its parameters");
        assertThat(TwilioForms.violations(TwilioForms.CREATE_CALL, Map.of("To", List.of("+14155550100"),
                "Url", List.of("https://a.test/voice"))))
                .containsExactly(TwilioForms.CREATE_CALL + ": the required From is missing");
    }

    @Test
    void theFakeRecordsWhatTwilioWouldNotKnow() throws Exception {
        String account = TwilioRequests.sid("AC");
        try (TwilioRestFake twilio = TwilioRestFake.start(account, "token")) {
            String created = post(twilio, "/2010-04-01/Accounts/" + account + "/Calls.json",
                    "To=%2B14155550100&From=%2B14155550199&Url=https%3A%2F%2Fa.test%2Fvoice");
            assertThat(twilio.violations()).isEmpty();
            String callSid = new ObjectMapper().readTree(created).get("sid").asText();
            post(twilio, "/2010-04-01/Accounts/" + account + "/Calls/" + callSid + ".json",
                    "Status=completed&HangupReason=test");
            assertThat(twilio.violations())
                    .containsExactly(TwilioForms.UPDATE_CALL + ": HangupReason is not one of its parameters");
        }
    }

    private static String post(TwilioRestFake twilio, String path, String form) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(twilio.baseUrl() + path))
                        .header("Authorization", "Basic " + Base64.getEncoder()
                                .encodeToString((twilio.accountSid() + ":token").getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return response.body();
    }
}
