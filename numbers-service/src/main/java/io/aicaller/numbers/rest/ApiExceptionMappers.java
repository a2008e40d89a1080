package io.aicaller.numbers.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aicaller.numbers.service.NumbersService;
import io.aicaller.twilio.TwilioApiException;
import io.aicaller.twilio.TwilioUnavailableException;

/** Clear JSON errors for the numbers API, with Twilio's code when Twilio refused. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response refused(NumbersService.Refused e) {
        return json(e.status(), new ApiError("refused", e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response unavailable(TwilioUnavailableException e) {
        return json(503, new ApiError("twilio-unavailable", "Twilio did not accept the request after retries: "
                + e.getMessage(), e.twilioCode()));
    }

    @ServerExceptionMapper
    public Response twilio(TwilioApiException e) {
        int status = e.httpStatus() == 404 ? 404 : e.httpStatus() == 401 || e.httpStatus() == 403 ? 502 : 400;
        return json(status, new ApiError("twilio-error", e.getMessage(), e.twilioCode()));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
