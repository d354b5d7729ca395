package io.hookbridge.common.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.Map;

/**
 * One idempotent, acks=all producer shared by a whole role (KafkaProducer is thread-safe and batches better
 * when shared). The completion arrives on the producer's I/O thread and is hopped back onto the sender's
 * Vert.x context; a send made off any context completes on the I/O thread.
 */
public final class KafkaAsyncProducer implements AsyncProducer {

    private final Producer<byte[], byte[]> producer;

    public KafkaAsyncProducer(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** @param props e.g. {@link KafkaClients#producer} with the role's own timeouts on top */
    public static KafkaAsyncProducer create(Map<String, Object> props) {
        return new KafkaAsyncProducer(new KafkaProducer<>(props));
    }

    /** For its metrics and metadata; send through {@link #send}. */
    public Producer<byte[], byte[]> producer() {
        return producer;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        Context context = Vertx.currentContext();
        Promise<RecordMetadata> promise = Promise.promise();
        try {
            producer.send(record, (metadata, error) -> {
                if (context == null) {
                    promise.complete(metadata, error);
                } else {
                    context.runOnContext(v -> promise.complete(metadata, error));
                }
            });
        } catch (RuntimeException e) {
            // send() itself fails when metadata cannot be had within max.block.ms or the record is too large.
            promise.fail(e);
        }
        return promise.future();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
