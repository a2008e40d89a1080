package io.aicaller.gateway.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;

import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.config.TwilioConfig;
import io.aicaller.gateway.health.Warmup;
import io.aicaller.gateway.rest.WebhookThrottle;
import io.aicaller.gateway.twilio.FormBody;
import io.aicaller.gateway.twilio.PublicUrl;
import io.aicaller.gateway.twilio.WebhookSignatures;
import io.aicaller.gateway.twilio.WebhookSignatures.Verdict;

/** Checks a webhook's Twilio signature against the public URL before anything else looks at it. */
@ApplicationScoped
public class WebhookGuard {

    private static final Logger LOG = Logger.getLogger(WebhookGuard.class);

    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    public static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";

    /** Why a webhook was refused; {@link #status} is the HTTP answer. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final boolean counted;

        public Refused(int status, String message) {
            this(status, message, true);
        }

        private Refused(int status, String message, boolean counted) {
            super(message, null, false, false);
            this.status = status;
            this.counted = counted;
        }

        public int status() {
            return status;
        }

        /** False for the process's own warm-up requests: not a refusal worth a metric. */
        public boolean counted() {
            return counted;
        }
    }

    private final Optional<WebhookSignatures> signatures;
    private final Optional<String> publicBaseUrl;
    private final WebhookThrottle throttle;
    private final Warmup warmup;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    WebhookGuard(GatewayConfig gateway, TwilioConfig twilio, ObjectMapper json, MeterRegistry metrics,
            WebhookThrottle throttle, Warmup warmup) {
        this.warmup = warmup;
        List<String> tokens = new ArrayList<>();
        twilio.authToken().ifPresent(tokens::add);
        twilio.previousAuthTokens().ifPresent(tokens::addAll);
        tokens.removeIf(t -> t == null || t.isBlank());
        this.signatures = tokens.isEmpty() ? Optional.empty() : Optional.of(new WebhookSignatures(tokens));
        this.publicBaseUrl = gateway.publicBaseUrl();
        this.throttle = throttle;
        this.json = json;
        this.metrics = metrics;
    }

    public boolean configured() {
        return signatures.isPresent();
    }

    /**
     * @param json whether the body is JSON (signed through {@code bodySHA256}) rather than form-encoded
     * @throws Refused 400 without a signature or with a malformed body, 403 with a wrong one, 503 when no auth
     *         token is configured
     */
    public TwilioWebhook verify(String kind, HttpServerRequest request, String body, boolean json) {
        if (signatures.isEmpty()) {
            throw refuse(kind, 503, "not-configured", "Twilio auth token is not configured");
        }
        String url = PublicUrl.of(publicBaseUrl, origin(request), throttle::viaTrustedProxy, request.uri());
        String signature = request.getHeader(SIGNATURE_HEADER);
        Map<String, String> params;
        Verdict verdict;
        try {
            if (json) {
                verdict = signatures.get().verifyJson(url, body, signature);
                params = verdict == Verdict.VALID ? flatJson(body) : Map.of();
            } else {
                params = FormBody.parse(body);
                verdict = signatures.get().verifyForm(url, params, signature);
            }
        } catch (IllegalArgumentException e) {
            throttle.refused(request);
            throw refuse(kind, 400, "malformed", "Malformed webhook body");
        }
        if (verdict != Verdict.VALID) {
            throttle.refused(request);
        }
        if (verdict == Verdict.MISSING) {
            throw refuse(kind, 400, "missing", "Missing " + SIGNATURE_HEADER + " header");
        }
        if (verdict == Verdict.INVALID && warmup.isWarmup(request.getHeader(Warmup.HEADER))) {
            throw new Refused(403, "warm-up", false); // the process readying itself
        }
        if (verdict == Verdict.INVALID) {
            throw refuse(kind, 403, "invalid", "Invalid Twilio signature");
        }
        return new TwilioWebhook(params, request.getHeader(IDEMPOTENCY_HEADER));
    }

    private Refused refuse(String kind, int status, String reason, String message) {
        metrics.counter("gateway.signatures.rejected", "webhook", kind, "reason", reason).increment();
        LOG.warnf("Refused %s webhook: %s", kind, message);
        return new Refused(status, message);
    }

    private Map<String, String> flatJson(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("JSON webhook body is not an object");
            }
            Map<String, String> params = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                params.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText()
                        : field.getValue().toString());
            }
            return params;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("JSON webhook body does not parse", e);
        }
    }

    private static PublicUrl.Origin origin(HttpServerRequest request) {
        String remote = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String host = request.authority() == null ? request.getHeader("Host") : request.authority().toString();
        return new PublicUrl.Origin(request.scheme(), host, remote, request.getHeader("X-Forwarded-Proto"),
                request.getHeader("X-Forwarded-Host"));
    }
}
