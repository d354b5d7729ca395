package io.hookbridge.egress.attempts;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.HeaderValues;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.egress.events.CloudEventHeaders;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the {@link AttemptIndex} up to date: one thread, one consumer without a group that is assigned every
 * partition of {@code topics.attempts}, {@code topics.events} and {@code topics.inbound} and goes on from
 * the positions the index stored. Every egress instance runs one, so every instance answers the same once
 * it has read as far (about half a second behind the topics while it keeps up: fetches wait up to 250 ms).
 * <pre>
 *   poll ──> attempts: S/E keys, minute stats, last error ─┐
 *            events:   where each id is (V)                ├──> one atomic write with the positions ──> poll
 *            inbound:  copies per id (I)                   ┘
 *   every 10 min: forget what is older than egress.attempts.retention (stats: older than a day)
 * </pre>
 */
public final class AttemptIndexer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptIndexer.class);
    private static final long EXPIRE_EVERY_MS = 10 * 60_000;
    private static final long STATS_KEPT_MS = 25 * 3600_000L;

    private final AttemptIndex index;
    private final Consumer<byte[], byte[]> consumer;
    private final String attempts;
    private final String events;
    private final String inbound;
    private final long retentionMillis;
    private final Thread thread;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile long indexedAttempts;
    private long lastExpiry;

    AttemptIndexer(AttemptIndex index, Consumer<byte[], byte[]> consumer, String attempts, String events, String inbound,
                   Duration retention) {
        this.index = index;
        this.consumer = consumer;
        this.attempts = attempts;
        this.events = events;
        this.inbound = inbound;
        this.retentionMillis = retention.toMillis();
        this.thread = new Thread(this::run, "hookbridge-attempt-indexer");
        this.thread.setDaemon(true);
    }

    public static AttemptIndexer start(AttemptIndex index, HookbridgeConfig config) {
        Map<String, Object> props = KafkaClients.consumer(config.kafka(), "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, no group: every instance reads everything
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.egress().applicationId() + "-attempt-indexer");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // Few large fetches rather than one per record: the index may be a fraction of a second behind.
        props.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250);
        AttemptIndexer indexer = new AttemptIndexer(index, new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new AttemptValues(config.topics().attempts())), config.topics().attempts(),
                config.topics().events(), config.topics().inbound(), config.egress().attempts().retention());
        indexer.thread.start();
        return indexer;
    }

    private void run() {
        try {
            Map<TopicPartition, Long> ends = assign();
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    continue;
                } catch (KafkaException e) {
                    LOG.warn("attempt index poll failed: {}", e.toString());
                    continue;
                }
                if (!records.isEmpty()) write(records);
                if (!caughtUp && reached(ends)) {
                    caughtUp = true;
                    LOG.info("attempt index caught up ({} attempts read at start)", indexedAttempts);
                }
                expireNowAndThen();
            }
        } catch (Exception e) {
            if (running) LOG.error("attempt indexer stopped: {}", e.toString(), e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the attempt index consumer: {}", e.toString());
            }
            stopped.complete(null);
        }
    }

    /** Assigns every partition of the three topics at its stored position; returns their end offsets now. */
    private Map<TopicPartition, Long> assign() {
        Map<TopicPartition, Long> start = new HashMap<>();
        for (String topic : List.of(attempts, events, inbound)) {
            Map<Integer, Long> stored = index.positions(topic);
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null) continue;
            for (PartitionInfo p : partitions) {
                start.put(new TopicPartition(topic, p.partition()), stored.getOrDefault(p.partition(), -1L));
            }
        }
        consumer.assign(start.keySet());
        List<TopicPartition> fromBeginning = new ArrayList<>();
        start.forEach((tp, offset) -> {
            if (offset < 0) {
                fromBeginning.add(tp);
            } else {
                consumer.seek(tp, offset);
            }
        });
        consumer.seekToBeginning(fromBeginning);
        return consumer.endOffsets(start.keySet(), Duration.ofSeconds(30));
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(5)) < e.getValue()) return false;
        }
        return true;
    }

    private void write(ConsumerRecords<byte[], byte[]> records) throws Exception {
        long count = 0;
        try (AttemptIndex.Batch batch = index.batch()) {
            for (TopicPartition tp : records.partitions()) {
                long next = -1;
                for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                    next = r.offset() + 1;
                    if (tp.topic().equals(attempts)) {
                        if (attempt(batch, r)) count++;
                    } else if (tp.topic().equals(events)) {
                        String id = HeaderValues.text(r.headers(), CloudEventHeaders.ID);
                        if (id != null) batch.event(id, r.partition(), r.offset(), r.timestamp());
                    } else if (r.key() != null) {
                        batch.inbound(new String(r.key(), StandardCharsets.UTF_8), r.timestamp());
                    }
                }
                if (next >= 0) batch.position(tp.topic(), tp.partition(), next);
            }
            batch.write();
        }
        indexedAttempts += count;
    }

    private boolean attempt(AttemptIndex.Batch batch, ConsumerRecord<byte[], byte[]> r) throws Exception {
        AttemptRecord.Summary a;
        try {
            a = AttemptRecord.summary(r.value());
        } catch (RuntimeException e) {
            LOG.debug("{}-{}@{} is not an attempt record, skipped: {}", r.topic(), r.partition(), r.offset(), e.toString());
            return false;
        }
        if (a.subscription() == null || a.eventId() == null) return false;
        batch.attempt(a, r.value(), r.timestamp(), r.partition(), r.offset());
        return true;
    }

    /**
     * Copies the values of {@code topics.attempts} only: of an event and of an inbound copy the index needs the
     * key, the headers and the position, so their bodies (up to the ingress's maximum each) are not copied out of
     * the fetch buffer; their values read as null.
     */
    static final class AttemptValues implements Deserializer<byte[]> {
        private final String attempts;
        private final ByteArrayDeserializer bytes = new ByteArrayDeserializer();

        AttemptValues(String attempts) {
            this.attempts = attempts;
        }

        @Override
        public byte[] deserialize(String topic, byte[] data) {
            return attempts.equals(topic) ? data : null;
        }

        @Override
        public byte[] deserialize(String topic, Headers headers, ByteBuffer data) {
            return attempts.equals(topic) ? bytes.deserialize(topic, headers, data) : null;
        }
    }

    private void expireNowAndThen() throws Exception {
        long now = System.currentTimeMillis();
        if (now - lastExpiry < EXPIRE_EVERY_MS) return;
        lastExpiry = now;
        long deleted = index.expire(now - retentionMillis, now - STATS_KEPT_MS);
        if (deleted > 0) LOG.info("attempt index: {} entries past retention forgotten in {} ms", deleted,
                System.currentTimeMillis() - now);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("attempt indexer did not stop in time: {}", e.toString());
        }
    }
}
