package io.hookbridge.egress.normalize;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time of an inbound record is its Kafka timestamp (the ingress's produce time, about its
 * received-at). A record without one (a foreign producer) takes the partition's time instead of failing
 * the stream, as Kafka Streams' default would: such a record is dead-lettered anyway, and must not block
 * the partition.
 */
public final class RecordTimestamps implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        if (timestamp >= 0) return timestamp;
        return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
    }
}
