package io.hookbridge.egress.subscription;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.AsyncProducer;
import io.hookbridge.common.kafka.TopicSnapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
public final class SubscriptionStore implements Subscriptions, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStore.class);
    /** How long reading the whole table at start may take. */
    public static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    /** A key's latest record; {@code subscription} is null after a tombstone. */
    private record Entry(Subscription subscription, long offset) {
    }

    private final String topic;
    private final AsyncProducer producer;
    private final TopicSnapshot reader;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread tailer;
    private volatile boolean running = true;

    public SubscriptionStore(KafkaSettings kafka, String topic, AsyncProducer producer) {
        this.topic = topic;
        this.producer = producer;
        this.reader = new TopicSnapshot(kafka, topic, "hookbridge-subscriptions-" + Long.toHexString(System.nanoTime()));
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

    @Override
    public Subscription find(String id) {
        Entry e = entries.get(id);
        return e == null ? null : e.subscription;
    }

    @Override
    public List<Subscription> all() {
        List<Subscription> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.subscription != null) out.add(e.subscription);
        }
        out.sort(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id));
        return out;
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public Future<Subscription> put(Subscription subscription) {
        byte[] value = subscription.toJson().toBuffer().getBytes();
        return producer.send(new ProducerRecord<>(topic, key(subscription.id()), value))
                .map(metadata -> {
                    apply(subscription.id(), subscription, metadata.offset());
                    return subscription;
                });
    }

    @Override
    public Future<Void> delete(String id) {
        return producer.send(new ProducerRecord<>(topic, key(id), null))
                .map(metadata -> {
                    apply(id, null, metadata.offset());
                    return null;
                });
    }

    @Override
    public Future<Subscription> update(String id, UnaryOperator<Subscription> change) {
        Subscription current = find(id);
        if (current == null) return Future.failedFuture(new IllegalArgumentException("no subscription " + id));
        return put(change.apply(current));
    }

    private void tail() {
        try {
            reader.readToEnd(LOAD_TIMEOUT, this::apply);
            LOG.info("subscriptions loaded from {}: {}", topic, all().size());
            loaded.countDown();
            while (running) {
                reader.poll(this::apply);
            }
        } catch (WakeupException e) {
            if (running) LOG.error("subscription reader woken up unexpectedly", e);
        } catch (RuntimeException e) {
            LOG.error("subscription reader of {} stopped: {}", topic, e.toString(), e);
        } finally {
            reader.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String id = new String(record.key(), StandardCharsets.UTF_8);
        apply(id, record.value() == null ? null : parse(id, record.value()), record.offset());
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
        reader.wakeup();
        try {
            tailer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
