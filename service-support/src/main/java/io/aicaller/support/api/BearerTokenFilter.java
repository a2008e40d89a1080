package io.aicaller.support.api;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The management APIs' ({@code /api/*}) bearer-token check as a request filter. Each service extends it with a
 * {@code @ServerRequestFilter} method that calls {@link #refuse}, so the filter is found in the service's own index.
 */
public abstract class BearerTokenFilter {

    private final BearerToken token;

    protected BearerTokenFilter(Optional<String> configuredToken) {
        this.token = new BearerToken(configuredToken);
    }

    /** A 401 with a JSON error for a protected path without the token; empty lets the request through. */
    protected Optional<Response> refuse(ContainerRequestContext request) {
        if (!BearerToken.protects(request.getUriInfo().getPath())
                || token.admits(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("unauthorized", "A valid bearer token is required", null))
                .build());
    }
}
