package io.hookbridge.egress.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.hookbridge.common.record.InboundWebhook;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The reference for {@link CloudEventHeaders}: the contract's CloudEvent of an inbound webhook, written with
 * the CloudEvents SDK's Kafka binding in binary mode ({@code ce_*} headers, the original body as the value).
 */
final class CloudEvents {

    private CloudEvents() {
    }

    static CloudEvent of(InboundWebhook webhook) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(webhook.deliveryId())
                .withSource(URI.create("/hookbridge/" + webhook.source()))
                .withType(type(webhook))
                .withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(webhook.receivedAt()), ZoneOffset.UTC))
                .withData(webhook.body());
        if (webhook.contentType() != null) {
            builder.withDataContentType(webhook.contentType());
        }
        return builder.build();
    }

    /** {@code <source>.<event-type>}, e.g. {@code github.push}. */
    static String type(InboundWebhook webhook) {
        return webhook.source() + "." + webhook.eventType();
    }

    /** The Kafka headers of the binary-mode binding for this event. */
    static Headers headers(CloudEvent event, String topic) {
        ProducerRecord<Void, byte[]> record = KafkaMessageFactory.createWriter(topic).writeBinary(event);
        return record.headers();
    }
}
