package io.aicaller.messaging.rest;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.aicaller.messaging.config.MessagingConfig;
import io.aicaller.support.api.BearerTokenGate;

/** The management API ({@code /api/*}) needs the configured bearer token. */
public class ApiTokenFilter {

    private final BearerTokenGate gate;

    ApiTokenFilter(MessagingConfig config) {
        this.gate = new BearerTokenGate(config.apiToken());
    }

    @ServerRequestFilter
    public Optional<Response> authorize(ContainerRequestContext request) {
        return gate.refuse(request);
    }
}
