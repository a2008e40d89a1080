package io.aicaller.numbers.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aicaller.numbers.service.NumbersService;
import io.aicaller.support.api.ApiError;
import io.aicaller.support.twilio.TwilioApiException;

/** Clear JSON errors for the numbers API, with Twilio's code when Twilio refused. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response refused(NumbersService.Refused e) {
        return json(e.status(), new ApiError("refused", e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response twilio(TwilioApiException e) {
        return json(e.apiStatus(), ApiError.from(e));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
