package io.aicaller.events.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Settings of the plain Kafka clients the services run beside SmallRye's channels, derived from the service's
 * {@code default-kafka-broker} configuration (bootstrap servers, security) without SmallRye's own keys.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** A string consumer; {@code group} null for one that is assigned partitions itself. Offsets never auto-commit. */
    public static Map<String, Object> consumer(Map<String, Object> kafkaConfig, String group, String clientId) {
        Map<String, Object> properties = common(kafkaConfig);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return properties;
    }

    /** A durable string producer: acks=all, idempotent, a record given up after {@code timeout}. */
    public static Map<String, Object> producer(Map<String, Object> kafkaConfig, String clientId, Duration timeout) {
        Map<String, Object> properties = common(kafkaConfig);
        properties.keySet().removeIf(key -> key.startsWith("group."));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }

    private static Map<String, Object> common(Map<String, Object> kafkaConfig) {
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.keySet().removeIf(key -> key.startsWith("devservices") || key.startsWith("snappy"));
        return properties;
    }
}
