package io.hookbridge.egress.health;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.time.format.DateTimeFormatter;
import java.util.UUID;

import static io.hookbridge.common.kafka.HeaderValues.utf8;

/**
 * The format of {@code topics.operations}: a CloudEvent 1.0 in the Kafka protocol binding's binary mode, as
 * on {@code topics.events}. Key = the subscription id (a subscription's changes stay in order); headers
 * {@code ce_specversion}, {@code ce_id} (random), {@code ce_source=/hookbridge/egress},
 * {@code ce_type=hookbridge.subscription.<change>}, {@code ce_time}, {@code ce_subject} (the subscription id),
 * {@code content-type: application/json}; the value is the change as JSON, with the {@code instance} that
 * saw it.
 */
public final class OperationsRecords {

    public static final String SOURCE = "/hookbridge/egress";
    public static final String SUBJECT = "ce_subject";

    private OperationsRecords() {
    }

    public static ProducerRecord<byte[], byte[]> of(String topic, HealthChange change, String instance) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(UUID.randomUUID().toString()));
        headers.add("ce_source", utf8(SOURCE));
        headers.add("ce_type", utf8(change.kind().eventType()));
        headers.add("ce_time", utf8(DateTimeFormatter.ISO_INSTANT.format(change.at())));
        headers.add(SUBJECT, utf8(change.subscription()));
        headers.add("content-type", utf8("application/json"));
        return new ProducerRecord<>(topic, null, change.at().toEpochMilli(), utf8(change.subscription()),
                change.data().put("instance", instance).toBuffer().getBytes(), headers);
    }
}
