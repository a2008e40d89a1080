package io.aicaller.gateway.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aicaller.events.kafka.RequestLedger;
import io.aicaller.events.kafka.StateTopicWriter;
import io.aicaller.gateway.service.CallControlService;
import io.aicaller.support.api.ApiError;
import io.aicaller.support.twilio.TwilioApiException;

/** Maps failures of the management API to clear JSON errors. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response invalid(CallControlService.InvalidRequest e) {
        return json(400, new ApiError("invalid-request", e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response keyRefused(RequestLedger.KeyRefused e) {
        return json(e.status(), new ApiError("idempotency-key", e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response ledgerUnavailable(StateTopicWriter.Unavailable e) {
        return json(503, new ApiError("unavailable", "nothing was done: " + e.getMessage()
                + "; retry with the same Idempotency-Key", null));
    }

    @ServerExceptionMapper
    public Response twilio(TwilioApiException e) {
        return json(e.apiStatus(), ApiError.from(e));
    }

    @ServerExceptionMapper
    public Response notConfigured(IllegalStateException e) {
        return json(503, new ApiError("not-configured", e.getMessage(), null));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
