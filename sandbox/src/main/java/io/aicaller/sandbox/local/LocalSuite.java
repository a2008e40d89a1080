package io.aicaller.sandbox.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.aicaller.events.Topics;
import io.aicaller.sandbox.agent.Prompts;

/**
 * The whole suite on one machine, on loopback: a Kafka broker, the four services and the sandbox, each its own
 * process started from what the build packaged, wired to each other, with logs in one directory. Plain Java (no
 * Quarkus), so the local run starts it before anything else is up.
 */
public final class LocalSuite implements AutoCloseable {

    /** The signing secret of local agents: what {@code signingSecretEnv} names in {@code local-agents.json}. */
    public static final String LOCAL_SIGNING_KEY_ENV = "AICALLER_LOCAL_SIGNING_KEY";
    public static final String LOCAL_SIGNING_KEY = "local-signing-key";
    /** The emulated account's API key (the sandbox's defaults). */
    public static final String API_KEY_SID = "SK00000000000000000000000000000001";
    public static final String API_KEY_SECRET = "sandbox-api-key-secret";
    public static final String ACCOUNT_SID = "AC" + "0".repeat(31) + "1";
    public static final String AUTH_TOKEN = "sandbox-auth-token";
    public static final String API_TOKEN = "local-token";

    /** The ports of one suite. */
    public record Ports(int kafka, int twilioApi, int gateway, int bridge, int messaging, int numbers, int sandbox) {

        /** The documented ports of the local run. */
        public static Ports standard() {
            return new Ports(9092, 8089, 8080, 8081, 8082, 8083, 8090);
        }

        /** Free ports, for a suite that must not collide with anything (the end-to-end test). */
        public static Ports free() {
            int[] p = new int[7];
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < p.length; i++) {
                    ServerSocket socket = new ServerSocket(0);
                    held.add(socket);
                    p[i] = socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                held.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // closing a probe socket
                    }
                });
            }
            return new Ports(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        }
    }

    private final Path root;
    private final Ports ports;
    private final Path logs;
    private final String openAiKey;
    private String bindHost = "127.0.0.1";
    /** What runs, by name, in start order (the broker first); a process restarted replaces its entry. */
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, ProcessBuilder> launches = new LinkedHashMap<>();
    private final Map<String, Path> logFiles = new LinkedHashMap<>();

    /**
     * @param root The project's root directory (where the modules were built)
     * @param openAiKey With a key the bridge talks to the real OpenAI Realtime API; without, to the demo agent
     */
    public LocalSuite(Path root, Ports ports, Path logs, String openAiKey) {
        this.root = root;
        this.ports = ports;
        this.logs = logs;
        this.openAiKey = openAiKey == null || openAiKey.isBlank() ? null : openAiKey;
    }

    /**
     * The address the services listen on: loopback unless asked (the API token and signing key of the local run are
     * published in its banner, so nothing else should reach it by default).
     */
    public LocalSuite bindTo(String host) {
        this.bindHost = host;
        return this;
    }

    public String bindHost() {
        return bindHost;
    }

    public void start() throws Exception {
        Files.createDirectories(logs);
        checkPortsFree();
        deleteRecursively(kafkaData());
        startKafka();
        String kafka = "127.0.0.1:" + ports.kafka();
        String twilioApi = "http://127.0.0.1:" + ports.twilioApi();
        String gateway = "http://127.0.0.1:" + ports.gateway();
        String bridgeWs = "ws://127.0.0.1:" + ports.bridge();

        Map<String, String> twilio = Map.of("TWILIO_ACCOUNT_SID", ACCOUNT_SID, "TWILIO_AUTH_TOKEN", AUTH_TOKEN,
                "TWILIO_API_BASE_URL", twilioApi, "KAFKA_BOOTSTRAP_SERVERS", kafka);

        startService("sandbox", ports.sandbox(), Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka,
                "SANDBOX_ACCOUNT_SID", ACCOUNT_SID, "SANDBOX_AUTH_TOKEN", AUTH_TOKEN,
                "SANDBOX_API_PORT", String.valueOf(ports.twilioApi()), "SANDBOX_GATEWAY_URL", gateway,
                "SANDBOX_TOOL_SIGNING_KEY", LOCAL_SIGNING_KEY, "SANDBOX_API_HOST", bindHost,
                "SANDBOX_GATEWAY_API_TOKEN", API_TOKEN));
        Map<String, String> gatewayEnv = new LinkedHashMap<>(twilio);
        gatewayEnv.put("GATEWAY_API_TOKEN", API_TOKEN);
        gatewayEnv.put("GATEWAY_OUTBOX_DIRECTORY", logs.resolve("gateway-outbox").toString());
        gatewayEnv.put("GATEWAY_PUBLIC_BASE_URL", gateway);
        gatewayEnv.put("GATEWAY_STREAMING_MEDIA_URL", bridgeWs + "/webhooks/twilio/media");
        gatewayEnv.put("GATEWAY_STREAMING_BRIDGE_HEALTH_URL", "http://127.0.0.1:" + ports.bridge() + "/q/health/ready");
        if (openAiKey == null) {
            // Post-call analysis by the sandbox's deterministic stand-in; with a key, by the real model.
            gatewayEnv.put("GATEWAY_ANALYSIS_BASE_URL", "http://127.0.0.1:" + ports.sandbox() + "/v1");
        } else {
            gatewayEnv.put("OPENAI_API_KEY", openAiKey);
        }
        startService("webhook-gateway", ports.gateway(), gatewayEnv);

        Map<String, String> bridgeEnv = new LinkedHashMap<>(twilio);
        bridgeEnv.put("BRIDGE_PUBLIC_URL", bridgeWs);
        // Local agents sign their tool requests with this key; the sandbox's demo tool checks it.
        bridgeEnv.put(LOCAL_SIGNING_KEY_ENV, LOCAL_SIGNING_KEY);
        // The demo agent has a recording of this greeting, so the default agent greets with it.
        bridgeEnv.put("BRIDGE_PROFILES_DEFAULT_GREETING", Prompts.TEXTS.get("greeting"));
        if (openAiKey != null) {
            bridgeEnv.put("OPENAI_API_KEY", openAiKey);
        } else {
            bridgeEnv.put("OPENAI_API_KEY", "demo-agent-needs-no-key");
            bridgeEnv.put("OPENAI_REALTIME_URL", "ws://127.0.0.1:" + ports.sandbox() + "/v1/realtime");
        }
        startService("media-bridge", ports.bridge(), bridgeEnv);

        // The services that only call Twilio's REST API authenticate with an API key, as in production.
        Map<String, String> restOnly = new LinkedHashMap<>(twilio);
        restOnly.remove("TWILIO_AUTH_TOKEN");
        restOnly.put("TWILIO_API_KEY_SID", API_KEY_SID);
        restOnly.put("TWILIO_API_KEY_SECRET", API_KEY_SECRET);
        Map<String, String> messagingEnv = new LinkedHashMap<>(restOnly);
        messagingEnv.put("MESSAGING_API_TOKEN", API_TOKEN);
        messagingEnv.put("MESSAGING_GATEWAY_PUBLIC_URL", gateway);
        messagingEnv.put("MESSAGING_OUTBOX_DIRECTORY", logs.resolve("messaging-outbox").toString());
        startService("messaging-service", ports.messaging(), messagingEnv);

        Map<String, String> numbersEnv = new LinkedHashMap<>(restOnly);
        numbersEnv.put("NUMBERS_API_TOKEN", API_TOKEN);
        numbersEnv.put("NUMBERS_GATEWAY_PUBLIC_URL", gateway);
        // Buying is free here (the emulated API), and the local agents file is applied at start-up.
        numbersEnv.put("NUMBERS_PURCHASE_ENABLED", "true");
        numbersEnv.put("NUMBERS_OUTBOX_DIRECTORY", logs.resolve("numbers-outbox").toString());
        numbersEnv.put("NUMBERS_AGENTS_FILE", localAgents().toString());
        // Event webhooks retried within seconds locally (in production: from 5 s, doubling up to an hour).
        numbersEnv.put("NUMBERS_WEBHOOKS_RETRY_INITIAL", "500ms");
        numbersEnv.put("NUMBERS_WEBHOOKS_RETRY_MAX_INTERVAL", "2s");
        startService("numbers-service", ports.numbers(), numbersEnv);

        for (var service : List.of("sandbox", "webhook-gateway", "media-bridge", "messaging-service",
                "numbers-service")) {
            awaitReady(service, Duration.ofSeconds(180));
        }
    }

    /**
     * The local run's declared agents ({@code sandbox/local-agents.json}), with the sandbox's address filled in where
     * it says {@code {{sandbox}}}.
     */
    private Path localAgents() throws IOException {
        String agents = Files.readString(root.resolve("sandbox/local-agents.json"))
                .replace("{{sandbox}}", "http://127.0.0.1:" + ports.sandbox());
        Path file = logs.resolve("local-agents.json");
        Files.writeString(file, agents);
        return file;
    }

    /** The broker keeps its data here, so a stopped broker comes back with its topics (the fault test stops it). */
    private Path kafkaData() {
        return logs.resolve("kafka-data");
    }

    /** Starts the broker, or starts it again on its data after {@link #stopKafka()}; returns once it is ready. */
    public void startKafka() throws Exception {
        String ready = "Kafka broker ready";
        int before = launches.containsKey("kafka") ? occurrences(logs.resolve("kafka.log"), ready) : 0;
        Path log = launchKafka();
        awaitLog(log, ready, before, Duration.ofSeconds(90), processes.get("kafka"));
    }

    /** Stops the broker (as an outage would: the services keep running); its data stays for {@link #startKafka()}. */
    public void stopKafka() {
        Process kafka = processes.get("kafka");
        kafka.destroy();
        waitFor(kafka);
    }

    /** Kills a service as the kernel's OOM killer or a node failure would: SIGKILL, no shutdown hook runs. */
    public void kill(String service) throws InterruptedException {
        Process process = processes.get(service);
        process.destroyForcibly();
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts a killed or stopped service again with the same environment (and the same outbox directory). */
    public void restart(String service, Duration timeout) throws Exception {
        processes.put(service, launches.get(service).start());
        awaitReady(service, timeout);
    }

    private Path launchKafka() throws IOException {
        Path classpathFile = root.resolve("testkit/target/runtime.classpath");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException("Not built yet: " + classpathFile + " is missing (run mvn package)");
        }
        String classpath = root.resolve("testkit/target/classes") + java.io.File.pathSeparator
                + Files.readString(classpathFile).strip();
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.add(Topics.dlq(Topics.CALLS_COMMANDS));
        topics.add(Topics.dlq(Topics.MESSAGES_SEND_REQUESTS));
        topics.add(Topics.dlq(Topics.CALLS_ANALYSIS_REQUESTS));
        topics.add(Topics.dlq(Topics.WEBHOOKS_PENDING));
        List<String> command = List.of(java(), "-Xmx512m", "-cp", classpath, "io.aicaller.testkit.KafkaBroker",
                String.valueOf(ports.kafka()), kafkaData().toString(), String.join(",", topics),
                topics.stream().filter(Topics::isCompacted).collect(Collectors.joining(",")));
        return launch("kafka", command, Map.of());
    }

    private void startService(String name, int port, Map<String, String> env) throws IOException {
        Path jar = root.resolve(name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Not built yet: " + jar + " is missing (run mvn package)");
        }
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        all.put("QUARKUS_HTTP_HOST", bindHost);
        all.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        launch(name, List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()), all);
    }

    private Path launch(String name, List<String> command, Map<String, String> env) throws IOException {
        Path log = logs.resolve(name + ".log");
        if (!launches.containsKey(name)) {
            Files.deleteIfExists(log);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        launches.put(name, builder);
        processes.put(name, builder.start());
        logFiles.put(name, log);
        return log;
    }

    /** Fails at once, naming the port and what needs it, when something else holds one of the suite's ports. */
    private void checkPortsFree() {
        Map<String, Integer> needed = new LinkedHashMap<>();
        needed.put("Kafka", ports.kafka());
        needed.put("the emulated Twilio API", ports.twilioApi());
        needed.put("webhook-gateway", ports.gateway());
        needed.put("media-bridge", ports.bridge());
        needed.put("messaging-service", ports.messaging());
        needed.put("numbers-service", ports.numbers());
        needed.put("the sandbox", ports.sandbox());
        for (Map.Entry<String, Integer> port : needed.entrySet()) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(bindHost, port.getValue()));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port.getValue() + " (" + port.getKey() + ") is in use by"
                        + " another program on " + bindHost + "; stop it (e.g. `ss -ltnp 'sport = :" + port.getValue()
                        + "'` shows which) and run again");
            }
        }
    }

    private void awaitReady(String service, Duration timeout) throws Exception {
        Process process = processes.get(service);
        String url = url(service) + "/q/health/ready";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see "
                        + logFiles.get(service));
            }
            try {
                // Bounded: something else on the port may accept and never answer.
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service + " not ready within " + timeout + "; see " + logFiles.get(service));
    }

    /** Waits for {@code text} to appear in the log more often than {@code before} times (logs are appended to). */
    private static void awaitLog(Path log, String text, int before, Duration timeout, Process process)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (occurrences(log, text) > before) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Exited early; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("'" + text + "' not seen in " + log);
    }

    private static int occurrences(Path log, String text) throws IOException {
        return Files.exists(log) ? Files.readString(log).split(java.util.regex.Pattern.quote(text), -1).length - 1 : 0;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The HTTP base URL of a service of this suite. */
    public String url(String service) {
        int port = switch (service) {
            case "sandbox" -> ports.sandbox();
            case "webhook-gateway" -> ports.gateway();
            case "media-bridge" -> ports.bridge();
            case "messaging-service" -> ports.messaging();
            case "numbers-service" -> ports.numbers();
            case "twilio-api" -> ports.twilioApi();
            default -> throw new IllegalArgumentException(service);
        };
        return "http://127.0.0.1:" + port;
    }

    public String kafka() {
        return "127.0.0.1:" + ports.kafka();
    }

    public Map<String, Path> logFiles() {
        return Map.copyOf(logFiles);
    }

    /** The last lines of every log, for a failure report. */
    public String tails(int lines) {
        return logFiles.entrySet().stream().map(e -> {
            try {
                List<String> all = Files.readAllLines(e.getValue());
                return "== " + e.getKey() + "\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines),
                        all.size()));
            } catch (IOException ex) {
                return "== " + e.getKey() + ": " + ex;
            }
        }).collect(Collectors.joining("\n"));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops the services (gracefully, forcibly after a grace), then the broker they used. */
    @Override
    public void close() {
        List<Process> services = processes.entrySet()
                .stream()
                .filter(e -> !e.getKey().equals("kafka"))
                .map(Map.Entry::getValue)
                .toList();
        services.forEach(Process::destroy);
        services.forEach(LocalSuite::waitFor);
        Process kafka = processes.get("kafka");
        if (kafka != null) {
            kafka.destroy();
            waitFor(kafka);
        }
    }

    private static void waitFor(Process process) {
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
