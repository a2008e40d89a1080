package io.aicaller.messaging.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

import io.aicaller.messaging.MessageView;
import io.aicaller.messaging.SendOutcome;
import io.aicaller.messaging.messaging.OptOuts;
import io.aicaller.messaging.service.MessagingService;
import io.aicaller.messaging.sms.Segments;
import io.aicaller.support.phone.PhoneNumbers;

/** SMS and MMS: send (once per idempotency key), read status, see a number's opt-out state. Bearer-token protected. */
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Messages")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "bearer")
@Blocking
public class MessagesResource {

    public record SendBody(String to, String from, String messagingServiceSid, String body, List<String> mediaUrls,
            String statusCallback) {
    }

    /** A sent message, with the parts and encoding it is billed as. */
    public record Sent(String requestId, String messageSid, String status, String to, String from, int segments,
            String encoding, int mediaCount) {
    }

    public record SegmentsBody(String body) {
    }

    public record SegmentsView(String encoding, int segments, int units) {
    }

    public record OptOutView(String number, boolean optedOut, String keyword, Instant changedAt) {
    }

    private final MessagingService messaging;
    private final OptOuts optOuts;

    MessagesResource(MessagingService messaging, OptOuts optOuts) {
        this.messaging = messaging;
        this.optOuts = optOuts;
    }

    @POST
    @Path("messages")
    @Operation(summary = "Send an SMS or MMS. Repeating a request with the same Idempotency-Key sends nothing new "
            + "and answers what the first one did. Twilio reports delivery to the gateway; with statusCallback, "
            + "each report is also forwarded there as Twilio would post it.")
    @APIResponse(responseCode = "201", description = "Twilio accepted the message")
    @APIResponse(responseCode = "200", description = "A repeat of an earlier request that sent the message")
    @APIResponse(responseCode = "400", description = "Refused: invalid input, opted-out recipient, or Twilio's code")
    @APIResponse(responseCode = "503", description = "Twilio unavailable after retries, or the service is starting")
    public Response send(SendBody body,
            @Parameter(description = "Any unique string; one message per key") @HeaderParam("Idempotency-Key") String key) {
        if (body == null) {
            throw new Refusal("invalid-body", "a JSON body with to and body or mediaUrls is required", null);
        }
        boolean keyed = key != null && !key.isBlank();
        String requestId = keyed ? key.strip() : UUID.randomUUID().toString();
        if (requestId.length() > 200) {
            throw new Refusal("invalid-body", "Idempotency-Key is at most 200 characters", null);
        }
        MessagingService.SendRequest request = new MessagingService.SendRequest(requestId, body.to(), body.from(),
                body.messagingServiceSid(), body.body(), body.mediaUrls(), null, body.statusCallback());
        MessagingService.Result result = keyed ? messaging.sendOnce(request) : messaging.send(request);
        SendOutcome outcome = result.outcome();
        if (!outcome.sent()) {
            throw new Refusal(outcome.reason(), outcome.message(), outcome.twilioCode());
        }
        return Response.status(result.replayed() ? 200 : 201)
                .header("Idempotent-Replayed", String.valueOf(result.replayed()))
                .entity(new Sent(outcome.requestId(), outcome.messageSid(), outcome.status(), outcome.to(),
                        outcome.from(), outcome.segments(), outcome.encoding(), outcome.mediaCount()))
                .build();
    }

    @GET
    @Path("messages/{sid}")
    @Operation(summary = "A message's latest status (from delivery reports; asks Twilio when unknown here)")
    public MessageView get(@PathParam("sid") String sid) {
        if (sid == null || !sid.matches("(SM|MM)[0-9a-fA-F]{32}")) {
            throw new Refusal("invalid-sid", "not a message SID: SM or MM followed by 32 hex digits", null);
        }
        return messaging.message(sid);
    }

    @POST
    @Path("messages/segments")
    @Operation(summary = "How a body would be encoded and how many billed segments it takes, without sending")
    public SegmentsView segments(SegmentsBody body) {
        Segments segments = Segments.of(body == null ? null : body.body());
        return new SegmentsView(segments.encoding().wireName(), segments.segments(), segments.units());
    }

    @GET
    @Path("opt-outs/{number}")
    @Operation(summary = "Whether a number opted out of messages")
    public OptOutView optOut(@PathParam("number") String number) {
        PhoneNumbers.e164Problem(number).ifPresent(problem -> {
            throw new Refusal("invalid-number", "number " + problem, null);
        });
        return optOuts.state(number)
                .map(s -> new OptOutView(number, s.optedOut(), s.keyword(), s.changedAt()))
                .orElse(new OptOutView(number, false, null, null));
    }

    /** A request refused with a reason; answered as 400 with the reason and Twilio's code. */
    public static class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String reason;
        private final Integer twilioCode;

        public Refusal(String reason, String message, Integer twilioCode) {
            super(message);
            this.reason = reason;
            this.twilioCode = twilioCode;
        }

        public String reason() {
            return reason;
        }

        public Integer twilioCode() {
            return twilioCode;
        }
    }
}
