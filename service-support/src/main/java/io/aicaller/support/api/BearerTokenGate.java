package io.aicaller.support.api;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The management APIs' ({@code /api/*}) bearer-token check on a JAX-RS request. Each service's
 * {@code @ServerRequestFilter} delegates to it (the filter itself must live in the service, where Quarkus finds it).
 */
public final class BearerTokenGate {

    private final BearerToken token;

    public BearerTokenGate(Optional<String> configuredToken) {
        this.token = new BearerToken(configuredToken);
    }

    /** A 401 with a JSON error for a protected path without the token; empty lets the request through. */
    public Optional<Response> refuse(ContainerRequestContext request) {
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
