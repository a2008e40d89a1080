package io.aicaller.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import io.aicaller.testkit.FreePorts;
import io.aicaller.testkit.media.FakeRealtimeServer;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * N concurrent simulated Twilio calls through the packaged media-bridge (JVM mode) to a fake realtime model that
 * echoes the audio back. Each call sends a 20 ms frame every 20 ms, real-time paced, with its call number and a
 * sequence number in the frame's bytes; the echo tells the round trip and which frames were lost. Marks are echoed back
 * at once, as Twilio does when their audio has played. The bridge runs on
 * CPU 0; this generator, the fake model and the Kafka broker on CPU 1. Prints figures; asserts nothing.
 *
 * <p>
 * Arguments: {@code [bridgeJar] [calls, e.g. 100,500] [seconds per step] [spread|aligned]
 * [bridge|bridge-only|floor|direct]}. {@code bridge} (the default) measures the bridge, then the {@link RelayFloor}
 * under the same load, and prints the distance; {@code floor} or {@code bridge-only} one of them; with {@code direct}
 * nothing relays: each call sends its frames straight to the model as {@code input_audio_buffer.append}, so the round
 * trip is the generator's and the model's alone, the baseline that tells what the bridge adds. Each subject is
 * reported from a fresh process: a cold phase of 10 s from Ready, then each step.
 */
public final class MediaBridgeBench {

    private static final int FRAME = 160;
    private static final int FRAME_MS = 20;
    /** Frames counted as "at call start": the first 100 ms. */
    private static final int START_FRAMES = 5;
    /** Frames not counted as lost at the end of a step: the last 100 ms. */
    private static final int END_FRAMES = 5;
    private static long idleHeap;
    private static boolean aligned;
    /** What runs on CPU 0: the bridge, the floor relay, or nothing ({@code direct}). */
    private static String subject = "bridge";
    private static boolean direct;
    private static String modelUrl;

    /** What one step measured, for the bridge-against-floor summary. */
    private record Step(int calls, double cpu, double p99, long lost) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "media-bridge/target/quarkus-app/quarkus-run.jar");
        int[] steps = Arrays.stream((args.length > 1 ? args[1] : "100").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        aligned = args.length > 3 && "aligned".equals(args[3]);
        // "bridge" also runs the floor relay afterwards, under the same load, so the distance comes from one run.
        String mode = args.length > 4 ? args[4] : "bridge";
        if (!Files.exists(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it with mvn -pl media-bridge -am package");
        }
        Path work = Files.createTempDirectory("bridge-bench-");
        int kafkaPort = FreePorts.next();
        // The broker runs in a process of its own on the generator's core.
        Process broker = Processes.startBroker(kafkaPort, work.resolve("kafka"), 1, work.resolve("kafka.log"),
                "calls.lifecycle.v1", "calls.transcripts.v1", "calls.commands.v1", "messages.send-requests.v1");
        String bootstrap = "127.0.0.1:" + kafkaPort;

        FakeRealtimeServer model = FakeRealtimeServer.start();
        model.recordMessages(false);
        modelUrl = model.url();
        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
        System.out.printf("media-bridge bench: a cold phase of 10 s from Ready, then %d s per step, 20 ms frames %s"
                + " (logs in %s)%n", seconds, aligned ? "aligned (all calls in the same ms)" : "spread over the period",
                work);
        List<String> subjects = switch (mode) {
            case "floor" -> List.of("floor");
            case "direct" -> List.of("direct");
            case "bridge-only" -> List.of("bridge");
            default -> List.of("bridge", "floor");
        };
        if (!subjects.contains("direct")) {
            // The generator's own code is compiled first (calls straight to the model, nothing on CPU 0), so the
            // subject's cold phase is the subject's; printed too: it is the round trip's baseline.
            direct = true;
            subject = "model only";
            System.out.printf("%n== the generator warms up: calls straight to the model, nothing on CPU 0");
            runStep(vertx, client, -1, steps[0], 10, -1, 0, true);
        }
        Map<String, List<Step>> measured = new java.util.LinkedHashMap<>();
        for (String kind : subjects) {
            measured.put(kind, measure(kind, jar, bootstrap, work, vertx, client, steps, seconds));
        }
        if (measured.size() == 2) {
            System.out.printf("%n-- the bridge against the floor relay, same load, same run (steady steps)%n");
            List<Step> bridge = measured.get("bridge");
            List<Step> floor = measured.get("floor");
            for (int i = 0; i < bridge.size(); i++) {
                System.out.printf(
                        "%d calls      bridge CPU %.1f%%, p99 %.2f ms, lost %d; floor CPU %.1f%%, p99 %.2f ms,"
                                + " lost %d; the bridge adds %.1f points of a core%n",
                        bridge.get(i).calls(),
                        bridge.get(i).cpu(), bridge.get(i).p99(), bridge.get(i).lost(), floor.get(i).cpu(),
                        floor.get(i).p99(), floor.get(i).lost(), bridge.get(i).cpu() - floor.get(i).cpu());
            }
        }
        client.close();
        vertx.close();
        model.close();
        broker.destroy();
        // Test-side Vert.x threads are not daemons.
        System.exit(0);
    }

    /**
     * Starts {@code kind} on CPU 0 (nothing for {@code direct}), reports its launch to Ready, a cold phase of 10 s
     * from Ready with the first step's calls (what callers on a new pod hear: nothing warms it unreported), then
     * each step, and stops it.
     */
    private static List<Step> measure(String kind, Path jar, String bootstrap, Path work, Vertx vertx,
            WebSocketClient client, int[] steps, int seconds) throws Exception {
        direct = kind.equals("direct");
        subject = kind.equals("floor") ? "floor relay" : direct ? "model only" : "bridge";
        int httpPort = FreePorts.next();
        long launched = System.nanoTime();
        Process process = null;
        if (kind.equals("floor")) {
            // The thinnest relay over the same sockets, instead of the bridge: what the traffic itself costs here.
            process = Processes.start(List.of(Processes.javaBin(), "-Xmx512m", "-cp",
                    System.getProperty("java.class.path"), RelayFloor.class.getName(), String.valueOf(httpPort),
                    modelUrl), 0, Map.of(), work.resolve("floor.log"));
            Processes.awaitHttp200("http://127.0.0.1:" + httpPort + "/q/health/ready", Duration.ofSeconds(30),
                    process);
        } else if (!direct) {
            // Hundreds of calls open within a second here: no upgrade budget in the way.
            process = BenchBridge.start(jar, httpPort, bootstrap, modelUrl, work.resolve("bridge.log"),
                    "-Dbridge.max-upgrades-per-second=100000", "-Dbridge.max-pending-starts=100000");
        }
        long pid = process == null ? -1 : process.pid();
        long idleRss = pid < 0 ? 0 : Processes.rssKib(pid);
        System.out.printf("%n== %s on CPU 0: launch to Ready %.1f s, idle RSS %d MiB%n", subject,
                (System.nanoTime() - launched) / 1e9, idleRss / 1024);
        idleHeap = -1; // no baseline yet: the cold phase shows the heap, not a per-call share
        System.out.printf("-- cold: the first 10 s from Ready");
        runStep(vertx, client, httpPort, steps[0], 10, pid, idleRss, true);
        // The baseline for heap per call: no call open.
        idleHeap = pid < 0 ? -1 : Processes.heapAfterGcKib(pid);
        System.out.printf("%s heap after the cold phase, no calls: %d KiB%n", subject, idleHeap);
        List<Step> results = new ArrayList<>();
        for (int calls : steps) {
            System.out.printf("-- steady: %d calls for %d s", calls, seconds);
            results.add(runStep(vertx, client, httpPort, calls, seconds, pid, idleRss, true));
        }
        if (process != null) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return results;
    }

    /** One simulated call: its own socket, its sent timestamps by sequence number. */
    private static final class Call {
        final int id;
        final long[] sentAt;
        final boolean[] received;
        WebSocket socket;
        int sequence;
        String streamSid = TwilioRequests.sid("MZ");

        Call(int id, int maxFrames) {
            this.id = id;
            this.sentAt = new long[maxFrames];
            this.received = new boolean[maxFrames];
        }
    }

    private static Step runStep(Vertx vertx, WebSocketClient client, int port, int n, int seconds, long bridgePid,
            long idleRss, boolean report) throws Exception {
        int maxFrames = seconds * 50 + 100;
        List<Call> calls = new ArrayList<>();
        long[] rtt = new long[n * maxFrames];
        AtomicLong rttCount = new AtomicLong();
        AtomicLong crossed = new AtomicLong();
        // Twilio's side as the generator sees it: messages both ways, and media received.
        AtomicLong messages = new AtomicLong();
        AtomicLong mediaIn = new AtomicLong();
        for (int i = 0; i < n; i++) {
            Call call = new Call(i, maxFrames);
            WebSocketConnectOptions options = direct
                    ? new WebSocketConnectOptions().setAbsoluteURI(modelUrl + "?model=bench")
                    : BenchBridge.stream(port);
            call.socket = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            call.socket.textMessageHandler(text -> {
                messages.incrementAndGet();
                int at = text.indexOf(direct ? "\"delta\":\"" : "\"payload\":\"");
                if (at < 0) {
                    if (text.contains("\"event\":\"mark\"")) {
                        // Like Twilio, once the audio before it has played (here: at once).
                        call.socket.writeTextMessage(text);
                        messages.incrementAndGet();
                    }
                    return;
                }
                mediaIn.incrementAndGet();
                int from = text.indexOf('"', text.indexOf(':', at) + 1) + 1;
                // A bridge that batches the caller's audio gets it back from the echo in batches: a tag per frame.
                ByteBuffer tags = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(text.substring(from, text.indexOf('"',
                                from))));
                long arrived = System.nanoTime();
                for (int offset = 0; offset + 8 <= tags.limit(); offset += FRAME) {
                    int callId = tags.getInt(offset);
                    int seq = tags.getInt(offset + 4);
                    if (callId != call.id) {
                        crossed.incrementAndGet();
                        continue;
                    }
                    if (seq >= 0 && seq < maxFrames && !call.received[seq]) {
                        call.received[seq] = true;
                        long index = rttCount.getAndIncrement();
                        if (index < rtt.length) {
                            rtt[(int) index] = arrived - call.sentAt[seq];
                        }
                    }
                }
            });
            if (direct) {
                calls.add(call);
                continue;
            }
            BenchBridge.opening(call.streamSid).forEach(call.socket::writeTextMessage);
            calls.add(call);
        }

        long cpuBefore = Processes.cpuMillis(bridgePid);
        long kernelBefore = Processes.kernelMillis(bridgePid, false);
        long genCpuBefore = Processes.cpuMillis(ProcessHandle.current().pid());
        long[] drift = new long[seconds * 1000 + 10];
        AtomicLong ticks = new AtomicLong();
        // Real calls start at random moments, so their 20 ms frames arrive spread over the period: call i sends at
        // offset i * 20 / n ms. "aligned" sends every call's frame in the same millisecond (the worst case).
        List<List<Call>> slots = new ArrayList<>();
        for (int ms = 0; ms < FRAME_MS; ms++) {
            slots.add(new ArrayList<>());
        }
        for (Call call : calls) {
            slots.get(aligned ? 0 : call.id * FRAME_MS / n).add(call);
        }
        long startNanos = System.nanoTime();
        CompletableFuture<Void> done = new CompletableFuture<>();
        byte[] frame = new byte[FRAME];
        Arrays.fill(frame, (byte) 0x7F);
        Base64.Encoder base64 = Base64.getEncoder();
        vertx.setPeriodic(1, timer -> {
            long tick = ticks.getAndIncrement();
            long now = System.nanoTime();
            if (tick < drift.length) {
                drift[(int) tick] = now - (startNanos + (tick + 1) * 1_000_000L);
            }
            if (tick >= seconds * 1000L) {
                vertx.cancelTimer(timer);
                done.complete(null);
                return;
            }
            for (Call call : slots.get((int) (tick % FRAME_MS))) {
                int seq = call.sequence++;
                ByteBuffer.wrap(frame).putInt(call.id).putInt(seq);
                call.sentAt[seq] = System.nanoTime();
                if (direct) {
                    call.socket.writeTextMessage("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                            + base64.encodeToString(frame) + "\"}");
                    continue;
                }
                call.socket.writeTextMessage(BenchBridge.media(call.streamSid, seq, base64.encodeToString(frame)));
            }
        });
        done.get(seconds + 30L, TimeUnit.SECONDS);
        double wall = (System.nanoTime() - startNanos) / 1e9;
        long cpu = Processes.cpuMillis(bridgePid) - cpuBefore;
        long kernel = Processes.kernelMillis(bridgePid, false) - kernelBefore;
        long genCpu = Processes.cpuMillis(ProcessHandle.current().pid()) - genCpuBefore;
        long rss = Processes.rssKib(bridgePid);
        Thread.sleep(1000); // let the last echoes land
        // With every call still live: what stays on the heap per call after a full collection.
        long heap = report && bridgePid >= 0 ? Processes.heapAfterGcKib(bridgePid) : -1;

        long sent = 0;
        long lost = 0;
        long lostAtStart = 0;
        for (Call call : calls) {
            // A call's last frames may still sit in the bridge's input batch when the step ends (it sends them
            // when the next ones come): the last 100 ms are not counted.
            int counted = Math.max(0, call.sequence - END_FRAMES);
            sent += call.sequence;
            for (int s = 0; s < counted; s++) {
                if (!call.received[s]) {
                    lost++;
                    if (s < START_FRAMES) {
                        lostAtStart++;
                    }
                }
            }
        }
        if (!report) {
            for (Call call : calls) {
                call.socket.close();
            }
            Thread.sleep(2000);
            return null;
        }
        if (System.getenv("BENCH_DEBUG") != null) {
            StringBuilder pattern = new StringBuilder();
            for (int i = 0; i < Math.min(40, calls.get(0).sequence); i++) {
                pattern.append(calls.get(0).received[i] ? 'x' : '.');
            }
            System.out.println("  call 0 frames received: " + pattern);
        }
        int samples = (int) Math.min(rttCount.get(), rtt.length);
        long[] sorted = Arrays.copyOf(rtt, samples);
        Arrays.sort(sorted);
        long[] driftSorted = Arrays.copyOf(drift, (int) Math.min(ticks.get(), drift.length));
        Arrays.sort(driftSorted);
        System.out.printf(" (%d calls, %.0f s)%n", n, wall);
        System.out.printf("  frames       sent %d, lost %d (%d in the first %d ms of a call), crossed %d%n", sent,
                lost, lostAtStart, START_FRAMES * 20, crossed.get());
        if (!direct) {
            // The echo answers each append with one delta, and the bridge each delta with one media: the model's
            // socket carries two messages per media the generator receives.
            System.out.printf("  messages     %.2f through the %s per 20 ms frame (Twilio's socket both ways, and the"
                    + " model's)%n", (messages.get() + sent + 2.0 * mediaIn.get()) / Math.max(1, sent), subject);
        }
        System.out.printf(
                "  round trip   p50 %.2f ms  p99 %.2f ms  max %.2f ms (generator -> %s -> model -> back)%n",
                pct(sorted, 50), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, subject);
        if (bridgePid >= 0) {
            System.out.printf(
                    "  %-12s CPU %.1f%% of one core (%.1f%% in the kernel), RSS %d MiB (+%d KiB per call over idle)%n",
                    subject, 100.0 * cpu / 1000 / wall, 100.0 * kernel / 1000 / wall, rss / 1024,
                    (rss - idleRss) / Math.max(1, n));
            System.out.printf("  heap         %d KiB live after a full GC with the calls open (%d KiB per call)%n",
                    heap, heap < 0 || idleHeap < 0 ? -1 : (heap - idleHeap) / Math.max(1, n));
        }
        System.out.printf("  generator    CPU %.1f%% of one core (with the fake model; the broker shares it), "
                + "timer drift p50 %.2f ms p99 %.2f ms%n", 100.0 * genCpu / 1000 / wall, pct(driftSorted, 50),
                pct(driftSorted, 99));
        for (Call call : calls) {
            if (direct) {
                call.socket.close();
                continue;
            }
            call.socket.writeTextMessage("{\"event\":\"stop\",\"streamSid\":\"" + call.streamSid + "\",\"stop\":{}}");
            call.socket.close();
        }
        Thread.sleep(2000);
        return new Step(n, 100.0 * cpu / 1000 / wall, pct(sorted, 99), lost);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
