package io.aicaller.gateway.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import io.aicaller.gateway.rest.WebhookMeters.Outcome;
import io.aicaller.gateway.service.FallbackConversation;
import io.aicaller.gateway.service.MessagingWebhookService;
import io.aicaller.gateway.service.StatusService;
import io.aicaller.gateway.service.TwilioWebhook;
import io.aicaller.gateway.service.VoiceService;
import io.aicaller.gateway.service.WebhookGuard;
import io.aicaller.gateway.service.WebhookUrls;
import io.aicaller.gateway.twilio.Twiml;

/**
 * Every Twilio webhook, as Vert.x routes: each one is signature-checked first (400 unsigned, 403 forged, nothing
 * processed); its event is acknowledged by Kafka (or kept in the outbox) before the 2xx goes back, since Twilio never
 * redelivers an informational callback. Plain routes rather than REST resources: each call brings several webhooks
 * and the REST layer's per-request machinery cost more than the work (bench/README); nothing here blocks.
 */
@ApplicationScoped
public class TwilioWebhookRoutes {

    private static final Logger LOG = Logger.getLogger(TwilioWebhookRoutes.class);

    static final List<String> KINDS = List.of("voice", "voice-fallback", "gather", "status", "stream-status",
            "recording-status", "amd-status", "sms", "sms-status");

    /** What a webhook is answered: a status, and a body of a type, or none. */
    record Answer(int status, String contentType, String body) {
        static final Answer NO_CONTENT = new Answer(204, null, null);
        static final Answer UNAVAILABLE = plain(503, "Event could not be recorded");

        static Answer xml(String twiml) {
            return new Answer(200, "text/xml; charset=utf-8", twiml);
        }

        static Answer plain(int status, String message) {
            return new Answer(status, "text/plain; charset=utf-8", message);
        }
    }

    private final WebhookGuard guard;
    private final VoiceService voice;
    private final FallbackConversation fallback;
    private final StatusService status;
    private final MessagingWebhookService messages;
    private final WebhookMeters meters;
    private final long maxBodyBytes;

    TwilioWebhookRoutes(WebhookGuard guard, VoiceService voice, FallbackConversation fallback, StatusService status,
            MessagingWebhookService messages, WebhookMeters meters,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.guard = guard;
        this.voice = voice;
        this.fallback = fallback;
        this.status = status;
        this.messages = messages;
        this.meters = meters;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void routes(@Observes Router router) {
        twiml(router, "voice", (webhook, request) -> voice.answer(webhook, request.getParam("profile"),
                variables(request)));
        twiml(router, "voice-fallback", (webhook, request) -> {
            LOG.warnf("Twilio used the voice fallback for call %s: error %s at %s", webhook.param("CallSid"),
                    webhook.param("ErrorCode"), webhook.param("ErrorUrl"));
            return CompletableFuture.completedFuture(voice.errorTwiml("twilio-fallback"));
        });
        twiml(router, "gather", (webhook, request) -> fallback.reply(webhook).subscribeAsCompletionStage());
        recorded(router, "status", (webhook, request) -> status.callStatus(webhook));
        recorded(router, "stream-status", (webhook, request) -> status.streamStatus(webhook));
        // The agent rides in the callback URL the gateway gave Twilio (signed with it), for its retention.
        recorded(router, "recording-status", (webhook, request) -> status.recordingStatus(webhook,
                request.getParam("agent")));
        recorded(router, "amd-status", (webhook, request) -> status.machineDetection(webhook));
        // An inbound text is answered with an empty <Response/>: no automatic reply.
        route(router, "sms", (webhook, request) -> messages.received(webhook)
                .thenApply(ignored -> Answer.xml(Twiml.emptyMessagingResponse())), failure -> Answer.UNAVAILABLE);
        recorded(router, "sms-status", (webhook, request) -> messages.status(webhook));
    }

    /** The outbound call's {@code var_*} query parameters, passed on to the bridge. */
    private static Map<String, String> variables(HttpServerRequest request) {
        Map<String, String> variables = new LinkedHashMap<>();
        request.params().forEach((name, value) -> {
            if (name.startsWith(VoiceService.VARIABLE_PREFIX)) {
                variables.put(name, value);
            }
        });
        return variables;
    }

    /** A webhook answered with TwiML: never a 5xx, since Twilio would then play its own error to the caller. */
    private void twiml(Router router, String kind,
            BiFunction<TwilioWebhook, HttpServerRequest, CompletionStage<String>> handler) {
        route(router, kind, (webhook, request) -> handler.apply(webhook, request).thenApply(Answer::xml),
                failure -> Answer.xml(voice.errorTwiml(kind)));
    }

    /** An informational callback: 204 once its event is durable, 503 when it could not be recorded. */
    private void recorded(Router router, String kind,
            BiFunction<TwilioWebhook, HttpServerRequest, CompletionStage<Void>> handler) {
        route(router, kind,
                (webhook, request) -> handler.apply(webhook, request).thenApply(ignored -> Answer.NO_CONTENT),
                failure -> Answer.UNAVAILABLE);
    }

    private void route(Router router, String kind,
            BiFunction<TwilioWebhook, HttpServerRequest, CompletionStage<Answer>> handler,
            Function<Throwable, Answer> onFailure) {
        router.post(WebhookUrls.BASE_PATH + "/" + kind)
                .handler(context -> receive(context, new Webhook(kind, handler, onFailure, System.nanoTime())));
    }

    private record Webhook(String kind, BiFunction<TwilioWebhook, HttpServerRequest, CompletionStage<Answer>> handler,
            Function<Throwable, Answer> onFailure, long arrived) {
    }

    /** Reads the body (up to quarkus.http.limits.max-body-size) and hands it on; refuses what is not a webhook. */
    private void receive(RoutingContext context, Webhook webhook) {
        HttpServerRequest request = context.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean json = startsWithIgnoreCase(type, "application/json");
        if (!json && !startsWithIgnoreCase(type, "application/x-www-form-urlencoded")) {
            answer(context, webhook, Answer.plain(415, "A Twilio webhook is form-encoded or JSON"));
            return;
        }
        long declared = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared > maxBodyBytes) {
            tooLarge(context, webhook);
            return;
        }
        Buffer body = Buffer.buffer(declared < 0 ? 1024 : (int) declared);
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                refused[0] = true;
                tooLarge(context, webhook);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(ended -> {
            if (!refused[0]) {
                handle(context, webhook, body.toString(java.nio.charset.StandardCharsets.UTF_8), json);
            }
        });
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value != null && value.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The declared body length; -1 when none is declared (chunked), Long.MAX_VALUE when it is not a number. */
    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void tooLarge(RoutingContext context, Webhook webhook) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        answer(context, webhook, Answer.plain(413, "Webhook body too large"));
    }

    private void handle(RoutingContext context, Webhook webhook, String body, boolean json) {
        HttpServerRequest request = context.request();
        String kind = webhook.kind();
        TwilioWebhook verified;
        try {
            verified = guard.verify(kind, request, body, json);
        } catch (WebhookGuard.Refused refused) {
            if (refused.counted()) {
                meters.count(kind, Outcome.REFUSED);
            }
            answer(context, webhook, Answer.plain(refused.status(), refused.getMessage()));
            return;
        }
        CompletionStage<Answer> handled;
        try {
            handled = webhook.handler().apply(verified, request);
        } catch (WebhookGuard.Refused refused) {
            meters.count(kind, Outcome.INVALID);
            answer(context, webhook, Answer.plain(refused.status(), refused.getMessage()));
            return;
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        Context loop = Vertx.currentContext();
        handled.whenComplete((answer, failure) -> {
            Answer sent;
            if (failure == null) {
                meters.count(kind, Outcome.OK);
                sent = answer;
            } else {
                LOG.errorf("%s webhook failed: %s", kind, failure.toString());
                meters.count(kind, Outcome.FAILED);
                sent = webhook.onFailure().apply(failure);
            }
            // The broker's acknowledgement arrives on the producer's thread; the answer is written on the request's.
            if (loop == null || Vertx.currentContext() == loop) {
                answer(context, webhook, sent);
            } else {
                loop.runOnContext(ignored -> answer(context, webhook, sent));
            }
        });
    }

    private void answer(RoutingContext context, Webhook webhook, Answer answer) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(answer.status());
        if (answer.body() == null) {
            response.end();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType()).end(answer.body());
        }
        meters.answered(webhook.kind(), System.nanoTime() - webhook.arrived());
    }
}
