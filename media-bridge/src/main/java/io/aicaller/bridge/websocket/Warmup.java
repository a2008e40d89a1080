package io.aicaller.bridge.websocket;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ImageMode;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import io.aicaller.bridge.client.OpenAiRealtimeModel;
import io.aicaller.bridge.client.RealtimeModel;
import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.support.warmup.ListeningPort;

/**
 * Readies a fresh bridge before it reports Ready. A pod is given calls the moment it is Ready, and on its one core
 * the JIT would otherwise compile the frame path while callers' audio waits on it. So the bridge first calls itself:
 * a few calls from loopback through its own Media Streams endpoint (the upgrade, the parser, the session, the model
 * client and protocol, marks echoed as Twilio does), at ten times Twilio's pace, against a {@link WarmupModel} that
 * echoes audio back, then waits for the compilations this queued to finish. Its calls carry a header with a random
 * per-process token instead of a signature; they publish nothing, count in no metric and use no real model. Bounded
 * by {@code bridge.warmup.timeout}; readiness ({@code WarmupCheck}) never waits longer. In a native executable there
 * is nothing to compile, and it does nothing.
 */
@ApplicationScoped
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class);
    static final String HEADER = "X-AiCaller-Warmup";
    private static final String PATH = "/webhooks/twilio/media";
    private static final long FRAME_EVERY_MS = 2;
    private static final long SETTLE_MS = 4000;
    /** 160 bytes of mu-law silence: one 20 ms frame. */
    private static final String SILENCE = "////".repeat(53) + "/w==";

    private final String token = UUID.randomUUID().toString();
    private final Vertx vertx;
    private final OpenAiRealtimeModel model;
    private final ObjectMapper json;
    private final BridgeConfig.Warmup config;
    private final AtomicLong framesEchoed = new AtomicLong();
    private volatile RealtimeModel loopback;
    private volatile boolean done;
    private volatile long tookMs = -1;

    Warmup(Vertx vertx, OpenAiRealtimeModel model, ObjectMapper json, BridgeConfig config) {
        this.vertx = vertx;
        this.model = model;
        this.json = json;
        this.config = config.warmup();
    }

    /** Once the HTTP server listens (an asynchronous event): the calls go to the port it listens on. */
    void start(@ObservesAsync HttpServerStart server) {
        if (config.calls() <= 0 || ImageMode.current().isNativeImage()) {
            done = true;
            return;
        }
        Thread thread = new Thread(() -> run(server), "bridge-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether an upgrade is one of this process's warm-up calls (never anyone else's: the token is random). */
    boolean isWarmup(String header) {
        return token.equals(header);
    }

    /** The loopback model the warm-up's calls talk to. */
    RealtimeModel model() {
        return loopback;
    }

    public boolean done() {
        return done;
    }

    public long tookMs() {
        return tookMs;
    }

    /** Frames of the warm-up's calls that came back through the bridge as agent audio. */
    public long framesEchoed() {
        return framesEchoed.get();
    }

    private void run(HttpServerStart server) {
        long started = System.nanoTime();
        long deadline = started + config.timeout().toNanos();
        WarmupModel echo = null;
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(
                config.calls()));
        List<WebSocket> calls = new ArrayList<>();
        try {
            int port = ListeningPort.of(server, deadline);
            echo = WarmupModel.start(vertx, json).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            loopback = model.at(echo.url());
            for (int i = 0; i < config.calls(); i++) {
                calls.add(call(client, port, i));
            }
            send(calls, System.nanoTime() + config.duration().toNanos());
            for (int i = 0; i < calls.size(); i++) {
                calls.get(i)
                        .writeTextMessage("{\"event\":\"stop\",\"streamSid\":\"" + streamSid(i) + "\",\"stop\":{}}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.infof("Warm-up stopped early: %s", e.toString());
        } finally {
            calls.forEach(WebSocket::close);
            client.close();
            if (echo != null) {
                echo.close();
            }
            awaitCompilations(deadline);
            tookMs = (System.nanoTime() - started) / 1_000_000;
            done = true;
            LOG.infof("Warm-up done in %d ms: %d calls, %d frames back through the bridge", tookMs, calls.size(),
                    framesEchoed.get());
        }
    }

    private WebSocket call(WebSocketClient client, int port, int index) throws Exception {
        WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(port)
                .setURI(PATH)
                .addHeader(HEADER, token)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        String streamSid = streamSid(index);
        socket.textMessageHandler(text -> {
            if (text.contains("\"event\":\"mark\"")) {
                socket.writeTextMessage(text); // as Twilio does once the audio before it has played
            } else if (text.contains("\"event\":\"media\"")) {
                int from = text.indexOf("\"payload\":\"") + 11;
                framesEchoed.addAndGet((text.indexOf('"', from) - from) / 4 * 3 / 160);
            }
        });
        socket.writeTextMessage("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        socket.writeTextMessage("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + streamSid
                + "\",\"start\":{\"accountSid\":\"AC" + "0".repeat(32) + "\",\"streamSid\":\"" + streamSid
                + "\",\"callSid\":\"" + String.format("CA%032d", index) + "\",\"tracks\":[\"inbound\"],"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
                + "\"customParameters\":{}}}");
        return socket;
    }

    private static String streamSid(int index) {
        return String.format("MZ%032d", index);
    }

    /** Every call sends a frame every {@link #FRAME_EVERY_MS} until {@code untilNanos}. */
    private void send(List<WebSocket> calls, long untilNanos) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        long[] sequence = new long[1];
        vertx.setPeriodic(FRAME_EVERY_MS, timer -> {
            if (System.nanoTime() >= untilNanos) {
                vertx.cancelTimer(timer);
                sent.complete(null);
                return;
            }
            long seq = ++sequence[0];
            for (int i = 0; i < calls.size(); i++) {
                calls.get(i)
                        .writeTextMessage("{\"event\":\"media\",\"sequenceNumber\":\"" + (seq + 1)
                                + "\",\"streamSid\":\"" + streamSid(i) + "\",\"media\":{\"track\":\"inbound\","
                                + "\"chunk\":\"" + seq + "\",\"timestamp\":\"" + seq * 20 + "\",\"payload\":\""
                                + SILENCE
                                + "\"}}");
            }
        });
        sent.get(untilNanos - System.nanoTime() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until the JIT spends less than a tenth of its time compiling (what the calls queued is done; a live JVM
     * always compiles a little), at most {@link #SETTLE_MS} or until the deadline.
     */
    private static void awaitCompilations(long deadline) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long until = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS));
        long before = jit.getTotalCompilationTime();
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            if (now - before < 25) {
                return;
            }
            before = now;
        }
    }
}
