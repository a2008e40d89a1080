package io.aicaller.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /**
     * The base URL Twilio is configured to call, e.g. {@code https://voice.example.com}. Signatures are checked
     * against it, and outbound calls point their webhooks at it.
     */
    Optional<String> publicBaseUrl();

    /**
     * Reverse proxies (addresses or CIDR ranges, e.g. the ingress controllers' pod network) whose
     * {@code X-Forwarded-For} names the real source of a request, and whose {@code X-Forwarded-Proto/Host} are
     * believed when no base URL is set.
     */
    Optional<List<String>> trustedProxies();

    /** How much junk one source address may send to the webhooks before it is turned away unread. */
    WebhookLimits webhookLimits();

    interface WebhookLimits {
        /** Refused webhooks (unsigned, forged, malformed) an address may send in a burst; then 429 unread. */
        @WithDefault("20")
        int refusalBurst();

        /** How fast an address earns back the right to one more refused webhook. */
        @WithDefault("1")
        double refusalsPerSecond();

        /** How many source addresses are tracked at once (the longest unseen are forgotten first). */
        @WithDefault("10000")
        int addresses();
    }

    /** How long a webhook waits for the broker to acknowledge its event. Twilio gives up after 15 s. */
    @WithDefault("5s")
    Duration publishTimeout();

    /**
     * Where events wait, durably, while the broker cannot take them: a webhook is answered once its event is here,
     * and they are published in order, with their ids, when the broker is back.
     */
    Outbox outbox();

    interface Outbox {
        /** A directory on a volume (the chart mounts one); survives a process restart, or more if it persists. */
        @WithDefault("${java.io.tmpdir}/ai-caller-gateway-outbox")
        String directory();

        /** Beyond this much waiting, webhooks get 503 (Twilio's fallback takes over) instead of being accepted. */
        @WithDefault("64M")
        MemorySize maxSize();
    }

    Streaming streaming();

    Recordings recordings();

    /** What a fresh process does before it reports Ready (see the Warmup readiness check). */
    Warmup warmup();

    interface Warmup {
        /** Requests sent through the HTTP stack and signature check from loopback; 0 turns the warm-up off. */
        @WithDefault("300")
        int requests();

        /** Readiness never waits longer for it. */
        @WithDefault("10s")
        Duration timeout();
    }

    /** Post-call analysis of calls whose agent asks for it. */
    Analysis analysis();

    interface Analysis {
        /** The text model; it must answer JSON objects (response_format json_object). */
        @WithDefault("gpt-4.1-mini")
        String model();

        /** An OpenAI-compatible API's base URL; defaults to {@code openai.chat-base-url}. */
        Optional<String> baseUrl();

        @WithDefault("60s")
        Duration timeout();

        /** First wait after a model outage (429, 5xx, no answer); doubled up to {@link #maxBackoff()}. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("60s")
        Duration maxBackoff();
    }

    interface Recordings {
        /** How often recordings whose agent's retention ran out are looked for and deleted at Twilio. */
        @WithDefault("10m")
        Duration sweepInterval();
    }

    Profiles profiles();

    Fallback fallback();

    Api api();

    Calls calls();

    interface Streaming {
        /** Answer calls with {@code <Connect><Stream>} to the media-bridge; otherwise the Gather fallback. */
        @WithDefault("true")
        boolean enabled();

        /** The bridge's public WebSocket URL; defaults to the public base URL as wss + /webhooks/twilio/media. */
        Optional<String> mediaUrl();

        /** The bridge's readiness URL; while it answers non-2xx, calls get the Gather fallback. */
        Optional<String> bridgeHealthUrl();

        @WithDefault("5s")
        Duration bridgeHealthInterval();
    }

    interface Profiles {
        /** Profile for numbers without an entry in {@link #numbers()}. */
        @WithDefault("default")
        String defaultProfile();

        /** Called number (E.164) to agent profile name. */
        Map<String, String> numbers();
    }

    interface Fallback {
        @WithDefault("Hello, you are speaking with an automated assistant. How can I help you?")
        String greeting();

        @WithDefault("Sorry, we are having trouble right now. Please call again later. Goodbye.")
        String errorMessage();

        @WithDefault("Thank you for calling. Goodbye.")
        String goodbye();

        @WithDefault("en-US")
        String language();

        @WithDefault("You are a helpful assistant on a phone call. Answer in one or two short spoken sentences.")
        String instructions();

        @WithDefault("gpt-4o-mini")
        String model();

        /** Caller turns before the assistant says goodbye. */
        @WithDefault("10")
        int maxTurns();
    }

    interface Api {
        /** Bearer token for {@code /api/*}; from {@code GATEWAY_API_TOKEN}. Without it the API refuses everyone. */
        Optional<String> token();
    }

    interface Calls {
        /** Caller ID for outbound calls that name none. */
        Optional<String> defaultFrom();

        @WithDefault("30")
        int defaultTimeoutSeconds();
    }
}
