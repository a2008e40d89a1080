package io.aicaller.sandbox.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "sandbox")
public interface SandboxConfig {

    /** The account the emulated Twilio API accepts (basic auth) and puts on every webhook. */
    @WithDefault("AC00000000000000000000000000000000")
    String accountSid();

    /** Its auth token: checked on API calls, and the key every webhook and stream upgrade is signed with. */
    @WithDefault("sandbox-auth-token")
    String authToken();

    /**
     * An API key of the emulated account: REST calls may authenticate with it instead of the auth token, as Twilio
     * recommends for production (the local run's messaging and numbers services do).
     */
    @WithDefault("SK00000000000000000000000000000001")
    String apiKeySid();

    @WithDefault("sandbox-api-key-secret")
    String apiKeySecret();

    /** Where the emulated Twilio REST API listens ({@code TWILIO_API_BASE_URL} of the services). */
    @WithDefault("127.0.0.1")
    String apiHost();

    @WithDefault("8089")
    int apiPort();

    /** Where the simulated phone network posts voice and SMS webhooks: the gateway's address. */
    @WithDefault("http://127.0.0.1:8080")
    String gatewayUrl();

    /** The gateway's API token, for the console's "the agent calls me" ({@code POST /api/calls}). */
    Optional<String> gatewayApiToken();

    /** The gateway's public base URL, which webhooks are signed over (default: {@link #gatewayUrl()}). */
    Optional<String> gatewayPublicUrl();

    /** The number simulated callers call from, and the agent's number they call. */
    @WithDefault("+14155550100")
    String callerNumber();

    @WithDefault("+14155550199")
    String agentNumber();

    /** Where the demo agent transfers callers who press 0. */
    @WithDefault("+14155550111")
    String transferNumber();

    /**
     * The key the demo tool ({@code /sandbox/tools/order-status}) checks request signatures with: the local run gives
     * the media-bridge the same value as {@code AICALLER_LOCAL_SIGNING_KEY}, the signing secret of local agents.
     */
    @WithDefault("local-signing-key")
    String toolSigningKey();

    /** A simulated call ends at this length if nothing else ends it. */
    @WithDefault("5m")
    Duration maxCallDuration();
}
