package io.hookbridge.ingress;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follows the inbound topic as a read_committed consumer would: {@link #newRecords()} returns everything
 * written since the last call. Everything the ingress acknowledged is below the end offsets by then, so a
 * test sees exactly what its requests wrote, and nothing else.
 */
public final class InboundTopic implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    public InboundTopic(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> infos = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (infos.isEmpty() && System.nanoTime() < deadline) {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        }
        partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) throw new IllegalStateException("topic " + topic + " has no partitions");
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record written since the previous call (or since the topic began). */
    public List<ConsumerRecord<byte[], byte[]>> newRecords() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("could not read up to " + end);
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p, Duration.ofSeconds(10)) < end.get(p)) return false;
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
