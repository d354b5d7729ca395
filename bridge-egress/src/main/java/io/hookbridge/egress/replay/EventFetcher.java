package io.hookbridge.egress.replay;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads one record of {@code topics.events} by its position (from the attempt index): the event of a journey
 * or a resend. One consumer without a group, used by one caller at a time; blocking, call it off the event loop.
 */
public final class EventFetcher implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;

    EventFetcher(Consumer<byte[], byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    public static EventFetcher create(HookbridgeConfig config) {
        Map<String, Object> props = KafkaClients.consumer(config.kafka(), "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.egress().applicationId() + "-event-fetcher");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return new EventFetcher(new KafkaConsumer<>(props), config.topics().events());
    }

    /** The record at {@code partition}/{@code offset}, or null when the topic no longer holds it (retention). */
    public synchronized ConsumerRecord<byte[], byte[]> fetch(int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                if (r.offset() == offset) return r;
                if (r.offset() > offset) return null; // deleted or compacted away: the next one came first
            }
        }
        return null;
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
