package io.aicaller.support.twilio;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * twilio-java's transport with one attempt per request. Underneath, the SDK repeats a 5xx three times and Apache
 * HttpClient a 429 or 503 once, unseen: Twilio's answer reaches the services' own backoff late, a POST may be sent
 * twice, and every retry the services make costs two attempts. The services retry where it is safe, with backoff.
 */
public final class SingleAttemptHttpClient extends HttpClient {

    private final HttpClient network;

    public SingleAttemptHttpClient() {
        // The pool and timeouts twilio-java's own default client uses.
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setDefaultSocketConfig(DEFAULT_SOCKET_CONFIG);
        pool.setDefaultMaxPerRoute(20);
        pool.setMaxTotal(100);
        this.network = new NetworkHttpClient(HttpClientBuilder.create()
                .useSystemProperties()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(DEFAULT_REQUEST_CONFIG)
                .disableAutomaticRetries());
    }

    SingleAttemptHttpClient(HttpClient network) {
        this.network = network;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        return network.makeRequest(request);
    }
}
