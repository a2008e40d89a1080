package io.aicaller.sandbox.rest;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A body that is not the JSON an endpoint takes is a 400 that says so, not an empty one. */
public class SandboxErrors {

    @ServerExceptionMapper
    public Response notJson(JsonParseException e) {
        return badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? "the body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return badRequest(field + ": " + e.getOriginalMessage());
    }

    private static Response badRequest(String message) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
