package io.aicaller.gateway.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.HttpServerStart;

import io.aicaller.events.CallReceived;
import io.aicaller.events.CloudEvent;
import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.messaging.EventPublisher;
import io.aicaller.gateway.service.WebhookUrls;
import io.aicaller.gateway.twilio.Twiml;
import io.aicaller.support.warmup.ListeningPort;

/**
 * Readies a fresh gateway before it reports Ready, so the first caller does not pay for it: the Kafka producer's
 * metadata for the lifecycle topic is fetched (else the first event waits for it), the TwiML template of a call is
 * rendered, an event is serialized, and a few hundred requests run through the HTTP stack, the REST layer and the
 * signature check from loopback (refused as unsigned: nothing is published, and loopback is a trusted proxy, so no
 * junk budget is spent). Bounded by {@code gateway.warmup.timeout}; readiness ({@link WarmupCheck}) never waits
 * longer.
 */
@ApplicationScoped
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class);

    private final EventPublisher events;
    private final WebhookUrls urls;
    private final ObjectMapper json;
    private final GatewayConfig.Warmup config;
    public static final String HEADER = "X-AiCaller-Warmup";
    /** Marks this process's own warm-up requests, so they are not counted or logged as refused webhooks. */
    private final String token = java.util.UUID.randomUUID().toString();
    private volatile HttpServerStart server;
    private volatile boolean done;
    private volatile long tookMs = -1;

    Warmup(EventPublisher events, WebhookUrls urls, ObjectMapper json, GatewayConfig config) {
        this.events = events;
        this.urls = urls;
        this.json = json;
        this.config = config.warmup();
    }

    /** Once the HTTP server listens (an asynchronous event): the requests go to the port it listens on. */
    void start(@ObservesAsync HttpServerStart server) {
        this.server = server;
        if (config.requests() <= 0) {
            done = true;
            return;
        }
        Thread thread = new Thread(this::run, "gateway-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long started = System.nanoTime();
        long deadline = started + config.timeout().toNanos();
        int target = ListeningPort.of(server, deadline);
        if (!events.warm(config.timeout())) {
            LOG.info("Warm-up: no Kafka metadata yet; the first event will fetch it");
        }
        try {
            urls.mediaStreamUrl().ifPresent(media -> {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (String name : new String[]{"from", "to", "callSid", "direction", "profile"}) {
                    parameters.put(name, "warmup");
                }
                Twiml.connectStream(media, urls.webhook("stream-status"), parameters);
            });
            json.writeValueAsString(CloudEvent.of("/webhook-gateway", new CallReceived("CA" + "0".repeat(32), "",
                    "", "inbound", "ringing", "warmup", "stream", Instant.now(), "", null), Instant.now(), "warmup"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI status = URI.create("http://127.0.0.1:" + target + WebhookUrls.BASE_PATH + "/status");
            for (int i = 0; i < config.requests() && System.nanoTime() < deadline; i++) {
                http.send(HttpRequest.newBuilder(status)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", "d2FybXVw")
                        .header(HEADER, token)
                        .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA" + "0".repeat(32)
                                + "&CallStatus=ringing&AccountSid=warmup&From=%2B14155550100"))
                        .build(), HttpResponse.BodyHandlers.discarding());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.infof("Warm-up stopped early: %s", e.toString());
        } finally {
            tookMs = (System.nanoTime() - started) / 1_000_000;
            done = true;
            LOG.infof("Warm-up done in %d ms", tookMs);
        }
    }

    /** Whether a request is one of this process's warm-up requests (never anyone else's: the token is random). */
    public boolean isWarmup(String header) {
        return token.equals(header);
    }

    public boolean done() {
        return done;
    }

    public long tookMs() {
        return tookMs;
    }
}
