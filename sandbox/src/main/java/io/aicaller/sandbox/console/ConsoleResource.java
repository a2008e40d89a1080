package io.aicaller.sandbox.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;

import io.aicaller.sandbox.config.SandboxConfig;
import io.aicaller.sandbox.phone.CallFeed;
import io.aicaller.sandbox.phone.PhoneNetwork;
import io.aicaller.sandbox.phone.SimulatedCall;

/** What the console page needs besides the phone: the numbers it can call, and each call live. */
@Path("/sandbox")
public class ConsoleResource {

    /** The numbers the page offers: the agent's default number first, then every number bought. */
    public record Numbers(List<String> agentNumbers, String callerNumber) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final PhoneNetwork network;
    private final SandboxConfig config;

    ConsoleResource(PhoneNetwork network, SandboxConfig config) {
        this.network = network;
        this.config = config;
    }

    @GET
    @Path("numbers")
    @Operation(summary = "The numbers a caller can dial (each answered by the agent assigned to it) and the default "
            + "caller ID")
    public Numbers numbers() {
        Set<String> numbers = new LinkedHashSet<>();
        numbers.add(config.agentNumber());
        network.twilio().incomingNumbers().forEach(n -> numbers.add(n.path("phone_number").asText()));
        return new Numbers(List.copyOf(numbers), config.callerNumber());
    }

    /** Who the agent is to call. */
    public record CallMe(String to) {
    }

    @POST
    @Path("call-me")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The agent calls this number: the sandbox asks the gateway to dial it (POST /api/calls, "
            + "from the agent's number); a browser phone waiting on the number answers")
    public Response callMe(CallMe request) throws Exception {
        if (request == null || request.to() == null || !request.to().matches("\\+[1-9][0-9]{6,14}")) {
            return Response.status(400).entity(Map.of("error", "to: an E.164 number is required")).build();
        }
        if (config.gatewayApiToken().isEmpty()) {
            return Response.status(503).entity(Map.of("error", "sandbox.gateway-api-token is not set")).build();
        }
        String dial = JSON.createObjectNode().put("to", request.to()).put("from", config.agentNumber()).toString();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(config.gatewayUrl() + "/api/calls"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + config.gatewayApiToken().get())
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(dial))
                .build(), HttpResponse.BodyHandlers.ofString());
        return Response.status(answer.statusCode()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }

    @GET
    @Path("calls/{sid}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The call as it happens (server-sent events): what it did, its events, the transcript, its "
            + "end and what follows it (the analysis); what came before is sent first")
    public Multi<CallFeed.Item> live(@PathParam("sid") String sid) {
        SimulatedCall call = network.call(sid).orElseThrow(() -> new NotFoundException("No simulated call " + sid));
        // Open past the call's end: its analysis comes later. The page closes it when it follows another call.
        return Multi.createFrom().emitter(emitter -> emitter.onTermination(call.feed().follow(emitter::emit)));
    }
}
