package io.aicaller.gateway.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aicaller.gateway.service.CallControlService;
import io.aicaller.twilio.TwilioApiException;
import io.aicaller.twilio.TwilioUnavailableException;

/** Maps failures of the management API to clear JSON errors. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response invalid(CallControlService.InvalidRequest e) {
        return json(400, new ApiError("invalid-request", e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response unavailable(TwilioUnavailableException e) {
        return json(503, new ApiError("twilio-unavailable", "Twilio did not accept the request after retries: "
                + e.getMessage(), e.twilioCode()));
    }

    @ServerExceptionMapper
    public Response twilio(TwilioApiException e) {
        int status;
        if (e.httpStatus() == 404) {
            status = 404;
        } else if (e.httpStatus() == 401 || e.httpStatus() == 403) {
            // Our credentials are wrong: the caller did nothing wrong.
            status = 502;
        } else {
            status = 400;
        }
        return json(status, new ApiError("twilio-error", e.getMessage(), e.twilioCode()));
    }

    @ServerExceptionMapper
    public Response notConfigured(IllegalStateException e) {
        return json(503, new ApiError("not-configured", e.getMessage(), null));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
