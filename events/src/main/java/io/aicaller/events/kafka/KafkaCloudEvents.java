package io.aicaller.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import io.aicaller.events.CloudEvent;
import io.aicaller.events.Event;

/**
 * Maps a {@link CloudEvent} onto a SmallRye Kafka message: CloudEvents binary mode (the connector writes the
 * attributes as {@code ce_*} headers and the record as the JSON value), the subject as key, the type's topic.
 * Publishers send it through a channel with {@code cloud-events=true} and a JSON value serializer.
 */
public final class KafkaCloudEvents {

    /** Header names the connector writes in binary mode; consumers outside SmallRye read these. */
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_SUBJECT = "ce_subject";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_CONTENT_TYPE = "content-type";

    private KafkaCloudEvents() {
    }

    public static <T extends Event> Message<T> toMessage(CloudEvent<T> event) {
        OutgoingCloudEventMetadata<T> ce = OutgoingCloudEventMetadata.<T>builder()
                .withSpecVersion(CloudEvent.SPEC_VERSION)
                .withId(event.id())
                .withSource(event.source())
                .withType(event.type().ceType())
                .withSubject(event.subject())
                .withTimestamp(event.time().atZone(ZoneOffset.UTC))
                .withDataContentType(CloudEvent.CONTENT_TYPE)
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic())
                .withKey(event.key())
                .build();
        return Message.of(event.data()).addMetadata(ce).addMetadata(kafka);
    }

    /**
     * A record for a plain Kafka producer (state and work topics written outside SmallRye) with the same binary-mode
     * headers: a fresh id, the key as subject, the time now. A null value is a tombstone and has no content type.
     *
     * @param partition null for the producer's partitioner
     */
    public static ProducerRecord<String, String> record(String topic, Integer partition, String key, String ceType,
            String source, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition, key, value);
        header(record, HEADER_ID, UUID.randomUUID().toString());
        header(record, HEADER_TYPE, ceType);
        header(record, HEADER_SOURCE, source);
        header(record, HEADER_SUBJECT, key);
        header(record, HEADER_SPEC_VERSION, CloudEvent.SPEC_VERSION);
        header(record, HEADER_TIME, Instant.now().toString());
        if (value != null) {
            header(record, HEADER_CONTENT_TYPE, CloudEvent.CONTENT_TYPE);
        }
        return record;
    }

    /** A record for a plain Kafka producer carrying {@code event} as a channel would: its id, time and subject. */
    public static ProducerRecord<String, byte[]> record(CloudEvent<? extends Event> event, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), null, event.key(), value);
        header(record, HEADER_SPEC_VERSION, CloudEvent.SPEC_VERSION);
        header(record, HEADER_ID, event.id());
        header(record, HEADER_SOURCE, event.source().toString());
        header(record, HEADER_TYPE, event.type().ceType());
        header(record, HEADER_SUBJECT, event.subject());
        header(record, HEADER_TIME, event.time().toString());
        header(record, HEADER_CONTENT_TYPE, CloudEvent.CONTENT_TYPE);
        return record;
    }

    private static void header(ProducerRecord<String, ?> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
