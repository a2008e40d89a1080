package io.aicaller.messaging.rest;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.aicaller.messaging.config.MessagingConfig;
import io.aicaller.support.api.ApiError;
import io.aicaller.support.api.BearerToken;

/** The management API ({@code /api/*}) needs the configured bearer token. */
public class ApiTokenFilter {

    private final BearerToken token;

    ApiTokenFilter(MessagingConfig config) {
        this.token = new BearerToken(config.apiToken());
    }

    @ServerRequestFilter
    public Optional<Response> authorize(ContainerRequestContext request) {
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
