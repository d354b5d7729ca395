package io.hookbridge.common.kafka;

import io.vertx.core.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A role's narrow edge to a Kafka producer: one record in, a future that completes on the caller's Vert.x
 * context once the broker has acknowledged it (acks=all) or failed. {@link KafkaAsyncProducer} is the
 * real one; a test passes Kafka's MockProducer to it to make a send fail on demand.
 */
public interface AsyncProducer extends AutoCloseable {

    Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record);

    @Override
    void close();
}
