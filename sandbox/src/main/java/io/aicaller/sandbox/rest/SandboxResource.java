package io.aicaller.sandbox.rest;

import java.time.Instant;
import java.util.List;

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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.common.annotation.Blocking;

import io.aicaller.sandbox.config.SandboxConfig;
import io.aicaller.sandbox.phone.CallScript;
import io.aicaller.sandbox.phone.CallerAudio;
import io.aicaller.sandbox.phone.PhoneNetwork;
import io.aicaller.sandbox.phone.SimulatedCall;
import io.aicaller.sandbox.phone.Webhooks;

/** Place simulated calls, send simulated SMS, and see what happened. Local use only: no authentication. */
@Path("/sandbox")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox")
@Blocking
public class SandboxResource {

    public record PlaceCall(String from, String to, List<CallScript.Step> script, List<String> speech,
            Integer maxSeconds) {
    }

    public record CallView(String callSid, String direction, String from, String to, String status, Instant created,
            Instant ended, long agentAudioMs, int clears, int marks, List<SimulatedCall.Entry> log,
            List<SimulatedCall.Observed> events, List<SimulatedCall.Observed> transcript) {
    }

    public record IncomingMessage(String from, String to, String body) {
    }

    public record MessageView(String sid, String from, String to, String body, String status, List<String> mediaUrls) {
    }

    private final PhoneNetwork network;
    private final SandboxConfig config;

    SandboxResource(PhoneNetwork network, SandboxConfig config) {
        this.network = network;
        this.config = config;
    }

    @POST
    @Path("calls")
    @Operation(summary = "A simulated caller calls the agent. Without a script: talks over the greeting, presses 1 "
            + "(a text message), then # (goodbye).")
    public Response placeCall(
            @RequestBody(content = @Content(schema = @Schema(implementation = PlaceCall.class))) String body) {
        PlaceCall request = SandboxErrors.read(body, PlaceCall.class);
        PlaceCall call = request == null ? new PlaceCall(null, null, null, null, null) : request;
        CallScript script = call.script() == null && call.speech() == null ? CallScript.demo()
                : new CallScript(call.script(), call.speech(), call.maxSeconds());
        if (call.script() == null && call.maxSeconds() != null) {
            script = new CallScript(script.steps(), script.speech(), call.maxSeconds());
        }
        String unplayable = unplayable(script);
        if (unplayable != null) {
            return Response.status(400).entity(java.util.Map.of("error", unplayable)).build();
        }
        SimulatedCall placed = network.incomingCall(orDefault(call.from(), config.callerNumber()),
                orDefault(call.to(), config.agentNumber()), script);
        return Response.status(201).entity(view(placed)).build();
    }

    /** Why a step's audio cannot be played (checked now, not when the call reaches it), or null. */
    private static String unplayable(CallScript script) {
        for (int i = 0; i < script.steps().size(); i++) {
            String say = script.steps().get(i).say();
            if (say == null) {
                continue;
            }
            try {
                io.aicaller.sandbox.phone.CallerAudio.load(say);
            } catch (RuntimeException e) {
                return "script[" + i + "].say: cannot play '" + say + "': "
                        + (e.getCause() != null ? e.getCause() : e).toString().replaceFirst("^[\\w.]+: ", "");
            }
        }
        return null;
    }

    @GET
    @Path("calls")
    @Operation(summary = "The latest simulated calls")
    public List<CallView> calls() {
        return network.calls().stream().map(SandboxResource::view).toList();
    }

    @GET
    @Path("calls/{sid}")
    @Operation(summary = "One call: status, what happened, the events and transcript the services published")
    public CallView call(@PathParam("sid") String sid) {
        return view(find(sid));
    }

    @GET
    @Path("calls/{sid}/report")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "One call as text: status, log, transcript and events")
    public String report(@PathParam("sid") String sid) {
        SimulatedCall call = find(sid);
        StringBuilder text = new StringBuilder();
        text.append("call: ").append(sid).append('\n');
        text.append("status: ").append(call.status()).append('\n');
        text.append("ended: ").append(call.ended()).append('\n');
        text.append("agent audio heard: ")
                .append(call.agentAudio().length / 8)
                .append(" ms, clears: ")
                .append(call.clears())
                .append('\n');
        text.append("\nwhat happened:\n");
        call.log().forEach(e -> text.append("  ").append(e.at()).append("  ").append(e.what()).append('\n'));
        text.append("\ntranscript (calls.transcripts.v1):\n");
        call.transcript().forEach(e -> text.append("  ").append(e.summary()).append('\n'));
        text.append("\nevents (calls.lifecycle.v1):\n");
        call.events()
                .forEach(e -> text.append("  ")
                        .append(e.at())
                        .append("  ")
                        .append(e.type())
                        .append(' ')
                        .append(e.summary())
                        .append('\n'));
        return text.toString();
    }

    @GET
    @Path("calls/{sid}/agent-audio.wav")
    @Produces("audio/wav")
    @Operation(summary = "What the caller heard the agent say (8 kHz mu-law WAV)")
    public byte[] agentAudio(@PathParam("sid") String sid) {
        return CallerAudio.toWav(find(sid).agentAudio());
    }

    @GET
    @Path("messages")
    @Operation(summary = "Messages sent through the emulated Twilio API, oldest first")
    public List<MessageView> messages() {
        return network.twilio().messages().stream().map(SandboxResource::message).toList();
    }

    @POST
    @Path("messages")
    @Operation(summary = "A simulated phone texts one of our numbers (e.g. STOP); the gateway's SMS webhook gets it")
    public Response incomingMessage(
            @RequestBody(content = @Content(schema = @Schema(implementation = IncomingMessage.class))) String body) {
        IncomingMessage message = SandboxErrors.read(body, IncomingMessage.class);
        if (message == null || message.body() == null) {
            return Response.status(400).entity(java.util.Map.of("error", "body is required")).build();
        }
        Webhooks.Answer answer = network.incomingMessage(orDefault(message.from(), config.callerNumber()),
                orDefault(message.to(), config.agentNumber()), message.body());
        return Response.status(answer.status() == 200 ? 202 : 502)
                .entity(java.util.Map.of("gatewayStatus", answer.status()))
                .build();
    }

    /** The next matching requests to the emulated Twilio API fail, e.g. 429/20429 to watch the backoff. */
    public record ScriptedError(String method, String pathSuffix, Integer times, Integer status, Integer code,
            String message) {
    }

    @POST
    @Path("twilio/errors")
    @Operation(summary = "Make the next matching Twilio API requests fail with a Twilio error (e.g. status 429, "
            + "code 20429, pathSuffix /Messages.json)")
    public Response scriptError(
            @RequestBody(content = @Content(schema = @Schema(implementation = ScriptedError.class))) String body) {
        ScriptedError error = SandboxErrors.read(body, ScriptedError.class);
        if (error == null || error.method() == null || error.pathSuffix() == null || error.status() == null
                || error.code() == null) {
            return Response.status(400)
                    .entity(java.util.Map.of("error", "method, pathSuffix, status and code are required"))
                    .build();
        }
        network.twilio()
                .failNext(error.method(), error.pathSuffix(), error.times() == null ? 1 : error.times(),
                        error.status(), error.code(),
                        error.message() == null ? "Scripted by the sandbox" : error.message());
        return Response.noContent().build();
    }

    @POST
    @Path("twilio/opt-outs/{number}")
    @Operation(summary = "The number replied STOP at Twilio: sends to it are refused with 21610")
    public Response optOutAtTwilio(@PathParam("number") String number) {
        network.twilio().optOut(number);
        return Response.noContent().build();
    }

    @jakarta.ws.rs.DELETE
    @Path("twilio/opt-outs/{number}")
    @Operation(summary = "The number may receive messages again")
    public Response optInAtTwilio(@PathParam("number") String number) {
        network.twilio().optIn(number);
        return Response.noContent().build();
    }

    @GET
    @Path("twilio/violations")
    @Operation(summary = "What the services sent the emulated Twilio API that Twilio's OpenAPI spec does not define, "
            + "or required parameters they left out: empty while they speak Twilio's API as specified")
    public List<String> twilioViolations() {
        return network.twilio().violations();
    }

    private SimulatedCall find(String sid) {
        return network.call(sid).orElseThrow(() -> new NotFoundException("No simulated call " + sid));
    }

    static CallView view(SimulatedCall call) {
        SimulatedCall.Setup s = call.setup();
        return new CallView(s.callSid(), s.direction(), s.from(), s.to(), call.status(), call.created(),
                call.endedAt(), call.agentAudio().length / 8, call.clears(), call.marks(), call.log(), call.events(),
                call.transcript());
    }

    private static MessageView message(ObjectNode m) {
        List<String> media = new java.util.ArrayList<>();
        m.path("fake_media_urls").forEach(u -> media.add(u.asText()));
        return new MessageView(m.path("sid").asText(), m.path("from").isNull() ? null : m.path("from").asText(),
                m.path("to").asText(), m.path("body").asText(), m.path("status").asText(), media);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
