package io.aicaller.messaging.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aicaller.events.kafka.RequestLedger;
import io.aicaller.events.kafka.StateTopicWriter;
import io.aicaller.messaging.service.MessagingService;
import io.aicaller.support.api.ApiError;
import io.aicaller.support.twilio.TwilioApiException;

/** Clear JSON errors for the messaging API: the refusal reason as {@code error}, and Twilio's code when it refused. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response refused(MessagesResource.Refusal e) {
        return json(400, new ApiError(e.reason(), e.getMessage(), e.twilioCode()));
    }

    @ServerExceptionMapper
    public Response unavailable(MessagingService.Unavailable e) {
        return Response.status(503)
                .header("Retry-After", "5")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("unavailable", e.getMessage(), null))
                .build();
    }

    /** An outcome that could not be recorded (the outbox is full): our error body, not the framework's 500. */
    @ServerExceptionMapper
    public Response notRecorded(IllegalStateException e) {
        return Response.status(503)
                .header("Retry-After", "5")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("unavailable", e.getMessage(), null))
                .build();
    }

    @ServerExceptionMapper
    public Response keyRefused(RequestLedger.KeyRefused e) {
        return json(e.status(), new ApiError("idempotency-key", e.getMessage(), null));
    }

    /** The key could not be claimed: nothing was sent. */
    @ServerExceptionMapper
    public Response ledgerUnavailable(StateTopicWriter.Unavailable e) {
        return Response.status(503)
                .header("Retry-After", "5")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("unavailable", "nothing was sent: " + e.getMessage()
                        + "; retry with the same Idempotency-Key", null))
                .build();
    }

    @ServerExceptionMapper
    public Response twilio(TwilioApiException e) {
        return json(e.apiStatus(), ApiError.from(e));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
