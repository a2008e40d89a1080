package io.aicaller.numbers.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.numbers.service.AgentsService;

/**
 * Agents as data. Bodies are read by the agents' own rules (unknown fields and invalid values are refused with the
 * field named), not bound leniently. Bearer-token protected.
 */
@Path("/api/agents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents")
@SecurityRequirement(name = "bearer")
public class AgentsResource {

    /** The answer to a definition that passed validation. */
    public record Valid(boolean valid, AgentDefinition agent) {
    }

    private final AgentsService agents;
    private final KeyedRequests keyed;

    AgentsResource(AgentsService agents, KeyedRequests keyed) {
        this.agents = agents;
        this.keyed = keyed;
    }

    @GET
    @Operation(summary = "Every agent, by name")
    public List<AgentDefinition> list() {
        return agents.list();
    }

    @POST
    @Operation(summary = "Create an agent (version 1); 409 if the name is taken, 422 names every invalid field. With"
            + " an Idempotency-Key, a retry answers the agent the first request created (200)")
    public Response create(
            @RequestBody(content = @Content(schema = @Schema(implementation = AgentDefinition.class))) String body,
            @HeaderParam("Idempotency-Key") String key) {
        Response answer = keyed.answer(key, "create-agent", String.valueOf(body), AgentDefinition.class, 201,
                () -> agents.create(body));
        AgentDefinition created = (AgentDefinition) answer.getEntity();
        return Response.fromResponse(answer).location(URI.create("/api/agents/" + created.name())).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One agent at its current version")
    public AgentDefinition get(@PathParam("name") String name) {
        return agents.get(name);
    }

    @PUT
    @Path("{name}")
    @Operation(summary = "Replace an agent; the body's version must be the current one (409 otherwise). Calls in "
            + "progress keep the version they started with; the next call gets the new one")
    public Response update(@PathParam("name") String name,
            @RequestBody(content = @Content(schema = @Schema(implementation = AgentDefinition.class))) String body,
            @HeaderParam("Idempotency-Key") String key) {
        return keyed.answer(key, "update-agent", name + "|" + body, AgentDefinition.class, 200,
                () -> agents.update(name, body));
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete an agent; refused (409) while a number is assigned to it")
    public Response delete(@PathParam("name") String name, @HeaderParam("Idempotency-Key") String key) {
        Response answer = keyed.answer(key, "delete-agent", name, String.class, 204, () -> {
            agents.delete(name);
            return name;
        });
        return Response.fromResponse(answer).entity(null).build();
    }

    @POST
    @Path("validate")
    @Operation(summary = "Check a definition without storing it: 200 if valid, 422 naming every invalid field")
    public Valid validate(
            @RequestBody(content = @Content(schema = @Schema(implementation = AgentDefinition.class))) String body) {
        return new Valid(true, agents.validate(body));
    }
}
