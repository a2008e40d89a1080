package io.aicaller.sandbox.local;

import java.io.IOException;
import java.net.ServerSocket;
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

    private final Path root;
    private final SuitePorts ports;
    private final Path logs;
    private final String openAiKey;
    private String bindHost = "127.0.0.1";
    private TwilioAccount account = TwilioAccount.emulated();
    private boolean emulated = true;
    private String publicUrl;
    private String apiToken = API_TOKEN;
    private FrontDoor frontDoor;
    /** What runs, by name, in start order (the broker first). */
    private final SuiteProcesses processes;

    /**
     * @param root The project's root directory (where the modules were built)
     * @param openAiKey With a key the bridge talks to the real OpenAI Realtime API; without, to the demo agent
     */
    public LocalSuite(Path root, SuitePorts ports, Path logs, String openAiKey) {
        this.root = root;
        this.ports = ports;
        this.logs = logs;
        this.openAiKey = openAiKey == null || openAiKey.isBlank() ? null : openAiKey;
        this.processes = new SuiteProcesses(logs);
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

    /**
     * Uses a Twilio account other than the sandbox's emulated one (the real one in the local run's real-number mode).
     * Its API bearer token is then a fresh random one instead of the published {@link #API_TOKEN}.
     */
    public LocalSuite withAccount(TwilioAccount account) {
        this.account = account;
        this.emulated = false;
        byte[] random = new byte[18];
        new java.security.SecureRandom().nextBytes(random);
        this.apiToken = java.util.HexFormat.of().formatHex(random);
        return this;
    }

    /**
     * Makes the suite reachable at {@code url} (a tunnel's public HTTPS address, or the front door's own address in a
     * test): Twilio's webhooks are signed over it, TwiML streams to it, numbers are pointed at it, and a
     * {@link FrontDoor} on {@link SuitePorts#frontDoor()} routes it to the gateway and the bridge.
     */
    public LocalSuite withPublicUrl(String url) {
        this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return this;
    }

    public String apiToken() {
        return apiToken;
    }

    /** The address Twilio reaches the suite at (the gateway's own address without a public URL). */
    public String publicUrl() {
        return publicUrl != null ? publicUrl : url("webhook-gateway");
    }

    /** The public URL's WebSocket form, where Twilio opens media streams. */
    private String publicWsUrl() {
        return publicUrl != null ? publicUrl.replaceFirst("^http", "ws") : "ws://127.0.0.1:" + ports.bridge();
    }

    public void start() throws Exception {
        Files.createDirectories(logs);
        checkPortsFree();
        deleteRecursively(kafkaData());
        startKafka();
        String kafka = "127.0.0.1:" + ports.kafka();
        String twilioApi = "http://127.0.0.1:" + ports.twilioApi();
        String gateway = "http://127.0.0.1:" + ports.gateway();
        String bridgeWs = publicWsUrl();
        if (publicUrl != null) {
            frontDoor = new FrontDoor(bindHost, ports.frontDoor(), new java.net.InetSocketAddress("127.0.0.1",
                    ports.gateway()), new java.net.InetSocketAddress("127.0.0.1", ports.bridge()));
        }

        Map<String, String> twilio = new LinkedHashMap<>();
        twilio.put("TWILIO_ACCOUNT_SID", account.accountSid());
        twilio.put("TWILIO_AUTH_TOKEN", account.authToken());
        String apiBaseUrl = emulated ? twilioApi : account.apiBaseUrl();
        if (apiBaseUrl != null) {
            twilio.put("TWILIO_API_BASE_URL", apiBaseUrl);
        }
        twilio.put("KAFKA_BOOTSTRAP_SERVERS", kafka);

        // The sandbox signs its simulated calls (the console's phone) with the account's token, as Twilio would; its
        // emulated REST API serves only the sandbox's own numbers and calls.
        Map<String, String> sandboxEnv = new LinkedHashMap<>();
        sandboxEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        sandboxEnv.put("SANDBOX_ACCOUNT_SID", account.accountSid());
        sandboxEnv.put("SANDBOX_AUTH_TOKEN", account.authToken());
        sandboxEnv.put("SANDBOX_API_PORT", String.valueOf(ports.twilioApi()));
        sandboxEnv.put("SANDBOX_GATEWAY_URL", gateway);
        sandboxEnv.put("SANDBOX_GATEWAY_PUBLIC_URL", publicUrl());
        sandboxEnv.put("SANDBOX_TOOL_SIGNING_KEY", LOCAL_SIGNING_KEY);
        sandboxEnv.put("SANDBOX_API_HOST", bindHost);
        sandboxEnv.put("SANDBOX_GATEWAY_API_TOKEN", apiToken);
        startService("sandbox", ports.sandbox(), sandboxEnv);
        Map<String, String> gatewayEnv = new LinkedHashMap<>(twilio);
        gatewayEnv.put("GATEWAY_API_TOKEN", apiToken);
        gatewayEnv.put("GATEWAY_OUTBOX_DIRECTORY", logs.resolve("gateway-outbox").toString());
        gatewayEnv.put("GATEWAY_PUBLIC_BASE_URL", publicUrl());
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

        // The services that only call Twilio's REST API authenticate with an API key, as in production, where the
        // account has one.
        Map<String, String> restOnly = new LinkedHashMap<>(twilio);
        if (account.hasApiKey()) {
            restOnly.remove("TWILIO_AUTH_TOKEN");
            restOnly.put("TWILIO_API_KEY_SID", account.apiKeySid());
            restOnly.put("TWILIO_API_KEY_SECRET", account.apiKeySecret());
        }
        Map<String, String> messagingEnv = new LinkedHashMap<>(restOnly);
        messagingEnv.put("MESSAGING_API_TOKEN", apiToken);
        messagingEnv.put("MESSAGING_GATEWAY_PUBLIC_URL", publicUrl());
        messagingEnv.put("MESSAGING_OUTBOX_DIRECTORY", logs.resolve("messaging-outbox").toString());
        startService("messaging-service", ports.messaging(), messagingEnv);

        Map<String, String> numbersEnv = new LinkedHashMap<>(restOnly);
        numbersEnv.put("NUMBERS_API_TOKEN", apiToken);
        numbersEnv.put("NUMBERS_GATEWAY_PUBLIC_URL", publicUrl());
        // Buying is free on the emulated API (never on a real account), and the local agents file is applied at
        // start-up.
        numbersEnv.put("NUMBERS_PURCHASE_ENABLED", String.valueOf(emulated));
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
        // The bridge warms up before it is Ready, and the gateway probes it every few seconds: if the gateway saw it
        // down first, the first call would get the Gather fallback until its next probe.
        int up = processes.occurrences("webhook-gateway", BRIDGE_UP);
        if (processes.occurrences("webhook-gateway", "media-bridge is down") > up) {
            processes.awaitLog("webhook-gateway", BRIDGE_UP, up, Duration.ofSeconds(30));
        }
    }

    /** What the gateway logs when its probe finds the bridge ready again. */
    private static final String BRIDGE_UP = "media-bridge is up";

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
        int before = processes.occurrences("kafka", ready);
        launchKafka();
        processes.awaitLog("kafka", ready, before, Duration.ofSeconds(90));
    }

    /** Stops the broker (as an outage would: the services keep running); its data stays for {@link #startKafka()}. */
    public void stopKafka() {
        processes.stop("kafka");
    }

    /** Kills a service as the kernel's OOM killer or a node failure would: SIGKILL, no shutdown hook runs. */
    public void kill(String service) throws InterruptedException {
        processes.kill(service);
    }

    /** Starts a killed or stopped service again with the same environment (and the same outbox directory). */
    public void restart(String service, Duration timeout) throws Exception {
        processes.relaunch(service);
        awaitReady(service, timeout);
    }

    private void awaitReady(String service, Duration timeout) throws Exception {
        processes.awaitReady(service, url(service) + "/q/health/ready", timeout);
    }

    private void launchKafka() throws IOException {
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
        List<String> command = List.of(SuiteProcesses.java(), "-Xmx512m", "-cp", classpath,
                "io.aicaller.testkit.KafkaBroker",
                String.valueOf(ports.kafka()), kafkaData().toString(), String.join(",", topics),
                topics.stream().filter(Topics::isCompacted).collect(Collectors.joining(",")));
        processes.launch("kafka", command, Map.of());
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
        processes.launch(name, List.of(SuiteProcesses.java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString()), all);
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
        if (publicUrl != null) {
            needed.put("the front door (what the tunnel points at)", ports.frontDoor());
        }
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
            case "front-door" -> ports.frontDoor();
            default -> throw new IllegalArgumentException(service);
        };
        return "http://127.0.0.1:" + port;
    }

    public String kafka() {
        return "127.0.0.1:" + ports.kafka();
    }

    public Map<String, Path> logFiles() {
        return processes.logFiles();
    }

    /** The last lines of every log, for a failure report. */
    public String tails(int lines) {
        return processes.tails(lines);
    }

    /** Stops the services (gracefully, forcibly after a grace), then the broker they used. */
    @Override
    public void close() {
        if (frontDoor != null) {
            frontDoor.close();
        }
        processes.stopAllThen("kafka");
    }
}
