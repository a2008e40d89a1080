package io.aicaller.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.aicaller.testkit.FreePorts;
import io.aicaller.testkit.twilio.SignedRequest;
import io.aicaller.testkit.twilio.TwilioRequests;

/**
 * Signed voice webhooks per second and their latency against the packaged webhook-gateway (JVM mode), with a real
 * Kafka broker (a process of its own) acknowledging every {@code call.received}. The gateway runs pinned to one core,
 * the broker and this load generator on the other. Prints figures; asserts nothing.
 *
 * <p>
 * Arguments: {@code [gatewayJar] [seconds] [concurrency] [voice|forged|flood|flood-unlimited]}. The flood modes send
 * unsigned junk from four addresses (named in X-Forwarded-For, the generator being a trusted proxy) on eight more
 * connections beside the signed webhooks: {@code flood} with the gateway's junk budget, {@code flood-unlimited}
 * with a budget too large to ever run out, i.e. as before it existed.
 */
public final class WebhookGatewayBench {

    private static final String TOKEN = "bench-auth-token";
    private static final String BASE_URL = "https://bench.gateway.test";
    private static boolean forged;
    private static boolean statusCallbacks;
    private static final int FLOOD_CONNECTIONS = 8;
    private static final Map<Integer, AtomicLong> JUNK_ANSWERS = new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "webhook-gateway/target/quarkus-app/quarkus-run.jar");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        // "forged": every signature is wrong, so the figures show the HTTP and signature path without Kafka.
        String mode = args.length > 3 ? args[3] : "voice";
        forged = mode.equals("forged");
        statusCallbacks = mode.equals("status");
        boolean flood = mode.startsWith("flood");
        if (!Files.exists(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it with mvn -pl webhook-gateway -am package");
        }
        Path work = Files.createTempDirectory("gateway-bench-");
        int kafkaPort = FreePorts.next();
        int httpPort = FreePorts.next();

        // The broker runs in a process of its own on the generator's core.
        Process broker = Processes.startBroker(kafkaPort, work.resolve("kafka"), 1, work.resolve("kafka.log"),
                "calls.lifecycle.v1", "calls.commands.v1");
        String bootstrap = "127.0.0.1:" + kafkaPort;

        // GATEWAY_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/gateway.jfr profiles the gateway.
        List<String> properties = new ArrayList<>(List.of("-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dgateway.public-base-url=" + BASE_URL, "-Dgateway.trusted-proxies=127.0.0.1"));
        if (mode.equals("flood-unlimited")) {
            properties.add("-Dgateway.webhook-limits.refusal-burst=2000000000");
        }
        long launched = System.nanoTime();
        Process gateway = Processes.startService(jar, httpPort, "GATEWAY_JAVA_OPTS", properties,
                Map.of("TWILIO_ACCOUNT_SID", TwilioRequests.sid("AC"), "TWILIO_AUTH_TOKEN", TOKEN,
                        "GATEWAY_API_TOKEN", "bench"),
                work.resolve("gateway.log"));

        long ready = System.nanoTime();
        String target = "http://127.0.0.1:" + httpPort;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // What the first caller after Ready waits for: one request on a cold process, before any load.
        long t0 = System.nanoTime();
        int firstStatus = client.send(request(target), HttpResponse.BodyHandlers.discarding()).statusCode();
        System.out.printf(
                "start         launch to Ready %.1f s; the first webhook after Ready answered %d in %.0f ms%n",
                (ready - launched) / 1e9, firstStatus, (System.nanoTime() - t0) / 1e6);
        System.out.printf(
                "webhook-gateway bench: %s webhooks, %d connections, cold phase 20 s from Ready, then %d s%s"
                        + " (logs in %s)%n",
                forged ? "forged" : statusCallbacks ? "signed status-callback" : "signed voice", concurrency, seconds,
                flood ? ", beside a junk flood (" + mode + ")" : "", work);
        long floodEnd = System.nanoTime() + Duration.ofSeconds(20 + seconds + 5).toNanos();
        if (flood) {
            for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
                String source = "203.0.113." + (1 + i % 4);
                Thread junk = new Thread(() -> flood(target, source, floodEnd), "junk-" + i);
                junk.setDaemon(true);
                junk.start();
            }
        }
        // The cold phase is what callers on a fresh pod see while the JIT compiles; it is reported, not hidden.
        System.out.println("-- cold: the first 20 s after Ready");
        run(target, concurrency, Duration.ofSeconds(20), gateway.pid(), broker.pid());
        JUNK_ANSWERS.clear();
        long measured = System.nanoTime();
        System.out.printf("-- steady: the next %d s%n", seconds);
        run(target, concurrency, Duration.ofSeconds(seconds), gateway.pid(), broker.pid());
        if (flood) {
            double wall = (System.nanoTime() - measured) / 1e9;
            System.out.printf("junk          %s answers/s by status (%d connections, 4 addresses)%n",
                    JUNK_ANSWERS.entrySet()
                            .stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + ": " + Math.round(e.getValue().get() / wall))
                            .collect(Collectors.joining(", ")),
                    FLOOD_CONNECTIONS);
        }

        // What the gateway spends with nothing to do (consumers, timers), measured after the load so that the cold
        // phase starts right at Ready: taken from the core the webhooks need.
        Thread.sleep(2_000);
        long idleCpu = Processes.cpuMillis(gateway.pid());
        Thread.sleep(5_000);
        System.out.printf("idle          gateway CPU %.1f%% of one core over 5 s with no requests, after the load%n",
                (Processes.cpuMillis(gateway.pid()) - idleCpu) / 50.0);
        gateway.destroy();
        broker.destroy();
        // Test-side Vert.x threads are not daemons.
        System.exit(0);
        gateway.waitFor();
    }

    /** A freshly signed webhook of the bench's kind (a new CallSid each time), as bytes on the wire. */
    private static byte[] rawRequest(int port) {
        SignedRequest call = (statusCallbacks
                ? TwilioRequests.callStatus(TwilioRequests.sid("CA"), "in-progress", 2)
                : TwilioRequests.incomingCall()).signedWith(TOKEN, BASE_URL);
        return RawHttpConnection.post("127.0.0.1", port, call.pathAndQuery(), "X-Twilio-Signature: "
                + (forged ? "Zm9yZ2Vk" : call.signature()) + "\r\n", encode(call.form()));
    }

    /** A freshly signed webhook of the bench's kind (a new CallSid each time). */
    private static HttpRequest request(String target) {
        SignedRequest call = (statusCallbacks
                ? TwilioRequests.callStatus(TwilioRequests.sid("CA"), "in-progress", 2)
                : TwilioRequests.incomingCall()).signedWith(TOKEN, BASE_URL);
        return HttpRequest.newBuilder(URI.create(target + call.pathAndQuery()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", forged ? "Zm9yZ2Vk" : call.signature())
                .POST(HttpRequest.BodyPublishers.ofString(encode(call.form())))
                .build();
    }

    private static void run(String target, int concurrency, Duration duration, long gatewayPid, long brokerPid)
            throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong notStreamed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long cpuBefore = Processes.cpuMillis(gatewayPid);
        long benchCpuBefore = Processes.cpuMillis(ProcessHandle.current().pid());
        long brokerCpuBefore = Processes.cpuMillis(brokerPid);
        HttpClient scraper = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        GatewayMetrics metricsBefore = GatewayMetrics.scrape(scraper, target);
        long started = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            long[] samples = new long[400_000]; // 2,000,000 per worker made the generator stall in GC at the phase start
            latencies.add(samples);
            int port = URI.create(target).getPort();
            Thread worker = new Thread(() -> {
                int n = 0;
                // One keep-alive connection per worker, as a proxy in front of the gateway would hold.
                try (RawHttpConnection connection = new RawHttpConnection("127.0.0.1", port)) {
                    while (System.nanoTime() < end && n < samples.length - 1) {
                        byte[] request = rawRequest(port);
                        long t0 = System.nanoTime();
                        RawHttpConnection.Answer response = connection.send(request);
                        long elapsed = System.nanoTime() - t0;
                        if (response.status() != (forged ? 403 : statusCallbacks ? 204 : 200)) {
                            errors.incrementAndGet();
                        } else if (!forged && !statusCallbacks && !response.body().contains("<Stream")) {
                            notStreamed.incrementAndGet();
                        }
                        samples[++n] = elapsed;
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    samples[0] = n;
                    done.countDown();
                }
            }, "bench-" + i);
            worker.start();
        }
        done.await();
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        long cpuMillis = Processes.cpuMillis(gatewayPid) - cpuBefore;
        long benchCpuMillis = Processes.cpuMillis(ProcessHandle.current().pid()) - benchCpuBefore;
        long brokerCpuMillis = Processes.cpuMillis(brokerPid) - brokerCpuBefore;
        GatewayMetrics metricsAfter = GatewayMetrics.scrape(scraper, target);
        long total = latencies.stream().mapToLong(s -> s[0]).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (long[] samples : latencies) {
            System.arraycopy(samples, 1, all, k, (int) samples[0]);
            k += (int) samples[0];
        }
        Arrays.sort(all);
        System.out.printf("requests      %d in %.1f s = %.0f webhooks/s%n", total, wallSeconds, total / wallSeconds);
        System.out.printf("latency ms    p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", pct(all, 50),
                pct(all, 90), pct(all, 99), pct(all, 99.9), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("errors        %d non-200, %d not streamed%n", errors.get(), notStreamed.get());
        System.out.printf("gateway       CPU %.0f%% of one core, RSS %d MiB%n", 100.0 * cpuMillis / 1000 / wallSeconds,
                Processes.rssKib(gatewayPid) / 1024);
        System.out.println(metricsAfter.since(metricsBefore, total, forged ? "voice"
                : statusCallbacks ? "status" : "voice"));
        System.out.printf("generator     CPU %.0f%% of one core, broker %.0f%% (they share one core)%n",
                100.0 * benchCpuMillis / 1000 / wallSeconds, 100.0 * brokerCpuMillis / 1000 / wallSeconds);
    }

    /** Unsigned junk as fast as one connection allows (a new connection whenever the gateway closes one). */
    private static void flood(String target, String source, long end) {
        HttpClient junk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = encode(TwilioRequests.callStatus(TwilioRequests.sid("CA"), "ringing", 1)
                .signedWith(TOKEN, BASE_URL)
                .form());
        while (System.nanoTime() < end) {
            int status;
            try {
                status = junk.send(HttpRequest.newBuilder(URI.create(target + TwilioRequests.STATUS_PATH))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Forwarded-For", source)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = -1;
            }
            JUNK_ANSWERS.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet()
                .stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

}
