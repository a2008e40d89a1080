package io.aicaller.gateway.rest;

import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.twilio.rest.api.v2010.account.Call;

import io.aicaller.gateway.service.CallControlService;
import io.aicaller.gateway.service.CallStates;

/** Outbound calls and live call control. Bearer-token protected; blocking calls run on worker threads. */
@Path("/api/calls")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calls")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "bearer")
public class CallsResource {

    /**
     * @param agent the agent that handles the call ({@code profile} is its older name); the default agent if neither
     * @param variables values for the agent's {@code {{placeholders}}} on this call
     */
    public record DialCallRequest(String to, String from, String profile, String agent, Map<String, String> variables,
            Boolean record, Integer timeoutSeconds, String machineDetection) {
    }

    public record TransferRequest(String to) {
    }

    public record RedirectRequest(String url) {
    }

    public record CallView(String sid, String status, String from, String to, String direction,
            Integer durationSeconds, ZonedDateTime startTime, ZonedDateTime endTime, String gatewayStatus) {
    }

    public record HangUpResult(String sid, boolean wasLive) {
    }

    private final CallControlService control;
    private final CallStates states;

    CallsResource(CallControlService control, CallStates states) {
        this.control = control;
        this.states = states;
    }

    @POST
    @Operation(summary = "Place an outbound call that the AI agent handles. With an Idempotency-Key, a retry answers"
            + " the first outcome (200, Idempotent-Replayed: true) and never dials twice; 409 while the first"
            + " outcome is unknown, 422 if the key was used for another request")
    public Response dial(DialCallRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (request == null) {
            throw new CallControlService.InvalidRequest("a JSON body with at least 'to' is required");
        }
        if (request.agent() != null && request.profile() != null && !request.agent().equals(request.profile())) {
            throw new CallControlService.InvalidRequest("agent and profile name the same thing: give one");
        }
        CallControlService.Dialed dialed = control.dial(new CallControlService.DialRequest(request.to(),
                request.from(), request.agent() != null ? request.agent() : request.profile(), request.record(),
                request.timeoutSeconds(), request.machineDetection(), null, request.variables()), idempotencyKey);
        return dialed.replayed()
                ? Response.ok(view(dialed.call())).header("Idempotent-Replayed", "true").build()
                : Response.status(201).entity(view(dialed.call())).build();
    }

    private Response answer(CallControlService.Dialed done) {
        return Response.ok(view(done.call())).header("Idempotent-Replayed", String.valueOf(done.replayed())).build();
    }

    @GET
    @Path("{sid}")
    @Operation(summary = "A call as Twilio reports it, with the last status the gateway saw")
    public CallView get(@PathParam("sid") String sid) {
        return view(control.fetch(sid));
    }

    @POST
    @Path("{sid}/hangup")
    @Operation(summary = "End a live call; an already ended call counts as done")
    public HangUpResult hangUp(@PathParam("sid") String sid, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return new HangUpResult(sid, control.hangUp(sid, idempotencyKey));
    }

    @POST
    @Path("{sid}/transfer")
    @Operation(summary = "Connect the caller to another number. With an Idempotency-Key, a retry answers the first"
            + " outcome (Idempotent-Replayed: true) and never dials the number twice")
    public Response transfer(@PathParam("sid") String sid, TransferRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return answer(control.transfer(sid, request == null ? null : request.to(), idempotencyKey));
    }

    @POST
    @Path("{sid}/redirect")
    @Operation(summary = "Make Twilio fetch new TwiML: from the given https URL, or the gateway's voice webhook")
    public Response redirect(@PathParam("sid") String sid, RedirectRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return answer(control.redirect(sid, request == null ? null : request.url(), idempotencyKey));
    }

    private CallView view(Call call) {
        Integer duration = Optional.ofNullable(call.getDuration())
                .filter(d -> d.matches("\\d+"))
                .map(Integer::valueOf)
                .orElse(null);
        return new CallView(call.getSid(), call.getStatus() == null ? null : call.getStatus().toString(),
                call.getFrom(), call.getTo(), call.getDirection(), duration, call.getStartTime(), call.getEndTime(),
                states.status(call.getSid()).orElse(null));
    }
}
