package io.hookbridge.faults;

import io.hookbridge.egress.deadletter.DeadLetterRecords;
import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where every delivery of a stopped egress stands, from Kafka alone: delivered (the receiver says so),
 * dead-lettered, or pending: its event, or a retry or deferral of it, sits at or after the delivery group's
 * committed offset, so the next egress reads it again. What is none of these is lost.
 */
final class Accounting {

    private record At(TopicPartition tp, long offset) {
    }

    /** One subscription's deliveries. */
    record Of(int delivered, int pending, int deadLettered, Set<String> lost, int deferrals, int deferredItems) {
    }

    private final Map<TopicPartition, Long> committed;
    private final Map<String, At> events = new HashMap<>();
    private final Map<String, List<At>> tierRecords = new HashMap<>(); // subscription + id -> where
    private final Map<String, Integer> deferrals = new HashMap<>(); // subscription -> deferral records
    private final Map<String, Set<String>> deferredIds = new HashMap<>();
    private final Set<String> deadLetters = new HashSet<>(); // subscription + id

    private Accounting(Map<TopicPartition, Long> committed) {
        this.committed = committed;
    }

    static Accounting read(String prefix, List<String> tiers) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(prefix + "-egress-delivery")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            offsets.forEach((tp, o) -> {
                if (o != null) committed.put(tp, o.offset());
            });
        }
        Accounting a = new Accounting(committed);
        for (ConsumerRecord<byte[], byte[]> r : toEnd(prefix + ".events")) {
            a.events.put(TopicReader.key(r), new At(new TopicPartition(r.topic(), r.partition()), r.offset()));
        }
        for (String tier : tiers) {
            for (ConsumerRecord<byte[], byte[]> r : toEnd(tier)) {
                String sub = TopicReader.header(r, RetryRecords.SUBSCRIPTION);
                String id = TopicReader.key(r);
                a.tierRecords.computeIfAbsent(sub + "\0" + id, k -> new ArrayList<>())
                        .add(new At(new TopicPartition(r.topic(), r.partition()), r.offset()));
                if (TopicReader.header(r, RetryRecords.DEFERRED) != null) {
                    a.deferrals.merge(sub, 1, Integer::sum);
                    a.deferredIds.computeIfAbsent(sub, k -> new HashSet<>()).add(id);
                }
            }
        }
        for (ConsumerRecord<byte[], byte[]> r : toEnd(prefix + ".dead-letters")) {
            if (DeadLetterRecords.DELIVERY.equals(TopicReader.header(r, DeadLetterRecords.STAGE))) {
                a.deadLetters.add(TopicReader.header(r, RetryRecords.SUBSCRIPTION) + "\0" + TopicReader.key(r));
            }
        }
        return a;
    }

    /** How many of {@code ids} are in {@code topics.events}. */
    long eventsFound(Set<String> ids) {
        return ids.stream().filter(events::containsKey).count();
    }

    Of of(String subscription, Set<String> ids, Set<String> delivered) {
        int ok = 0;
        int pending = 0;
        int dead = 0;
        Set<String> lost = new HashSet<>();
        for (String id : ids) {
            if (delivered.contains(id)) {
                ok++;
            } else if (deadLetters.contains(subscription + "\0" + id)) {
                dead++;
            } else if (pending(subscription, id)) {
                pending++;
            } else {
                lost.add(id);
            }
        }
        return new Of(ok, pending, dead, lost, deferrals.getOrDefault(subscription, 0),
                deferredIds.getOrDefault(subscription, Set.of()).size());
    }

    private boolean pending(String subscription, String id) {
        At event = events.get(id);
        if (event != null && uncommitted(event)) return true;
        return tierRecords.getOrDefault(subscription + "\0" + id, List.of()).stream().anyMatch(this::uncommitted);
    }

    private boolean uncommitted(At at) {
        return at.offset() >= committed.getOrDefault(at.tp(), 0L);
    }

    /** Every record of a topic, from its beginning to its end as of now. */
    private static List<ConsumerRecord<byte[], byte[]>> toEnd(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
