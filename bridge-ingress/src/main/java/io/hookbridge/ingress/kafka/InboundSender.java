package io.hookbridge.ingress.kafka;

import io.vertx.core.Future;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ingress's narrow edge to Kafka: one record in, a future that completes on the caller's Vert.x
 * context once the broker has acknowledged it (acks=all) or failed.
 */
public interface InboundSender extends AutoCloseable {

    Future<Void> send(ProducerRecord<byte[], byte[]> record);

    @Override
    void close();
}
