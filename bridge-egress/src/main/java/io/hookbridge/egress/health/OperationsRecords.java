package io.hookbridge.egress.health;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

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
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(UUID.randomUUID().toString()));
        headers.add("ce_source", bytes(SOURCE));
        headers.add("ce_type", bytes(change.kind().eventType()));
        headers.add("ce_time", bytes(DateTimeFormatter.ISO_INSTANT.format(change.at())));
        headers.add(SUBJECT, bytes(change.subscription()));
        headers.add("content-type", bytes("application/json"));
        return new ProducerRecord<>(topic, null, change.at().toEpochMilli(), bytes(change.subscription()),
                change.data().put("instance", instance).toBuffer().getBytes(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
