package io.hookbridge.egress.testing;

import io.hookbridge.testing.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Writes events to {@code topics.events} as stage 1 does (CloudEvents, Kafka binary mode), so stage 2 is
 * tested on its own input.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(KafkaBroker.producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
    private final String topic;

    public EventPublisher(String topic) {
        this.topic = topic;
    }

    /** Publishes one event of {@code type} ({@code source.event}) and returns its delivery id. */
    public String publish(String type, String json) {
        String id = UUID.randomUUID().toString();
        String source = type.substring(0, type.indexOf('.'));
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(id));
        headers.add("ce_source", bytes("/hookbridge/" + source));
        headers.add("ce_type", bytes(type));
        headers.add("ce_time", bytes(Instant.now().toString()));
        headers.add("content-type", bytes("application/json"));
        try {
            producer.send(new ProducerRecord<>(topic, null, bytes(id), bytes(json), headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
