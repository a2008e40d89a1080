package io.aicaller.events.kafka;

import java.time.ZoneOffset;

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
}
