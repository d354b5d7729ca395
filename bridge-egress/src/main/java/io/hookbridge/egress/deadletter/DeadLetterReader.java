package io.hookbridge.egress.deadletter;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the dead-letter topic from the beginning to its current end, without a consumer group (so
 * listing moves nobody's offsets). Blocking: call it off the event loop. When a delivery was
 * dead-lettered more than once (replayed, failed again), the latest one counts.
 */
public final class DeadLetterReader {

    private final KafkaSettings kafka;
    private final String topic;
    private final Duration timeout;

    public DeadLetterReader(KafkaSettings kafka, String topic, Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The latest dead letter of each (subscription, delivery id), oldest first. */
    public List<DeadLetter> latest() {
        Map<String, DeadLetter> latest = new LinkedHashMap<>();
        for (DeadLetter d : readAll()) {
            String key = d.subscription() + '\0' + d.event().id();
            latest.remove(key);
            latest.put(key, d);
        }
        List<DeadLetter> out = new ArrayList<>(latest.values());
        out.sort(Comparator.comparing(DeadLetter::deadLetteredAt));
        return out;
    }

    public List<DeadLetter> readAll() {
        Map<String, Object> props = KafkaClients.consumer(kafka, "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "hookbridge-dead-letter-reader");
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("reading " + topic + " took longer than " + timeout);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    DeadLetter d = DeadLetter.of(record);
                    if (d != null) out.add(d);
                }
            }
        }
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }
}
