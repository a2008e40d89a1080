package io.aicaller.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        assertThat(broker.dataDir()).doesNotExist();
    }

    @Test
    void publishedEventsAreReadBackWithHeadersAndSurviveARestart() throws Exception {
        broker.createTopics("restart.test.v1");
        send("restart.test.v1", "CA1", "{\"n\":1}", "id-1");

        try (CloudEventReader reader = CloudEventReader.fromBeginning(broker.bootstrapServers(), "restart.test.v1")) {
            ReceivedEvent event = reader.await(1, Duration.ofSeconds(10)).get(0);
            assertThat(event.key()).isEqualTo("CA1");
            assertThat(event.id()).isEqualTo("id-1");
            assertThat(event.type()).isEqualTo("io.aicaller.test.v1");
            assertThat(event.subject()).isEqualTo("CA1");
            assertThat(event.json().get("n").asInt()).isEqualTo(1);
        }

        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();
        send("restart.test.v1", "CA1", "{\"n\":2}", "id-2");

        try (CloudEventReader reader = CloudEventReader.fromBeginning(broker.bootstrapServers(), "restart.test.v1")) {
            List<ReceivedEvent> events = reader.await(2, Duration.ofSeconds(10));
            assertThat(events).extracting(ReceivedEvent::id).containsExactly("id-1", "id-2");
        }
    }

    @Test
    void createsCompactedTopicsAndIgnoresExistingOnes() throws Exception {
        broker.createTopics(Set.of("state.compacted.v1"), "state.compacted.v1", "plain.v1");
        broker.createTopics(Set.of("state.compacted.v1"), "state.compacted.v1");

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            ConfigResource compacted = new ConfigResource(ConfigResource.Type.TOPIC, "state.compacted.v1");
            ConfigResource plain = new ConfigResource(ConfigResource.Type.TOPIC, "plain.v1");
            var configs = admin.describeConfigs(List.of(compacted, plain)).all().get(10, TimeUnit.SECONDS);
            assertThat(configs.get(compacted).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(configs.get(plain).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
        }
    }

    @Test
    void readerReportsWhatItSawWhenTooFewEventsArrive() {
        broker.createTopics("quiet.v1");
        send("quiet.v1", "CA2", "{}", "only-one");
        try (CloudEventReader reader = CloudEventReader.fromBeginning(broker.bootstrapServers(), "quiet.v1")) {
            assertThatThrownBy(() -> reader.await(2, Duration.ofMillis(500)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("got 1")
                    .hasMessageContaining("only-one");
            assertThat(reader.readFor(Duration.ofMillis(200), e -> e.subject().equals("other"))).isEmpty();
        }
    }

    @Test
    void aBrokerRunsOnAGivenPortAndDirectory() throws Exception {
        Path dir = Files.createTempDirectory("kafka-given-");
        int port = FreePorts.next();
        try (KafkaBroker own = KafkaBroker.start(port, dir)) {
            assertThat(own.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(dir.resolve("meta.properties")).exists();
        }
        // A caller-owned directory is kept.
        assertThat(dir).exists();
    }

    private static void send(String topic, String key, String value, String ceId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            record.headers().add("ce_id", ceId.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", "io.aicaller.test.v1".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_subject", key.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
