package io.hookbridge.ingress.kafka;

import io.vertx.core.Completable;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ingress's narrow edge to Kafka: one record in, one completion on the caller's Vert.x context once the
 * broker has acknowledged it (acks=all) or failed. A callback rather than a future: it is the request path,
 * and a {@link io.vertx.core.Promise} can still be passed where a future reads better.
 */
public interface InboundSender extends AutoCloseable {

    void send(ProducerRecord<byte[], byte[]> record, Completable<Void> acked);

    @Override
    void close();
}
