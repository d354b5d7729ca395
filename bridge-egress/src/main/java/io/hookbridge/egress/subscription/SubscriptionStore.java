package io.hookbridge.egress.subscription;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.egress.kafka.AsyncProducer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The subscription table: a compacted topic (key = id, value = JSON, tombstone = deleted) read whole
 * into memory at start and tailed from then on by one thread, so every egress instance sees a change
 * within a poll interval of it being written. Writes go through the idempotent producer and are applied
 * locally as soon as Kafka acknowledges them (read-your-writes for the admin API); the tail then applies
 * the same record again, and never an older one over a newer one (each entry keeps its offset).
 */
public final class SubscriptionStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStore.class);

    /** A key's latest record; {@code subscription} is null after a tombstone. */
    private record Entry(Subscription subscription, long offset) {
    }

    private final String topic;
    private final AsyncProducer producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread tailer;
    private volatile boolean running = true;

    public SubscriptionStore(KafkaSettings kafka, String topic, AsyncProducer producer) {
        this.topic = topic;
        this.producer = producer;
        Map<String, Object> props = KafkaClients.consumer(kafka, "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, never committed: every instance reads it all
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "hookbridge-subscriptions-" + Long.toHexString(System.nanoTime()));
        this.consumer = new KafkaConsumer<>(props);
        this.tailer = new Thread(this::tail, "hookbridge-subscriptions");
        this.tailer.setDaemon(true);
    }

    public void start() {
        tailer.start();
    }

    /** Blocks until the whole topic as it was at start has been read. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Optional<Subscription> get(String id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.ofNullable(e.subscription);
    }

    /** Null when there is no such subscription (the delivery path's cheap lookup). */
    public Subscription find(String id) {
        Entry e = entries.get(id);
        return e == null ? null : e.subscription;
    }

    public List<Subscription> all() {
        List<Subscription> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.subscription != null) out.add(e.subscription);
        }
        out.sort(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id));
        return out;
    }

    /** Changes whenever any subscription changes: lets callers cache what they derive from the table. */
    public long version() {
        return version.get();
    }

    public Future<Subscription> put(Subscription subscription) {
        byte[] value = subscription.toJson().toBuffer().getBytes();
        return producer.send(new ProducerRecord<>(topic, key(subscription.id()), value))
                .map(metadata -> {
                    apply(subscription.id(), subscription, metadata.offset());
                    return subscription;
                });
    }

    public Future<Void> delete(String id) {
        return producer.send(new ProducerRecord<>(topic, key(id), null))
                .map(metadata -> {
                    apply(id, null, metadata.offset());
                    return null;
                });
    }

    /** Writes {@code change} of the current version; a failed future when there is no such subscription. */
    public Future<Subscription> update(String id, UnaryOperator<Subscription> change) {
        Subscription current = find(id);
        if (current == null) return Future.failedFuture(new IllegalArgumentException("no subscription " + id));
        return put(change.apply(current));
    }

    private void tail() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String id = new String(record.key(), StandardCharsets.UTF_8);
                    apply(id, record.value() == null ? null : parse(id, record.value()), record.offset());
                }
                if (loaded.getCount() > 0 && caughtUp(end)) {
                    LOG.info("subscriptions loaded from {}: {}", topic, all().size());
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) LOG.error("subscription reader woken up unexpectedly", e);
        } catch (RuntimeException e) {
            LOG.error("subscription reader of {} stopped: {}", topic, e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = List.of();
        while (running && infos.isEmpty()) {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private Subscription parse(String id, byte[] value) {
        try {
            return Subscription.fromJson(new JsonObject(new String(value, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            LOG.error("subscription {} in {} is not readable, ignored: {}", id, topic, e.toString());
            return null;
        }
    }

    private void apply(String id, Subscription subscription, long offset) {
        entries.compute(id, (k, old) -> old != null && old.offset > offset ? old : new Entry(subscription, offset));
        version.incrementAndGet();
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            tailer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
