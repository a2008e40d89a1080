package io.aicaller.support.twilio;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.twilio.http.HttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * Sends twilio-java's requests to another base URL (a sandbox or a test fake) instead of
 * {@code https://<product>.twilio.com}, keeping path, query, form, headers and auth as the SDK built them.
 */
public final class BaseUrlHttpClient extends HttpClient {

    private final URI baseUrl;
    private final HttpClient delegate;

    public BaseUrlHttpClient(String baseUrl) {
        this(baseUrl, new SingleAttemptHttpClient());
    }

    BaseUrlHttpClient(String baseUrl, HttpClient delegate) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.delegate = delegate;
    }

    /** One attempt, as {@link SingleAttemptHttpClient}: the SDK's own repeats are left out. */
    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        return delegate.makeRequest(rewrite(request));
    }

    Request rewrite(Request request) {
        URI original = URI.create(request.getUrl());
        Request rewritten = new Request(request.getMethod(), baseUrl + original.getRawPath());
        copy(request.getQueryParams(), rewritten::addQueryParam);
        copy(request.getPostParams(), rewritten::addPostParam);
        copy(request.getHeaderParams(), rewritten::addHeaderParam);
        if (request.getAuthStrategy() != null) {
            rewritten.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            rewritten.setAuth(request.getUsername(), request.getPassword());
        }
        if (request.getContentType() != null) {
            rewritten.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            rewritten.setBody(request.getBody());
        }
        return rewritten;
    }

    private static void copy(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> add) {
        params.forEach((name, values) -> values.forEach(value -> add.accept(name, value)));
    }
}
