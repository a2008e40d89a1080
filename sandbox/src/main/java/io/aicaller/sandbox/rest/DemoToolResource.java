package io.aicaller.sandbox.rest;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aicaller.agents.RequestSignature;
import io.aicaller.sandbox.config.SandboxConfig;

/**
 * A business system for the local run: an HTTP tool an agent can call, which checks the request's signature the way
 * a real receiver should (HMAC-SHA256 of {@code timestamp.body}, timestamp within five minutes).
 */
@Path("/sandbox/tools")
@Tag(name = "Sandbox")
public class DemoToolResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TOLERANCE_SECONDS = 300;

    private final byte[] key;

    DemoToolResource(SandboxConfig config) {
        this.key = config.toolSigningKey().getBytes(StandardCharsets.UTF_8);
    }

    @POST
    @Path("order-status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A demo HTTP tool: the status of an order; refuses requests without a valid signature")
    public Response orderStatus(String body, @HeaderParam(RequestSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(RequestSignature.SIGNATURE_HEADER) String signature) throws Exception {
        if (!RequestSignature.verify(key, timestamp, body.getBytes(StandardCharsets.UTF_8), signature,
                System.currentTimeMillis() / 1000, TOLERANCE_SECONDS)) {
            return Response.status(401).entity("{\"error\":\"bad signature\"}").build();
        }
        JsonNode request = JSON.readTree(body);
        String order = request.path("arguments").path("order").asText("unknown");
        return Response.ok(JSON.createObjectNode()
                .put("order", order)
                .put("status", "shipped")
                .put("arrives", "Friday")
                .toString()).build();
    }
}
