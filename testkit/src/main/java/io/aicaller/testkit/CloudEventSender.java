package io.aicaller.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes records as a CloudEvents binary-mode producer would, for tests that play another service. */
public final class CloudEventSender implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public CloudEventSender(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Sends a CloudEvent (binary mode) and waits for the broker's acknowledgement. */
    public void send(String topic, String ceType, String ceId, String subject, String jsonValue) {
        send(topic, subject, Map.of(
                "ce_specversion", "1.0",
                "ce_id", ceId,
                "ce_type", ceType,
                "ce_source", "/testkit",
                "ce_subject", subject,
                "ce_time", Instant.now().toString(),
                "content-type", "application/json"), jsonValue);
    }

    /** Sends a record with exactly these headers, e.g. a malformed one. */
    public void send(String topic, String key, Map<String, String> headers, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
