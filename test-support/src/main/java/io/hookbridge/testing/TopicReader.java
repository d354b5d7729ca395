package io.hookbridge.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a topic from the beginning as a downstream consumer would: {@code isolation.level=read_committed},
 * no consumer group. Tests assert on what it returns.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    public TopicReader(String topic) {
        this(KafkaBroker.bootstrapServers(), topic);
    }

    /** A reader on another broker than the shared one (a test's own, stoppable broker). */
    public TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Everything in the topic now, waiting at most {@code atLeast} records or {@code timeout}, whichever first. */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(int atLeast, Duration timeout) {
        assignAll(timeout);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < atLeast && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    /**
     * Reads everything, then keeps reading for {@code quiet} after the last record: for asserting that no
     * more (no duplicate) arrives.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(int expected, Duration timeout, Duration quiet) {
        List<ConsumerRecord<byte[], byte[]>> records = readUntil(expected, timeout);
        long until = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    private void assignAll(Duration timeout) {
        if (!consumer.assignment().isEmpty()) return;
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PartitionInfo> partitions = List.of();
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
    }

    public static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    /** The last value of a header as text, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
