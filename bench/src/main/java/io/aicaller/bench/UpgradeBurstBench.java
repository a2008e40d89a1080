package io.aicaller.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import io.aicaller.testkit.FreePorts;
import io.aicaller.testkit.KafkaBroker;
import io.aicaller.testkit.media.FakeRealtimeServer;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * What a burst of Media Stream upgrade attempts takes from a live call. The packaged bridge runs on CPU 0; one live
 * call streams 20 ms frames through it to a fake model that echoes them, and its round trip is measured frame by
 * frame: first quietly, then while bursts of connection attempts (unsigned, forged or signed without a
 * {@code start}) arrive once a second, then quietly again. Everything but the bridge shares CPU 1, so the generator's
 * own delays show up in the baseline too. Prints figures; asserts nothing.
 */
public final class UpgradeBurstBench {

    private UpgradeBurstBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("attack")) {
            attack(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "media-bridge/target/quarkus-app/quarkus-run.jar");
        int perBurst = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int bursts = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String kind = args.length > 3 ? args[3] : "unsigned";
        Path work = Files.createTempDirectory("bridge-burst-");
        KafkaBroker broker = KafkaBroker.start(FreePorts.next(), work.resolve("kafka"));
        KafkaBroker.createTopics(broker.bootstrapServers(), java.util.Set.of(), "calls.lifecycle.v1",
                "calls.transcripts.v1", "calls.commands.v1", "messages.send-requests.v1");
        FakeRealtimeServer model = FakeRealtimeServer.start();
        model.recordMessages(false);
        int port = FreePorts.next();
        Process bridge = BenchBridge.start(jar, port, broker.bootstrapServers(), model.url(),
                work.resolve("bridge.log"));

        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                .setConnectTimeout(10_000));
        WebSocket live = client.connect(BenchBridge.stream(port))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        int maxFrames = 50 * (2 * bursts + 20);
        long[] sentAt = new long[maxFrames];
        long[] sentWall = new long[maxFrames];
        long[] rtt = new long[maxFrames];
        live.textMessageHandler(text -> {
            int at = text.indexOf("\"payload\":\"");
            if (at < 0) {
                if (text.contains("\"event\":\"mark\"")) {
                    live.writeTextMessage(text);
                }
                return;
            }
            int from = at + 11;
            byte[] frame = Base64.getDecoder().decode(text.substring(from, text.indexOf('"', from)));
            int seq = ByteBuffer.wrap(frame).getInt();
            if (seq >= 0 && seq < maxFrames && rtt[seq] == 0) {
                rtt[seq] = System.nanoTime() - sentAt[seq];
            }
        });
        String streamSid = TwilioRequests.sid("MZ");
        BenchBridge.opening(streamSid).forEach(live::writeTextMessage);
        AtomicInteger seq = new AtomicInteger();
        long timer = vertx.setPeriodic(20, id -> {
            int n = seq.getAndIncrement();
            if (n >= maxFrames) {
                return;
            }
            ByteBuffer frame = ByteBuffer.allocate(160);
            frame.putInt(n);
            sentAt[n] = System.nanoTime();
            sentWall[n] = System.currentTimeMillis();
            live.writeTextMessage(BenchBridge.media(streamSid, n, Base64.getEncoder().encodeToString(frame.array())));
        });

        System.out.printf("upgrade bursts: %d %s attempts a second for %d s beside one live call; bridge on CPU 0"
                + " (logs in %s)%n", perBurst, kind, bursts, work);
        Thread.sleep(5000);
        int quietEnd = seq.get();
        long cpuBefore = Processes.cpuMillis(bridge.pid());
        // The attacker is its own process on the generator's core at the lowest priority: it gets that core's
        // leftovers, so what the live call loses is what the bridge lost, not the generator.
        Process attacker = Processes.start(List.of("nice", "-n", "19", Processes.javaBin(), "-cp",
                System.getProperty("java.class.path"), UpgradeBurstBench.class.getName(), "attack",
                String.valueOf(port), String.valueOf(perBurst), String.valueOf(bursts), kind), 1, Map.of(),
                work.resolve("attacker.log"));
        attacker.waitFor(bursts * 30L + 30, TimeUnit.SECONDS);
        String attackLog = Files.readString(work.resolve("attacker.log"));
        java.util.regex.Matcher window = java.util.regex.Pattern.compile("BURSTS (\\d+) (\\d+)").matcher(attackLog);
        long burstFrom = window.find() ? Long.parseLong(window.group(1)) : Long.MAX_VALUE;
        long burstTo = burstFrom == Long.MAX_VALUE ? Long.MAX_VALUE : Long.parseLong(window.group(2));
        int burstStart = quietEnd;
        while (burstStart < maxFrames && sentWall[burstStart] != 0 && sentWall[burstStart] < burstFrom) {
            burstStart++;
        }
        int burstEnd = burstStart;
        while (burstEnd < maxFrames && sentWall[burstEnd] != 0 && sentWall[burstEnd] <= burstTo) {
            burstEnd++;
        }
        long cpuMs = Processes.cpuMillis(bridge.pid()) - cpuBefore;
        Thread.sleep(3000);
        int end = seq.get();
        vertx.cancelTimer(timer);
        Thread.sleep(500);

        System.out.print(attackLog.replaceAll("BURSTS .*\\R", ""));
        System.out.printf("  bridge       CPU %.1f%% of one core during the bursts%n", cpuMs / 10.0 / bursts);
        report("before", rtt, 0, quietEnd); // from the call's first frame: its cold start included
        report("during", rtt, burstStart, burstEnd);
        report("after", rtt, burstEnd, Math.min(end, maxFrames) - 10);
        client.close();
        vertx.close();
        model.close();
        bridge.destroy();
        broker.close();
        System.exit(0);
    }

    /** The attacker's process: a burst of upgrade attempts every second. */
    private static void attack(int port, int perBurst, int bursts, String kind) throws Exception {
        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                .setConnectTimeout(10_000));
        Thread.sleep(2000); // this JVM's own start-up is over before the first burst
        long firstBurst = System.currentTimeMillis();
        List<String> burstFigures = new ArrayList<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        ConcurrentLinkedQueue<WebSocket> held = new ConcurrentLinkedQueue<>();
        for (int b = 0; b < bursts; b++) {
            long started = System.nanoTime();
            CountDownLatch done = new CountDownLatch(perBurst);
            for (int i = 0; i < perBurst; i++) {
                WebSocketConnectOptions options = kind.equals("signed") ? BenchBridge.stream(port)
                        : new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1").setURI(BenchBridge.PATH);
                if (kind.equals("forged")) {
                    options.addHeader("X-Twilio-Signature", "Zm9yZ2VkIHNpZ25hdHVyZQ==");
                }
                client.connect(options).onComplete(result -> {
                    if (result.succeeded()) {
                        accepted.incrementAndGet();
                        held.add(result.result()); // never sends start: the bridge's start timeout closes it
                    } else {
                        refused.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            done.await(30, TimeUnit.SECONDS);
            burstFigures.add(String.format("%.0f ms", (System.nanoTime() - started) / 1e6));
            long rest = 1000 - (System.nanoTime() - started) / 1_000_000;
            if (rest > 0) {
                Thread.sleep(rest);
            }
        }
        System.out.printf("  attempts     %d refused, %d accepted (then closed by the start timeout); each burst took"
                + " %s (attacker at nice 19 on CPU 1)%n", refused.get(), accepted.get(),
                String.join(", ", burstFigures));
        System.out.printf("BURSTS %d %d%n", firstBurst, System.currentTimeMillis());
        held.forEach(WebSocket::close);
        client.close();
        vertx.close();
        System.exit(0);
    }

    /** The live call's round trips over frames [from, to): percentiles, the worst, and frames never echoed. */
    private static void report(String phase, long[] rtt, int from, int to) {
        List<Long> values = new ArrayList<>();
        int lost = 0;
        for (int i = from; i < to; i++) {
            if (rtt[i] == 0) {
                lost++;
            } else {
                values.add(rtt[i]);
            }
        }
        values.sort(null);
        if (values.isEmpty()) {
            System.out.printf("  %-7s      no frames%n", phase);
            return;
        }
        System.out.printf("  %-7s      live call round trip p50 %.2f ms  p99 %.2f ms  max %.2f ms over %d frames,"
                + " %d not echoed%n", phase, values.get(values.size() / 2) / 1e6,
                values.get((int) (values.size() * 0.99)) / 1e6, values.get(values.size() - 1) / 1e6, values.size(),
                lost);
    }
}
