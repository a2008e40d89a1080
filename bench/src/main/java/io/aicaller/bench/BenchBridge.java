package io.aicaller.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vertx.core.http.WebSocketConnectOptions;

import io.aicaller.testkit.twilio.TwilioRequests;
import io.aicaller.testkit.twilio.TwilioSigner;

/** The packaged media-bridge as the benches start it, and what a Twilio Media Stream sends it first. */
final class BenchBridge {

    static final String TOKEN = "bench-auth-token";
    static final String PUBLIC_URL = "wss://bench.bridge.test";
    static final String PATH = "/webhooks/twilio/media";
    static final String ACCOUNT = "AC" + "0".repeat(31) + "1";

    private BenchBridge() {
    }

    /**
     * Starts the bridge on CPU 0 with the bench's agent (no greeting) against {@code modelUrl}; its JVM options come
     * from {@code BRIDGE_JAVA_OPTS}. Returns once it is Ready.
     */
    static Process start(Path jar, int httpPort, String bootstrap, String modelUrl, Path log, String... properties)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dopenai.realtime-url=" + modelUrl, "-Dbridge.default-profile=bench",
                "-Dbridge.profiles.bench.greeting="));
        all.addAll(List.of(properties));
        return Processes.startService(jar, httpPort, "BRIDGE_JAVA_OPTS", all,
                Map.of("TWILIO_AUTH_TOKEN", TOKEN, "BRIDGE_PUBLIC_URL", PUBLIC_URL, "OPENAI_API_KEY", "bench"), log);
    }

    /** A signed upgrade to the bridge's Media Streams endpoint, as Twilio makes it. */
    static WebSocketConnectOptions stream(int port) {
        return new WebSocketConnectOptions().setPort(port)
                .setHost("127.0.0.1")
                .setURI(PATH)
                .addHeader("X-Twilio-Signature", TwilioSigner.sign(TOKEN, PUBLIC_URL + PATH, Map.of()));
    }

    /** Twilio's {@code media} message carrying the caller's {@code frame}-th 20 ms frame (from 0) of a stream. */
    static String media(String streamSid, int frame, String base64Payload) {
        return new StringBuilder(360).append("{\"event\":\"media\",\"sequenceNumber\":\"")
                .append(frame + 2) // 1 was the start
                .append("\",\"streamSid\":\"")
                .append(streamSid)
                .append("\",\"media\":{\"track\":\"inbound\",\"chunk\":\"")
                .append(frame + 1)
                .append("\",\"timestamp\":\"")
                .append(frame * 20L)
                .append("\",\"payload\":\"")
                .append(base64Payload)
                .append("\"}}")
                .toString();
    }

    /** Twilio's {@code connected} and {@code start} for a new inbound call. */
    static List<String> opening(String streamSid) {
        return List.of("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}",
                "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + streamSid
                        + "\",\"start\":{\"accountSid\":\"" + ACCOUNT + "\",\"streamSid\":\"" + streamSid
                        + "\",\"callSid\":\"" + TwilioRequests.sid("CA")
                        + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
                        + "\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"from\":\"+14155550100\","
                        + "\"to\":\"+14155550199\"}}}");
    }
}
