package io.aicaller.sandbox.rest;

import java.io.IOException;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A body that is not the JSON an endpoint takes is a 400 that says why, not an empty one: the sandbox's endpoints
 * read their bodies here rather than through the framework's binding, which answers such a body with no text.
 */
public class SandboxErrors {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The body could not be read as the endpoint's request. */
    public static class BadBody extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadBody(String message) {
            super(message);
        }
    }

    /** {@code body} as a {@code type}; null for an empty body. */
    static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(body, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "the body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new BadBody(field + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadBody("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadBody("the body could not be read: " + e.getMessage());
        }
    }

    @ServerExceptionMapper
    public Response badBody(BadBody e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
    }
}
