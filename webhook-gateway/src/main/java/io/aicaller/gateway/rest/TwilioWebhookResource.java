package io.aicaller.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import io.aicaller.gateway.service.FallbackConversation;
import io.aicaller.gateway.service.MessagingWebhookService;
import io.aicaller.gateway.service.StatusService;
import io.aicaller.gateway.service.TwilioWebhook;
import io.aicaller.gateway.service.VoiceService;
import io.aicaller.gateway.service.WebhookGuard;
import io.aicaller.gateway.twilio.Twiml;

/**
 * Every Twilio webhook. Each one is signature-checked first (400 unsigned, 403 forged, nothing processed); its event
 * is acknowledged by Kafka before the 2xx goes back, since Twilio never redelivers an informational callback.
 */
@Path("/webhooks/twilio")
@Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
@Tag(name = "Twilio webhooks", description = "Called by Twilio; signed with X-Twilio-Signature")
public class TwilioWebhookResource {

    private static final Logger LOG = Logger.getLogger(TwilioWebhookResource.class);
    private static final String TEXT_XML = "text/xml; charset=utf-8";

    private final WebhookGuard guard;
    private final VoiceService voice;
    private final FallbackConversation fallback;
    private final StatusService status;
    private final MessagingWebhookService messages;
    private final MeterRegistry metrics;

    TwilioWebhookResource(WebhookGuard guard, VoiceService voice, FallbackConversation fallback, StatusService status,
            MessagingWebhookService messages, MeterRegistry metrics) {
        this.guard = guard;
        this.voice = voice;
        this.fallback = fallback;
        this.status = status;
        this.messages = messages;
        this.metrics = metrics;
    }

    @POST
    @Path("voice")
    @Operation(summary = "Incoming or outbound call: answers TwiML (Media Stream or Gather fallback)")
    public Uni<Response> voice(String body, HttpServerRequest request, @RestQuery String profile) {
        Map<String, String> variables = new LinkedHashMap<>();
        request.params().forEach((name, value) -> {
            if (name.startsWith(VoiceService.VARIABLE_PREFIX)) {
                variables.put(name, value);
            }
        });
        return twiml("voice", body, request, webhook -> voice.answer(webhook, profile, variables));
    }

    @POST
    @Path("voice-fallback")
    @Operation(summary = "Twilio's fallback when the voice URL failed: a polite apology, then the call ends")
    public Uni<Response> voiceFallback(String body, HttpServerRequest request) {
        return twiml("voice-fallback", body, request, webhook -> {
            LOG.warnf("Twilio used the voice fallback for call %s: error %s at %s", webhook.param("CallSid"),
                    webhook.param("ErrorCode"), webhook.param("ErrorUrl"));
            return Uni.createFrom().item(voice.errorTwiml("twilio-fallback"));
        });
    }

    @POST
    @Path("gather")
    @Operation(summary = "Speech gathered in fallback mode: answers the model's reply as TwiML")
    public Uni<Response> gather(String body, HttpServerRequest request) {
        return twiml("gather", body, request, fallback::reply);
    }

    @POST
    @Path("status")
    @Operation(summary = "Call progress callback")
    public Uni<Response> status(String body, HttpServerRequest request) {
        return recorded("status", body, request, status::callStatus);
    }

    @POST
    @Path("stream-status")
    @Operation(summary = "Media Stream status callback")
    public Uni<Response> streamStatus(String body, HttpServerRequest request) {
        return recorded("stream-status", body, request, status::streamStatus);
    }

    @POST
    @Path("recording-status")
    @Operation(summary = "Recording status callback")
    public Uni<Response> recordingStatus(String body, HttpServerRequest request) {
        String agent = request.getParam("agent"); // set by the gateway when it asked for the recording
        return recorded("recording-status", body, request, webhook -> status.recordingStatus(webhook, agent));
    }

    @POST
    @Path("amd-status")
    @Operation(summary = "Asynchronous answering machine detection result")
    public Uni<Response> amdStatus(String body, HttpServerRequest request) {
        return recorded("amd-status", body, request, status::machineDetection);
    }

    @POST
    @Path("sms")
    @Operation(summary = "Inbound SMS/MMS: answers an empty <Response/> (no automatic reply)")
    public Uni<Response> sms(String body, HttpServerRequest request) {
        return handle("sms", body, request, webhook -> messages.received(webhook)
                .map(ignored -> xml(Twiml.emptyMessagingResponse())), failure -> unavailable());
    }

    @POST
    @Path("sms-status")
    @Operation(summary = "Message delivery status callback")
    public Uni<Response> smsStatus(String body, HttpServerRequest request) {
        return recorded("sms-status", body, request, messages::status);
    }

    /** A webhook answered with TwiML: never a 5xx, since Twilio would then play its own error to the caller. */
    private Uni<Response> twiml(String kind, String body, HttpServerRequest request,
            Function<TwilioWebhook, Uni<String>> handler) {
        return handle(kind, body, request, webhook -> handler.apply(webhook).map(TwilioWebhookResource::xml),
                failure -> xml(voice.errorTwiml(kind)));
    }

    /** An informational callback: 204 once its event is acknowledged, 503 when it could not be recorded. */
    private Uni<Response> recorded(String kind, String body, HttpServerRequest request,
            Function<TwilioWebhook, Uni<Void>> handler) {
        return handle(kind, body, request,
                webhook -> handler.apply(webhook).map(ignored -> Response.noContent().build()),
                failure -> unavailable());
    }

    private Uni<Response> handle(String kind, String body, HttpServerRequest request,
            Function<TwilioWebhook, Uni<Response>> handler, Function<Throwable, Response> onFailure) {
        TwilioWebhook webhook;
        try {
            webhook = guard.verify(kind, request, body == null ? "" : body);
        } catch (WebhookGuard.Refused refused) {
            if (refused.counted()) {
                count(kind, "refused");
            }
            return Uni.createFrom().item(plain(refused.status(), refused.getMessage()));
        }
        Uni<Response> handled;
        try {
            handled = handler.apply(webhook);
        } catch (WebhookGuard.Refused refused) {
            count(kind, "invalid");
            return Uni.createFrom().item(plain(refused.status(), refused.getMessage()));
        }
        return handled
                .invoke(response -> count(kind, "ok"))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.errorf("%s webhook failed: %s", kind, failure.toString());
                    count(kind, "failed");
                    return onFailure.apply(failure);
                });
    }

    private void count(String kind, String outcome) {
        metrics.counter("gateway.webhooks", "type", kind, "outcome", outcome).increment();
    }

    private static Response xml(String twiml) {
        return Response.ok(twiml.getBytes(StandardCharsets.UTF_8), TEXT_XML).build();
    }

    private static Response unavailable() {
        return plain(503, "Event could not be recorded");
    }

    private static Response plain(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message).build();
    }
}
