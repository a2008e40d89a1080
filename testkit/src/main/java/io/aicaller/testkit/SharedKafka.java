package io.aicaller.testkit;

/**
 * The one Kafka a test JVM uses: the broker named by {@code KAFKA_BOOTSTRAP_SERVERS} when set, otherwise an embedded
 * {@link KafkaBroker} started on first use and stopped when the JVM exits.
 */
public final class SharedKafka {

    public static final String ENV_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    /**
     * Set once the embedded broker runs. Quarkus may load this class again in another class loader; the system
     * property keeps the whole JVM on one broker.
     */
    static final String PROPERTY_EMBEDDED = "aicaller.testkit.kafka.embedded";

    private static KafkaBroker embedded;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        String external = System.getenv(ENV_BOOTSTRAP_SERVERS);
        if (external != null && !external.isBlank()) {
            return external.trim();
        }
        if (embedded != null) {
            return embedded.bootstrapServers();
        }
        String started = System.getProperty(PROPERTY_EMBEDDED);
        if (started != null) {
            return started;
        }
        KafkaBroker broker = KafkaBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-kafka-shutdown"));
        embedded = broker;
        System.setProperty(PROPERTY_EMBEDDED, broker.bootstrapServers());
        return broker.bootstrapServers();
    }

    /**
     * The embedded broker, for fault tests that stop and restart it; {@code null} with an external broker or when
     * another class loader started it.
     */
    public static synchronized KafkaBroker embeddedBroker() {
        bootstrapServers();
        return embedded;
    }
}
