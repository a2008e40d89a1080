package io.aicaller.sandbox.console;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

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
