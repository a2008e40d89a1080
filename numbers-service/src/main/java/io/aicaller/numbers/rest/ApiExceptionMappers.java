package io.aicaller.numbers.rest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aicaller.agents.InvalidAgent;
import io.aicaller.events.kafka.RequestLedger;
import io.aicaller.events.kafka.StateTopicWriter;
import io.aicaller.numbers.messaging.StoreUnavailable;
import io.aicaller.numbers.service.NumbersService;
import io.aicaller.numbers.webhooks.InvalidSubscription;
import io.aicaller.support.api.ApiError;
import io.aicaller.support.twilio.TwilioApiException;

/** Clear JSON errors for the numbers API, with Twilio's code when Twilio refused. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response refused(NumbersService.Refused e) {
        return json(e.status(), new ApiError("refused", e.getMessage(), null));
    }

    /** An invalid agent definition: every problem, each naming its field. */
    public record InvalidAgentError(String error, String message, List<InvalidAgent.Problem> problems) {
    }

    @ServerExceptionMapper
    public Response invalidAgent(InvalidAgent e) {
        return Response.status(422)
                .type(MediaType.APPLICATION_JSON)
                .entity(new InvalidAgentError("invalid-agent", e.getMessage(), e.problems()))
                .build();
    }

    @ServerExceptionMapper
    public Response invalidSubscription(InvalidSubscription e) {
        return Response.status(422)
                .type(MediaType.APPLICATION_JSON)
                .entity(new InvalidAgentError("invalid-subscription", e.getMessage(), e.problems()))
                .build();
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailable e) {
        return json(503, new ApiError(e.store() + "-unavailable", e.getMessage(), null));
    }

    /** An outcome that could not be recorded (the outbox is full): our error body, not the framework's 500. */
    @ServerExceptionMapper
    public Response notRecorded(IllegalStateException e) {
        return json(503, new ApiError("unavailable", e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response keyRefused(RequestLedger.KeyRefused e) {
        return json(e.status(), new ApiError("idempotency-key", e.getMessage(), null));
    }

    /** The key could not be claimed: nothing was done. */
    @ServerExceptionMapper
    public Response ledgerUnavailable(StateTopicWriter.Unavailable e) {
        return json(503, new ApiError("unavailable", "nothing was done: " + e.getMessage()
                + "; retry with the same Idempotency-Key", null));
    }

    @ServerExceptionMapper
    public Response twilio(TwilioApiException e) {
        return json(e.apiStatus(), ApiError.from(e));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
