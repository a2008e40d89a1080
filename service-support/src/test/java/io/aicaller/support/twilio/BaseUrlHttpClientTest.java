package io.aicaller.support.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;

import io.aicaller.testkit.twilio.TwilioRestFake;

class BaseUrlHttpClientTest {

    @Test
    void requestsGoToTheBaseUrlWithPathQueryFormAndAuthIntact() {
        List<Request> sent = new ArrayList<>();
        HttpClient recording = new HttpClient() {
            @Override
            public Response makeRequest(Request request) {
                sent.add(request);
                return new Response("{}", 200);
            }
        };
        Request original = new Request(HttpMethod.POST, "api", "/2010-04-01/Accounts/AC1/Calls.json");
        original.addQueryParam("PageSize", "5");
        original.addPostParam("To", "+14155550100");
        original.addPostParam("StatusCallbackEvent", "ringing");
        original.addPostParam("StatusCallbackEvent", "completed");
        original.setAuth("AC1", "secret");

        new BaseUrlHttpClient("http://127.0.0.1:9999/", recording).makeRequest(original);

        Request rewritten = sent.get(0);
        assertThat(rewritten.getUrl()).isEqualTo("http://127.0.0.1:9999/2010-04-01/Accounts/AC1/Calls.json");
        assertThat(rewritten.getQueryParams()).containsEntry("PageSize", List.of("5"));
        assertThat(rewritten.getPostParams()).containsEntry("StatusCallbackEvent", List.of("ringing", "completed"));
        assertThat(rewritten.getAuthString()).isEqualTo(original.getAuthString());
    }

    @Test
    void eachRequestIsOneAttemptWhateverTwilioAnswers() {
        TwilioRestFake twilio = TwilioRestFake.start("AC00000000000000000000000000000001", "token");
        try {
            TwilioRestClient client = TwilioClients.create(new TwilioCredentials(
                    Optional.of("AC00000000000000000000000000000001"), Optional.of("token"), Optional.empty(),
                    Optional.empty()), Optional.of(twilio.baseUrl()));
            twilio.failNext("POST", "/Messages.json", 2, 429, 20429, "Too Many Requests");
            twilio.failNext("POST", "/Calls.json", 4, 503, 20503, "Service Unavailable");
            // Neither Apache HttpClient (429, 503) nor twilio-java (5xx) repeats a request underneath.
            assertThatThrownBy(() -> TwilioClients.call(() -> Message.creator(new PhoneNumber("+14155550100"),
                    new PhoneNumber("+14155550199"), "hi").create(client)))
                    .isInstanceOf(TwilioUnavailableException.class);
            assertThat(twilio.requests("POST", "/Messages.json")).hasSize(1);
            assertThatThrownBy(() -> TwilioClients.call(() -> Call.creator(new PhoneNumber("+14155550100"),
                    new PhoneNumber("+14155550199"), URI.create("https://gateway.test/voice")).create(client)))
                    .isInstanceOf(TwilioUnavailableException.class);
            assertThat(twilio.requests("POST", "/Calls.json")).hasSize(1);
            // The second scripted 429 is the caller's retry's to meet, then Twilio takes the message.
            assertThatThrownBy(() -> Message.creator(new PhoneNumber("+14155550100"), new PhoneNumber("+14155550199"),
                    "hi").create(client)).isInstanceOf(ApiException.class);
            assertThat(Message.creator(new PhoneNumber("+14155550100"), new PhoneNumber("+14155550199"), "hi")
                    .create(client)
                    .getSid()).startsWith("SM");
            assertThat(twilio.requests("POST", "/Messages.json")).hasSize(3);
        } finally {
            twilio.close();
        }
    }

    @Test
    void retryableAndPermanentTwilioErrorsAreToldApart() {
        assertThatThrownBy(() -> TwilioClients.call(() -> {
            throw new ApiException("Too Many Requests", 20429, null, 429, 429, null, null, null);
        })).isInstanceOf(TwilioUnavailableException.class);
        assertThatThrownBy(() -> TwilioClients.call(() -> {
            throw new ApiException("Invalid number", 21211, null, 400, 400, null, null, null);
        })).isExactlyInstanceOf(TwilioApiException.class)
                .satisfies(e -> assertThat(((TwilioApiException) e).twilioCode()).isEqualTo(21211));
        assertThat(TwilioClients.call(() -> "ok")).isEqualTo("ok");
    }
}
