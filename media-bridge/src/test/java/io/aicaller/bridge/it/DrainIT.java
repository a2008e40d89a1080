package io.aicaller.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.aicaller.events.EventType;
import io.aicaller.events.Topics;
import io.aicaller.testkit.CloudEventReader;
import io.aicaller.testkit.FreePorts;
import io.aicaller.testkit.KafkaBroker;
import io.aicaller.testkit.media.FakeRealtimeServer;
import io.aicaller.testkit.media.MediaStreamsCaller;

/**
 * The packaged bridge, sent SIGTERM as Kubernetes does, with a live call: readiness goes down at once and new streams
 * are refused with 503, while the live call is still served until the drain grace ends it with
 * {@code call.stream-ended} reason {@code drain}; then the process exits.
 */
class DrainIT {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final String TOKEN = "drain-it-token";
    static final String PUBLIC_URL = "wss://bridge.it";
    static final String PATH = "/webhooks/twilio/media";

    static KafkaBroker broker;
    static FakeRealtimeServer model;
    static Process bridge;
    static int port;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheBridge() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopics(Topics.ALL.toArray(String[]::new));
        model = FakeRealtimeServer.start();
        port = FreePorts.next();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("the packaged bridge (mvn package)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dopenai.realtime-url=" + model.url(),
                "-Dbridge.drain-grace=4s",
                "-Dbridge.profiles.quiet.greeting=",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/drain-it-bridge.log"));
        builder.environment().putAll(Map.of("BRIDGE_PUBLIC_URL", PUBLIC_URL, "TWILIO_AUTH_TOKEN", TOKEN));
        bridge = builder.start();
        // Ready only after its warm-up (calls through itself, seconds on a busy machine).
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (readiness() != 200) {
            if (System.nanoTime() > deadline || !bridge.isAlive()) {
                throw new AssertionError("The bridge did not become ready: " + log());
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (bridge != null && bridge.isAlive()) {
            bridge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (model != null) {
            model.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sigtermTakesThePodOutAtOnceAndLetsTheLiveCallFinish() throws Exception {
        try (MediaStreamsCaller live = connect()) {
            live.start(Map.of("from", "+14155550100", "to", "+14155550199", "callSid", live.callSid(), "profile",
                    "quiet"));
            // Two frames at a time: the packaged bridge sends the caller's audio to the model 40 ms at a time.
            live.media(frame(0x21));
            live.media(frame(0x21));
            live.await(c -> c.audio().length == 320, TIMEOUT, "echo before SIGTERM");

            long sigterm = System.nanoTime();
            bridge.toHandle().destroy(); // SIGTERM
            long deadline = sigterm + Duration.ofSeconds(2).toNanos();
            int status = readiness();
            while (status != 503 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                status = readiness();
            }
            assertThat(status).as("readiness within 2 s of SIGTERM").isEqualTo(503);
            assertThatThrownBy(DrainIT::connect).isInstanceOfSatisfying(MediaStreamsCaller.UpgradeRefused.class,
                    e -> assertThat(e.status()).isEqualTo(503));

            live.media(frame(0x22));
            live.media(frame(0x22));
            live.await(c -> c.audio().length == 640, TIMEOUT, "the live call still served");
            assertThat(Arrays.copyOfRange(live.audio(), 480, 640)).isEqualTo(frame(0x22));
            assertThat(bridge.isAlive()).isTrue();

            live.awaitClosed(TIMEOUT);
            try (CloudEventReader reader = CloudEventReader.fromBeginning(broker.bootstrapServers(),
                    Topics.CALLS_LIFECYCLE)) {
                var ended = reader.await(1, TIMEOUT, e -> live.callSid().equals(e.subject())
                        && EventType.CALL_STREAM_ENDED.ceType().equals(e.type())).get(0);
                assertThat(ended.json().path("reason").asText()).isEqualTo("drain");
            }
            assertThat(bridge.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the process exits").isTrue();
        }
    }

    static MediaStreamsCaller connect() {
        return MediaStreamsCaller.connect("ws://127.0.0.1:" + port + PATH, PUBLIC_URL + PATH, TOKEN);
    }

    static int readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static byte[] frame(int tag) {
        byte[] frame = new byte[160];
        Arrays.fill(frame, (byte) tag);
        return frame;
    }

    static String log() {
        try {
            return Files.readString(Path.of("target/drain-it-bridge.log"));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
