package io.hookbridge.egress.kafka;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.Map;

/**
 * The egress's one idempotent, acks=all producer (thread-safe, shared) behind a Future: the completion
 * arrives on the producer's I/O thread and is hopped back onto the caller's Vert.x context.
 */
public final class AsyncProducer implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;

    public AsyncProducer(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    public static AsyncProducer create(KafkaSettings kafka, String clientId) {
        Map<String, Object> props = KafkaClients.producer(kafka, clientId);
        // send() may wait this long for metadata on an event loop; a hand-off that fails is tried again.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        return new AsyncProducer(new KafkaProducer<>(props));
    }

    public Producer<byte[], byte[]> producer() {
        return producer;
    }

    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        Context context = Vertx.currentContext();
        Promise<RecordMetadata> promise = Promise.promise();
        try {
            producer.send(record, (metadata, error) -> {
                if (context == null) {
                    complete(promise, metadata, error);
                } else {
                    context.runOnContext(v -> complete(promise, metadata, error));
                }
            });
        } catch (RuntimeException e) {
            promise.fail(e);
        }
        return promise.future();
    }

    private static void complete(Promise<RecordMetadata> promise, RecordMetadata metadata, Exception error) {
        if (error == null) {
            promise.complete(metadata);
        } else {
            promise.fail(error);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
