package io.aicaller.support.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;

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
