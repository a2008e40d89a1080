package io.aicaller.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import io.aicaller.testkit.FreePorts;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * What the packaged bridge adds to turn-taking, at N concurrent real-time calls: callers that speak for 800 ms,
 * stop for 600-1000 ms and speak again while the agent's reply still plays (a barge-in), against a {@link TurnModel}
 * that detects speech and replies at once. Measured at the caller's side of the bridge, as Twilio would see it:
 * <ul>
 * <li>barge-in: from the caller's first speech frame to the bridge's {@code clear};
 * <li>end of turn: from the caller's first silent frame to the first agent audio.
 * </ul>
 * Marks are echoed when the audio before them has played (a playout clock per call), and at once on {@code clear},
 * as Twilio does. The bridge runs on CPU 0, everything else on CPU 1. The first 10 s from Ready are reported apart
 * (cold), then the rest (steady). The bridge's settings come from {@code BRIDGE_JAVA_OPTS} (e.g.
 * {@code -Dbridge.input-batch=20ms}). Arguments: {@code [bridgeJar] [calls] [steady seconds]}. Prints figures;
 * asserts nothing.
 */
public final class TurnLatencyBench {

    private static final int FRAME_MS = 20;
    private static final int SPEECH_FRAMES = 40;
    private static final int REPLY_MS = 2000;
    private static final long COLD_NANOS = 10_000_000_000L;
    /** One 20 ms frame of a loud constant, and one of mu-law silence, as Twilio's base64 payload. */
    private static final String SPEECH = frame((byte) 0x2A);
    private static final String SILENCE = frame(TurnModel.SILENCE);

    private TurnLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "media-bridge/target/quarkus-app/quarkus-run.jar");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path work = Files.createTempDirectory("bridge-turns-");
        int kafkaPort = FreePorts.next();
        Process broker = Processes.startBroker(kafkaPort, work.resolve("kafka"), 1, work.resolve("kafka.log"),
                "calls.lifecycle.v1", "calls.transcripts.v1", "calls.commands.v1", "messages.send-requests.v1");
        // One event loop: every call's state is touched on one thread, the generator's core.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        TurnModel model = TurnModel.start(vertx, REPLY_MS);
        int port = FreePorts.next();
        long launched = System.nanoTime();
        Process bridge = BenchBridge.start(jar, port, "127.0.0.1:" + kafkaPort, model.url(),
                work.resolve("bridge.log"), "-Dbridge.max-upgrades-per-second=100000",
                "-Dbridge.max-pending-starts=100000");
        System.out.printf("turn-taking bench: %d calls, 800 ms of speech, 600-1000 ms of silence, %d ms replies"
                + " (logs in %s)%n== bridge on CPU 0: launch to Ready %.1f s, options [%s]%n", n, REPLY_MS, work,
                (System.nanoTime() - launched) / 1e9, System.getenv().getOrDefault("BRIDGE_JAVA_OPTS", ""));

        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
        List<Caller> callers = new ArrayList<>();
        Random random = new Random(17);
        for (int i = 0; i < n; i++) {
            Caller caller = new Caller(i * FRAME_MS / n, random);
            caller.socket = client.connect(BenchBridge.stream(port))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            caller.socket.textMessageHandler(caller::onMessage);
            BenchBridge.opening(caller.streamSid).forEach(caller.socket::writeTextMessage);
            callers.add(caller);
        }
        long start = System.nanoTime();
        long pid = bridge.pid();
        long[] cpuAtSteady = new long[1];
        CompletableFuture<Void> done = new CompletableFuture<>();
        long total = 10_000 + seconds * 1000L;
        long[] tick = new long[1];
        vertx.setPeriodic(1, timer -> {
            long ms = tick[0]++;
            if (ms == 10_000) {
                cpuAtSteady[0] = Processes.cpuMillis(pid);
            }
            if (ms >= total) {
                vertx.cancelTimer(timer);
                done.complete(null);
                return;
            }
            long now = System.nanoTime();
            for (Caller caller : callers) {
                caller.echoPlayedMarks(now);
                if (ms % FRAME_MS == caller.slot) {
                    caller.sendFrame(now, now - start < COLD_NANOS);
                }
            }
        });
        done.get(total / 1000 + 60, TimeUnit.SECONDS);
        long cpu = Processes.cpuMillis(pid) - cpuAtSteady[0];
        long rss = Processes.rssKib(pid);
        for (boolean cold : new boolean[]{true, false}) {
            System.out.printf("-- %s%n", cold ? "cold: the first 10 s from Ready" : "steady: " + seconds + " s");
            report("barge-in   ", "speech start to clear", callers, cold, true);
            report("end of turn", "caller stops to first agent audio", callers, cold, false);
        }
        System.out.printf("  bridge       CPU %.1f%% of one core over the steady part, RSS %d MiB at its end%n",
                100.0 * cpu / seconds / 1000, rss / 1024);
        client.close();
        bridge.destroy();
        bridge.waitFor(30, TimeUnit.SECONDS);
        model.close();
        vertx.close();
        broker.destroy();
        System.exit(0);
    }

    private static void report(String what, String how, List<Caller> callers, boolean cold, boolean bargeIn) {
        long[] all = callers.stream()
                .flatMapToLong(c -> (bargeIn ? c.bargeIns : c.turnEnds).stream()
                        .filter(s -> s.cold() == cold)
                        .mapToLong(Sample::nanos))
                .sorted()
                .toArray();
        long missed = callers.stream().mapToLong(c -> bargeIn ? c.missedBargeIns[cold ? 1 : 0] : 0).sum();
        if (all.length == 0) {
            System.out.printf("  %s none measured%n", what);
            return;
        }
        System.out.printf("  %s p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms  (%d, %s%s)%n", what,
                at(all, 0.50), at(all, 0.90), at(all, 0.99), all[all.length - 1] / 1e6, all.length, how,
                bargeIn ? ", " + missed + " without a clear" : "");
    }

    private static String frame(byte value) {
        byte[] frame = new byte[TurnModel.FRAME];
        Arrays.fill(frame, value);
        return Base64.getEncoder().encodeToString(frame);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (quantile * sorted.length))] / 1e6;
    }

    /** One latency measured, and whether in the cold 10 s. */
    private record Sample(boolean cold, long nanos) {
    }

    /** A mark Twilio holds until the audio before it has played. */
    private record HeldMark(long due, String text) {
    }

    /** One caller: a script of speech and silence, Twilio's playout of the agent's audio, and its measurements. */
    private static final class Caller {
        final int slot;
        final Random random;
        final String streamSid = TwilioRequests.sid("MZ");
        final List<Sample> bargeIns = new ArrayList<>();
        final List<Sample> turnEnds = new ArrayList<>();
        final long[] missedBargeIns = new long[2];
        final ArrayDeque<HeldMark> marks = new ArrayDeque<>();
        WebSocket socket;
        int sequence;
        boolean speaking;
        int framesLeft;
        long playedUntil;
        long bargeInSent;
        long stopSent;
        boolean cold;

        Caller(int slot, Random random) {
            this.slot = slot;
            this.random = random;
            framesLeft = 1 + random.nextInt(50);
        }

        void sendFrame(long now, boolean cold) {
            if (--framesLeft <= 0) {
                speaking = !speaking;
                framesLeft = speaking ? SPEECH_FRAMES : 30 + random.nextInt(21);
                if (speaking) {
                    if (bargeInSent != 0) {
                        missedBargeIns[this.cold ? 1 : 0]++;
                    }
                    // A barge-in only while the agent is heard: otherwise there is nothing to clear.
                    bargeInSent = playedUntil > now ? now : 0;
                } else {
                    stopSent = now;
                }
                this.cold = cold;
            }
            int seq = sequence++;
            socket.writeTextMessage(BenchBridge.media(streamSid, seq, speaking ? SPEECH : SILENCE));
        }

        void onMessage(String text) {
            long now = System.nanoTime();
            int payload = text.indexOf("\"payload\":\"");
            if (payload >= 0) {
                if (stopSent != 0) {
                    turnEnds.add(new Sample(cold, now - stopSent));
                    stopSent = 0;
                }
                int from = payload + 11;
                int length = text.indexOf('"', from) - from;
                long bytes = length / 4 * 3 - (text.charAt(from + length - 1) == '=' ? 1 : 0)
                        - (text.charAt(from + length - 2) == '=' ? 1 : 0);
                // mu-law at 8 kHz: 8 bytes a millisecond.
                playedUntil = Math.max(now, playedUntil) + bytes * 125_000;
            } else if (text.contains("\"event\":\"mark\"")) {
                marks.add(new HeldMark(playedUntil, text));
            } else if (text.contains("\"event\":\"clear\"")) {
                if (bargeInSent != 0) {
                    bargeIns.add(new Sample(cold, now - bargeInSent));
                    bargeInSent = 0;
                }
                playedUntil = now;
                echoPlayedMarks(Long.MAX_VALUE);
            }
        }

        /** Twilio sends a mark back once the audio before it has played. */
        void echoPlayedMarks(long now) {
            while (!marks.isEmpty() && marks.peek().due() <= now) {
                socket.writeTextMessage(marks.poll().text());
            }
        }
    }
}
