package io.aicaller.numbers.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.aicaller.numbers.config.NumbersConfig;

/** The management API ({@code /api/*}) needs {@code Authorization: Bearer <numbers.api-token>}. */
public class ApiTokenFilter {

    private final Optional<byte[]> token;

    ApiTokenFilter(NumbersConfig config) {
        this.token = config.apiToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter
    public Optional<Response> authorize(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (token.isPresent() && header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(token.get(), header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("unauthorized", "A valid bearer token is required", null))
                .build());
    }
}
