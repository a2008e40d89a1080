package io.aicaller.support.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Every service API's answer to a body that is not the JSON an endpoint takes: a 400 with {@link ApiError}
 * {@code invalid-json} saying why, where Quarkus REST would answer an empty 400 (or its own text).
 */
public class UnreadableBodyMappers {

    @ServerExceptionMapper
    public Response unreadable(WebApplicationException e) {
        return ApiError.unreadableBody(e).map(UnreadableBodyMappers::badRequest).orElseGet(e::getResponse);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return badRequest(ApiError.unreadableBody(e).orElseThrow());
    }

    private static Response badRequest(ApiError error) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
