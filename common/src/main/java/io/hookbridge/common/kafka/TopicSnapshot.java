package io.hookbridge.common.kafka;

import io.hookbridge.common.config.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a whole topic without a consumer group, to the end it has when {@link #readToEnd} is called, then
 * on with {@link #poll} (a table kept up to date). No group: reading moves nobody's offsets, and every
 * instance reads it all. Blocking, one owning thread; {@link #wakeAndJoin} is for any thread.
 */
public final class TopicSnapshot implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    public TopicSnapshot(KafkaSettings kafka, String topic, String clientId) {
        Map<String, Object> props = KafkaClients.consumer(kafka, "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, never committed
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
    }

    /** Hands each record from the beginning to the topic's current end to {@code each}, in partition order. */
    public void readToEnd(Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = partitions(deadline);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("reading " + topic + " took longer than " + timeout);
            poll(each);
        }
    }

    /** The records that arrived since the last read; waits up to 200 ms for one. */
    public void poll(Consumer<ConsumerRecord<byte[], byte[]>> each) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            each.accept(record);
        }
    }

    /**
     * From another thread, once {@code owner} (the owning thread) has been told to stop reading: wakes it (a
     * blocked call throws {@link org.apache.kafka.common.errors.WakeupException}) and waits up to 5 s for it to end.
     */
    public void wakeAndJoin(Thread owner) {
        consumer.wakeup();
        try {
            owner.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A topic created a moment ago may not be known to every broker yet. */
    private List<TopicPartition> partitions(long deadline) {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (!infos.isEmpty()) return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            if (System.nanoTime() > deadline) throw new IllegalStateException("topic " + topic + " has no partitions");
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
