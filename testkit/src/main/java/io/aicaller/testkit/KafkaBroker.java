package io.aicaller.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real Apache Kafka broker in KRaft mode (one node acting as broker and controller), embedded in this JVM from
 * Kafka's own jars. It listens on free loopback ports and keeps its log in its own directory, so it can be stopped and
 * restarted on the same data for fault tests.
 *
 * <p>
 * Also runnable as a process (the local run does that): {@code java -cp ... io.aicaller.testkit.KafkaBroker
 * [port [dataDir]]}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDir, boolean ownsDataDir, int brokerPort, int controllerPort) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Formats a fresh temporary log directory and starts a broker on free ports. */
    public static KafkaBroker start() {
        try {
            return start(FreePorts.next(), Files.createTempDirectory("ai-caller-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a broker on the given port and data directory, formatting the directory if it is new. */
    public static KafkaBroker start(int brokerPort, Path dataDir) {
        return start(brokerPort, dataDir, false);
    }

    private static KafkaBroker start(int brokerPort, Path dataDir, boolean ownsDataDir) {
        KafkaBroker broker = new KafkaBroker(dataDir, ownsDataDir, brokerPort, FreePorts.next());
        broker.format();
        broker.startServer();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Creates topics that do not exist yet: one partition each, compacted where {@code compacted} lists it. */
    public void createTopics(Set<String> compacted, String... names) {
        createTopics(bootstrapServers(), compacted, names);
    }

    public void createTopics(String... names) {
        createTopics(Set.of(), names);
    }

    /** Creates topics on any broker (embedded or external), ignoring those that exist. */
    public static void createTopics(String bootstrapServers, Set<String> compacted, String... names) {
        List<NewTopic> topics = Stream.of(names).map(name -> {
            NewTopic topic = new NewTopic(name, 1, (short) 1);
            return compacted.contains(name)
                    ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                    : topic;
        }).collect(Collectors.toList());
        try (Admin admin = admin(bootstrapServers)) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Topic creation timed out on " + bootstrapServers, e);
        }
    }

    /** Stops the broker and keeps its data; {@link #restart()} brings it back on the same ports and data. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public synchronized void restart() {
        stop();
        startServer();
    }

    /** Stops the broker and deletes the data directory it created. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private void format() {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .addDirectory(dataDir.toString())
                    .setMetadataLogDirectory(dataDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log directory " + dataDir, e);
        }
    }

    private synchronized void startServer() {
        KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
        awaitReady();
    }

    private Map<String, String> config() {
        String broker = "PLAINTEXT://127.0.0.1:" + brokerPort;
        return Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
                Map.entry("listeners", broker + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", broker),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", dataDir.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Small segments and quick compaction keep compacted-topic tests honest and fast.
                Map.entry("log.cleaner.backoff.ms", "1000"),
                Map.entry("controlled.shutdown.enable", "true"));
    }

    private void awaitReady() {
        try (Admin admin = admin(bootstrapServers())) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not become ready", e);
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(props);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a broker until the process is stopped: {@code [port [dataDir [topics [compactedTopics]]]]}, defaults 9092
     * and a temp dir; topics are comma-separated and created before "ready" is printed.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9092;
        KafkaBroker broker = args.length > 1 && !args[1].isEmpty() ? start(port, Paths.get(args[1]))
                : start(port, Files.createTempDirectory("ai-caller-kafka-"), true);
        if (args.length > 2 && !args[2].isEmpty()) {
            Set<String> compacted = args.length > 3 ? Set.of(args[3].split(",")) : Set.of();
            broker.createTopics(compacted, args[2].split(","));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-shutdown"));
        System.out.println("Kafka broker ready on " + broker.bootstrapServers() + " (data " + broker.dataDir() + ")");
        stopped.await();
    }
}
